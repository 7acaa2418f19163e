"""The gathering the compiled representation builders replaced, kept for differential tests."""

from __future__ import annotations

from typing import Any

import orjson

from gateway.planner.plan import InputFragment, InputSelection, Rewrite
from gateway.supergraph.model import Supergraph
from gateway.types import ResponsePath

__all__ = ["collect_entities", "build_representation", "gather"]

_MISSING = object()


def collect_entities(store: dict[str, Any],
                     path: tuple[str, ...]) -> list[tuple[dict[str, Any], ResponsePath]]:
    """Every object at ``path`` (``@`` = each list item) with its concrete response path."""
    level: list[tuple[Any, ResponsePath]] = [(store, ())]
    for seg in path:
        nxt: list[tuple[Any, ResponsePath]] = []
        if seg == "@":
            for value, where in level:
                if type(value) is list:
                    nxt.extend((v, (*where, i)) for i, v in enumerate(value) if v is not None)
        else:
            for value, where in level:
                if type(value) is dict:
                    child = value.get(seg)
                    if child is not None:
                        nxt.append((child, (*where, seg)))
        level = nxt
    out: list[tuple[dict[str, Any], ResponsePath]] = []
    for value, where in level:
        if type(value) is dict:
            out.append((value, where))
        elif type(value) is list:  # a list the path did not unwrap (nested lists)
            out.extend(collect_entities_list(value, where))
    return out


def collect_entities_list(value: list[Any],
                          where: ResponsePath) -> list[tuple[dict[str, Any], ResponsePath]]:
    """Objects inside a (possibly nested) list."""
    out: list[tuple[dict[str, Any], ResponsePath]] = []
    for i, v in enumerate(value):
        if type(v) is dict:
            out.append((v, (*where, i)))
        elif type(v) is list:
            out.extend(collect_entities_list(v, (*where, i)))
    return out


def _copy(obj: dict[str, Any], selections: tuple[InputSelection, ...], supergraph: Supergraph,
          out: dict[str, Any]) -> bool:
    """Copy what ``selections`` lists from ``obj`` into ``out``; False if a field is missing."""
    typename = obj.get("__typename")
    for sel in selections:
        if isinstance(sel, InputFragment):
            if (isinstance(typename, str)
                    and supergraph.runtime_type_matches(typename, sel.type_condition)):
                if not _copy(obj, sel.selections, supergraph, out):
                    return False
            continue
        value = obj.get(sel.store_key, _MISSING)
        if value is _MISSING:
            return False
        if sel.selections is not None and value is not None:
            value = _copy_value(value, sel.selections, supergraph)
            if value is _MISSING:
                return False
        out[sel.name] = value
    return True


def _copy_value(value: Any, selections: tuple[InputSelection, ...], supergraph: Supergraph) -> Any:
    if type(value) is list:
        items = [_copy_value(v, selections, supergraph) for v in value]
        return _MISSING if any(i is _MISSING for i in items) else items
    if type(value) is dict:
        sub: dict[str, Any] = {}
        return sub if _copy(value, selections, supergraph, sub) else _MISSING
    return value


def build_representation(obj: dict[str, Any], requires: tuple[InputSelection, ...],
                         supergraph: Supergraph,
                         rewrites: tuple[Rewrite, ...]) -> dict[str, Any] | None:
    """The representation of ``obj`` for an entity fetch, or None if it cannot be identified."""
    typename = obj.get("__typename")
    if not isinstance(typename, str):
        return None
    rep: dict[str, Any] = {}
    applied = False
    for sel in requires:
        if isinstance(sel, InputFragment):
            if supergraph.runtime_type_matches(typename, sel.type_condition):
                if not _copy(obj, sel.selections, supergraph, rep):
                    return None
                applied = True
        else:
            if not _copy(obj, (sel,), supergraph, rep):
                return None
            applied = True
    if not applied:
        return None
    for rw in rewrites:
        if supergraph.runtime_type_matches(typename, rw.type_condition) and rw.value is not None:
            rep["__typename"] = rw.value
    return rep


def gather(store: dict[str, Any], path: tuple[str, ...], requires: tuple[InputSelection, ...],
           rewrites: tuple[Rewrite, ...], supergraph: Supergraph
           ) -> tuple[list[dict[str, Any]], list[list[tuple[dict[str, Any], ResponsePath]]]]:
    """Representations at ``path``, de-duplicated by their sorted JSON, and their targets."""
    reps: list[dict[str, Any]] = []
    targets: list[list[tuple[dict[str, Any], ResponsePath]]] = []
    index: dict[bytes, int] = {}
    for obj, where in collect_entities(store, path):
        rep = build_representation(obj, requires, supergraph, rewrites)
        if rep is None:
            continue
        ident = orjson.dumps(rep, option=orjson.OPT_SORT_KEYS)
        i = index.get(ident)
        if i is None:
            index[ident] = len(reps)
            reps.append(rep)
            targets.append([(obj, where)])
        else:
            targets[i].append((obj, where))
    return reps, targets

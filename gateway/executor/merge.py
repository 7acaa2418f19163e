"""Walk flatten paths, build representations, and deep-merge fetched data into the store."""

from __future__ import annotations

from typing import Any

from gateway.planner.plan import InputField, InputFragment, InputSelection, Rewrite
from gateway.supergraph.model import Supergraph
from gateway.types import ResponsePath

__all__ = ["collect_entities", "build_representation", "deep_merge", "apply_output_rewrites"]

_MISSING = object()


def collect_entities(store: dict[str, Any], path: tuple[str, ...]) -> list[tuple[dict[str, Any], ResponsePath]]:
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


def collect_entities_list(value: list[Any], where: ResponsePath) -> list[tuple[dict[str, Any], ResponsePath]]:
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
            if isinstance(typename, str) and supergraph.runtime_type_matches(typename, sel.type_condition):
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
                         supergraph: Supergraph, rewrites: tuple[Rewrite, ...]) -> dict[str, Any] | None:
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


def deep_merge(target: dict[str, Any], source: dict[str, Any], supergraph: Supergraph) -> None:
    """Merge ``source`` into ``target``: dicts key by key, lists element-wise, scalars overwrite."""
    for key, value in source.items():
        existing = target.get(key, _MISSING)
        if existing is _MISSING or existing is None:
            target[key] = value
        elif type(existing) is dict and type(value) is dict:
            deep_merge(existing, value, supergraph)
        elif type(existing) is list and type(value) is list and len(existing) == len(value):
            for i, item in enumerate(value):
                if type(existing[i]) is dict and type(item) is dict:
                    deep_merge(existing[i], item, supergraph)
                elif existing[i] is None:
                    existing[i] = item
        elif key == "__typename":
            if not supergraph.is_abstract(str(value)):  # a stand-in never replaces a real name
                target[key] = value
        else:
            target[key] = value


def apply_output_rewrites(data: Any, rewrites: tuple[Rewrite, ...]) -> None:
    """Rename internal aliases in fetched data back to their field names (in place)."""
    if not rewrites:
        return
    if type(data) is list:
        for item in data:
            apply_output_rewrites(item, rewrites)
    elif type(data) is dict:
        for rw in rewrites:
            if rw.from_key in data:
                data[rw.to_key] = data.pop(rw.from_key)
        for value in data.values():
            if type(value) in (dict, list):
                apply_output_rewrites(value, rewrites)

"""Copy nested representation values, deep-merge fetched data into the store, rename aliases."""

from __future__ import annotations

from typing import Any

from gateway.planner.plan import InputFragment, InputSelection, Rewrite
from gateway.supergraph.model import Supergraph

__all__ = ["MISSING", "copy_value", "deep_merge", "apply_output_rewrites"]

MISSING = object()
"""Marks a value that is not there (a required field is missing)."""


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
        value = obj.get(sel.store_key, MISSING)
        if value is MISSING:
            return False
        if sel.selections is not None and value is not None:
            value = copy_value(value, sel.selections, supergraph)
            if value is MISSING:
                return False
        out[sel.name] = value
    return True


def copy_value(value: Any, selections: tuple[InputSelection, ...], supergraph: Supergraph) -> Any:
    """``value`` cut to ``selections`` (lists item by item); MISSING if a field is missing."""
    if type(value) is list:
        items = [copy_value(v, selections, supergraph) for v in value]
        return MISSING if any(i is MISSING for i in items) else items
    if type(value) is dict:
        sub: dict[str, Any] = {}
        return sub if _copy(value, selections, supergraph, sub) else MISSING
    return value


def deep_merge(target: dict[str, Any], source: dict[str, Any], supergraph: Supergraph) -> None:
    """Merge ``source`` into ``target``: dicts key by key, lists element-wise, scalars overwrite."""
    for key, value in source.items():
        existing = target.get(key, MISSING)
        if existing is MISSING or existing is None:
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

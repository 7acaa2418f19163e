"""Alias fields whose type differs between sibling fragments of one subgraph selection.

``... on Storm { id } ... on Flood { id }`` is valid against the API schema, but if the
subgraph declares ``Storm.id: ID!`` and ``Flood.id: ID``, its validator rejects the two under
one response name. The later one is sent as ``id__alias_N: id`` and renamed back when the
data arrives (an output rewrite, PLANNER.md 3.14), as Apollo does.
"""

from __future__ import annotations

from graphql import get_named_type

from gateway.planner.plan import Rewrite
from gateway.planner.selections import FieldItem, FragmentItem, SelTree
from gateway.supergraph.model import Supergraph

__all__ = ["alias_type_conflicts"]


def _subgraph_type(sg: Supergraph, subgraph: str, type_name: str, field: str) -> str | None:
    info = sg.field_info(type_name, field)
    src = info.sources.get(subgraph) if info is not None else None
    if src is not None and src.type is not None:
        return src.type
    fdef = sg.field_def(type_name, field)
    return None if fdef is None else str(fdef.type)


def _rename(tree: SelTree, item: FieldItem, alias: str) -> None:
    items = {}
    for key, existing in tree.items.items():
        if existing is item:
            item.response_name = alias
            key = ("f", alias, key[2])
        items[key] = existing
    tree.items = items


def alias_type_conflicts(sg: Supergraph, subgraph: str, tree: SelTree, type_name: str,
                         rewrites: list[Rewrite]) -> None:
    """Rename conflicting fields in ``tree`` (in place), recording the rewrites to undo it."""
    seen: dict[str, str | None] = {}
    counter = [0]
    for item in list(tree.items.values()):
        if isinstance(item, FieldItem):
            _descend(sg, subgraph, item, type_name, rewrites)
            continue
        cond = item.type_condition
        for sub in list(item.sub.items.values()):
            if isinstance(sub, FragmentItem):
                alias_type_conflicts(sg, subgraph, item.sub, cond, rewrites)
                continue
            _descend(sg, subgraph, sub, cond, rewrites)
            if sub.name == "__typename":
                continue
            declared = _subgraph_type(sg, subgraph, cond, sub.name)
            previous = seen.setdefault(sub.response_name, declared)
            if previous != declared:
                alias = f"{sub.response_name}__alias_{counter[0]}"
                counter[0] += 1
                rewrites.append(Rewrite(type_condition=cond, from_key=alias,
                                        to_key=sub.response_name))
                _rename(item.sub, sub, alias)


def _descend(sg: Supergraph, subgraph: str, item: FieldItem, parent: str,
             rewrites: list[Rewrite]) -> None:
    if item.sub is None or item.name == "__typename":
        return
    fdef = sg.field_def(parent, item.name)
    if fdef is not None:
        alias_type_conflicts(sg, subgraph, item.sub, get_named_type(fdef.type).name, rewrites)

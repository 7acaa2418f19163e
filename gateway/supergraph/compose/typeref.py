"""Merge the type of one field or argument across subgraphs (Apollo's compatibility rules)."""

from __future__ import annotations

from collections.abc import Mapping

from graphql.language import TypeNode

from .context import MergeContext
from .values import base_type_name, print_type, same_type

__all__ = ["merge_type_reference"]


def merge_type_reference(ctx: MergeContext, coordinate: str,
                         sources: Mapping[int, TypeNode | None], *, is_input: bool,
                         is_argument: bool = False) -> tuple[TypeNode, bool]:
    """The supergraph type and whether every subgraph agrees on it.

    Output positions take the most general type (``ID`` over ``ID!``), input positions the
    most restrictive (``ID!`` over ``ID``): every subgraph must accept what the supergraph
    lets through. Types that are not subtypes of one another are an error.
    """
    merged: TypeNode | None = None
    subtypes = incompatible = False
    for source in sources.values():
        if source is None:
            continue
        if merged is None or same_type(merged, source):
            merged = source
        elif ctx.strict_subtype(merged, source):
            subtypes = True
            merged = source if is_input else merged
        elif ctx.strict_subtype(source, merged):
            subtypes = True
            merged = merged if is_input else source
        else:
            incompatible = True
    if merged is None:
        raise ValueError(f"no subgraph defines {coordinate}")
    ctx.record_enum_usage(base_type_name(merged), "input" if is_input else "output")
    if incompatible:
        kind = "argument" if is_argument else "field"
        listing = ", ".join(f'"{print_type(t)}" in subgraph "{ctx.name(i)}"'
                            for i, t in sources.items() if t is not None)
        ctx.report("ARGUMENT_TYPE_MISMATCH" if is_argument else "FIELD_TYPE_MISMATCH",
                   f'{kind} "{coordinate}" has incompatible types across subgraphs: {listing}')
        return merged, False
    return merged, not subtypes

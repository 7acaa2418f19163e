"""Merge unions and enums: union members are a union; enum values follow their usage."""

from __future__ import annotations

from .applied import merge_description, split_inaccessible
from .context import MergeContext
from .model import Applied, SubType
from .supermodel import MEnumValue, MType

__all__ = ["merge_union_members", "merge_enum"]


def merge_union_members(ctx: MergeContext, dest: MType, sources: dict[int, SubType]) -> None:
    """Every member of any subgraph, with one ``@join__unionMember`` per subgraph and member."""
    for source in sources.values():
        dest.members.extend(m for m in source.members if m not in dest.members)
    for member in dest.members:
        for index, source in sources.items():
            if member in source.members:
                dest.directives.append(Applied(
                    "join__unionMember", (("graph", ctx.graph(index)), ("member", f'"{member}"'))))


def merge_enum(ctx: MergeContext, dest: MType, sources: dict[int, SubType]) -> None:
    """Merge enum values as Apollo does.

    Output-only enums take every value of any subgraph; input-only enums only the values all
    subgraphs share; an enum used both ways must define the same values everywhere.
    """
    usage = ctx.enum_usages.get(dest.name, {"output"})
    names: list[str] = []
    for source in sources.values():
        names.extend(v for v in source.values if v not in names)
    for name in names:
        value_sources = {i: s.values.get(name) for i, s in sources.items()}
        defined = {i: v for i, v in value_sources.items() if v is not None}
        first, rest = split_inaccessible([v.directives for v in defined.values()])
        joins = [Applied("join__enumValue", (("graph", ctx.graph(i)),)) for i in defined]
        value = MEnumValue(name, merge_description(v.description for v in defined.values()),
                           first + joins + rest)
        everywhere = len(defined) == len(value_sources)
        if everywhere or first or usage == {"output"}:
            dest.values[name] = value
        elif usage == {"input"}:
            continue
        else:
            missing = [ctx.name(i) for i in value_sources if i not in defined]
            ctx.report("ENUM_VALUE_MISMATCH",
                       f'enum "{dest.name}" is used both as input and output type, but value '
                       f'"{name}" is missing in subgraph(s) {", ".join(missing)}')
    if not dest.values:
        ctx.report("EMPTY_MERGED_ENUM_TYPE",
                   f'enum "{dest.name}" has no value that every subgraph defining it declares')

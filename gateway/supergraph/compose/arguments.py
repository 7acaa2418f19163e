"""Merge field arguments and default values across subgraphs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from graphql.language import ValueNode

from .applied import merge_description, split_inaccessible
from .context import MergeContext, describe_subgraphs
from .model import SubArgument, SubField
from .supermodel import MArgument
from .typeref import merge_type_reference
from .values import base_type_name, is_non_null, print_value

__all__ = ["merge_arguments", "merge_default"]


def _required(argument: SubArgument) -> bool:
    return is_non_null(argument.type) and argument.default is None


def merge_arguments(ctx: MergeContext, coordinate: str,
                    sources: Mapping[int, SubField | None]) -> dict[str, MArgument]:
    """The arguments every resolving subgraph declares (an optional one missing somewhere is
    dropped; a required one missing somewhere is an error)."""
    defined = {i: s for i, s in sources.items() if s is not None}
    names: list[str] = []
    for source in defined.values():
        names.extend(n for n in source.args if n not in names)
    merged: dict[str, MArgument] = {}
    for name in names:
        per_source = {i: s.args.get(name) for i, s in defined.items()}
        if any(a is None for a in per_source.values()):
            _report_missing(ctx, f"{coordinate}({name}:)", per_source)
            continue
        merged[name] = _merge_argument(ctx, f"{coordinate}({name}:)", name, per_source)
    return merged


def _report_missing(ctx: MergeContext, coordinate: str,
                    per_source: Mapping[int, SubArgument | None]) -> None:
    required = [ctx.name(i) for i, a in per_source.items() if a is not None and _required(a)]
    if not required:
        return
    missing = [ctx.name(i) for i, a in per_source.items() if a is None]
    ctx.report("REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH",
               f'argument "{coordinate}" is required in {describe_subgraphs(required)} but '
               f"missing in {describe_subgraphs(missing)}")


def _merge_argument(ctx: MergeContext, coordinate: str, name: str,
                    per_source: Mapping[int, SubArgument | None]) -> MArgument:
    arguments = {i: a for i, a in per_source.items() if a is not None}
    first, rest = split_inaccessible([a.directives for a in arguments.values()])
    type_node, _ = merge_type_reference(
        ctx, coordinate, {i: a.type for i, a in arguments.items()}, is_input=True,
        is_argument=True)
    merged = MArgument(name=name, type=type_node,
                       description=merge_description(a.description for a in arguments.values()),
                       directives=first + rest)
    merged.default = merge_default(
        ctx, coordinate, [(i, a.default) for i, a in arguments.items()], "ARGUMENT")
    return merged


def merge_default(ctx: MergeContext, coordinate: str,
                  defaults: Sequence[tuple[int, ValueNode | None]], kind: str) -> ValueNode | None:
    """Apollo's default-value merge: kept when consistent, an error when two differ."""
    merged: ValueNode | None = None
    seen = inconsistent = incompatible = False
    for _, default in defaults:
        if merged is None:
            inconsistent = inconsistent or (seen and default is not None)
            merged = default
        elif default is None or print_value(default) != print_value(merged):
            inconsistent = True
            incompatible = incompatible or default is not None
        seen = True
    if incompatible:
        listing = ", ".join(
            f"{'no default' if d is None else print_value(d)} in subgraph \"{ctx.name(i)}\""
            for i, d in defaults)
        ctx.report(f"{kind}_DEFAULT_MISMATCH",
                   f'"{coordinate}" has incompatible default values: {listing}')
    return merged if (not inconsistent or incompatible) else None


def default_type_name(argument: MArgument) -> str:
    """The named type of an argument, for printing its default value."""
    return base_type_name(argument.type)

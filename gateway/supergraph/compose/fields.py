"""Merge one field of an object or interface type across subgraphs, adding ``@join__field``."""

from __future__ import annotations

import json
from collections.abc import Mapping

from .applied import merge_description, split_inaccessible
from .arguments import merge_arguments
from .context import MergeContext, describe_subgraphs
from .model import Applied, SubField
from .override import OverrideState
from .supermodel import MField
from .typeref import merge_type_reference
from .values import print_type, same_type

__all__ = ["merge_field", "join_field", "check_sharing"]

Sources = Mapping[int, SubField | None]


def merge_field(ctx: MergeContext, parent: str, dest: MField, sources: Sources,
                override: OverrideState) -> None:
    """Merge ``parent.dest`` (Apollo's ``mergeField``): directives, arguments, type, joins."""
    coordinate = f"{parent}.{dest.name}"
    defined = {i: s for i, s in sources.items() if s is not None}
    external = {i for i in defined if ctx.facts[i].is_external(parent, dest.name)}
    if defined and external == set(defined):
        names = describe_subgraphs([ctx.name(i) for i in defined])
        ctx.report("EXTERNAL_MISSING_ON_BASE",
                   f'field "{coordinate}" is @external in every subgraph that declares it '
                   f"({names}); one subgraph must resolve it")
        return
    resolving = {i: (s if i not in external else None) for i, s in sources.items()}
    kept = [s.directives for s in resolving.values() if s is not None]
    first, rest = split_inaccessible(kept)
    dest.description = _description(resolving)
    dest.args = merge_arguments(ctx, coordinate, resolving)
    chosen = resolving if any(s is not None for s in resolving.values()) else sources
    dest.type, all_equal = merge_type_reference(
        ctx, coordinate, {i: s.type if s else None for i, s in chosen.items()}, is_input=False)
    _check_external_types(ctx, coordinate, dest, sources, external, all_equal)
    dest.directives = first + join_field(ctx, parent, sources, all_equal, override) + rest


def _description(sources: Sources) -> str | None:
    return merge_description(s.description for s in sources.values() if s is not None)


def _check_external_types(ctx: MergeContext, coordinate: str, dest: MField, sources: Sources,
                          external: set[int], all_equal: bool) -> None:
    for index in external:
        source = sources[index]
        if source is None:
            continue
        fits = same_type(dest.type, source.type) or (
            not all_equal and ctx.strict_subtype(dest.type, source.type))
        if not fits:
            ctx.report("EXTERNAL_TYPE_MISMATCH",
                       f'field "{coordinate}" has type "{print_type(source.type)}" where it is '
                       f'@external in subgraph "{ctx.name(index)}", incompatible with the '
                       f'supergraph type "{print_type(dest.type)}"')
            return


def _needs_join_field(ctx: MergeContext, parent: str, sources: Sources, all_equal: bool,
                      override: OverrideState) -> bool:
    if not all_equal or override.used_overridden:
        return True
    for index, source in sources.items():
        if source is not None and index not in override.unused_overridden:
            name = source.name
            if (ctx.facts[index].is_external(parent, name) or source.provides is not None
                    or source.requires is not None):
                return True
        elif parent in ctx.subgraphs[index].types:
            return True
    return False


def join_field(ctx: MergeContext, parent: str, sources: Sources, all_equal: bool,
               override: OverrideState) -> list[Applied]:
    """The ``@join__field`` applications of a field, or none when the type's joins say it all."""
    if not _needs_join_field(ctx, parent, sources, all_equal, override):
        return []
    joins: list[Applied] = []
    for index, source in sources.items():
        if source is None or index in override.unused_overridden:
            continue
        args: list[tuple[str, str]] = [("graph", ctx.graph(index))]
        for name, value in (("requires", source.requires), ("provides", source.provides),
                            ("override", source.override)):
            if value is not None:
                args.append((name, _quote(value)))
        if not all_equal:
            args.append(("type", _quote(print_type(source.type))))
        if ctx.facts[index].is_external(parent, source.name):
            args.append(("external", "true"))
        if index in override.used_overridden:
            args.append(("usedOverridden", "true"))
        joins.append(Applied("join__field", tuple(args)))
    return joins


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def check_sharing(ctx: MergeContext, parent: str, name: str, sources: Sources,
                  override: OverrideState) -> None:
    """A field resolved by several subgraphs must be ``@shareable`` in each of them."""
    resolving: list[str] = []
    shareable: list[str] = []
    not_shareable: list[str] = []
    for index, source in sources.items():
        facts = ctx.facts[index]
        if source is None:
            for itf in _interface_objects(ctx, index, parent, name):
                label = f'{ctx.name(index)} (through @interfaceObject "{itf}.{name}")'
                _categorize(facts, itf, name, label, resolving, shareable, not_shareable)
            continue
        if override.overridden(index):
            continue
        _categorize(facts, parent, name, ctx.name(index), resolving, shareable, not_shareable)
    if not_shareable and (shareable or len(not_shareable) > 1):
        which = "all of them" if not shareable else describe_subgraphs(not_shareable)
        hint = ""
        if any(ctx.name(i) in not_shareable for i in override.unknown_target):
            hint = " (its @override(from:) names a subgraph that is not part of the composition)"
        ctx.report("INVALID_FIELD_SHARING",
                   f'field "{parent}.{name}" is resolved by {describe_subgraphs(resolving)} but '
                   f"is not @shareable in {which}{hint}")


def _categorize(facts, type_name: str, name: str, label: str, resolving: list[str],  # noqa: ANN001
                shareable: list[str], not_shareable: list[str]) -> None:
    if facts.is_fully_external(type_name, name):
        return
    resolving.append(label)
    (shareable if facts.is_shareable(type_name, name) else not_shareable).append(label)


def _interface_objects(ctx: MergeContext, index: int, parent: str, name: str) -> list[str]:
    """Interface objects of subgraph ``index`` standing in for ``parent`` and defining ``name``."""
    subgraph = ctx.subgraphs[index]
    merged = ctx.supergraph.types.get(parent)
    if merged is None or merged.kind != "object" or parent in subgraph.types:
        return []
    found = []
    for itf in merged.interfaces:
        sub_type = subgraph.types.get(itf)
        if sub_type is not None and sub_type.interface_object and name in sub_type.fields:
            found.append(itf)
    return found

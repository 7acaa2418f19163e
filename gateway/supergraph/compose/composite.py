"""Merge the fields of object, interface and input object types."""

from __future__ import annotations

from .applied import merge_description, split_inaccessible
from .arguments import merge_default
from .context import MergeContext, describe_subgraphs
from .fields import check_sharing, join_field, merge_field
from .model import Applied, SubField, SubType
from .override import OverrideState, check_override
from .supermodel import MArgument, MField, MType
from .typeref import merge_type_reference
from .values import is_non_null

__all__ = ["merge_composite", "merge_input", "add_interface_object_fields"]

TypeSources = dict[int, SubType]


def _participants(ctx: MergeContext, dest: MType) -> list[int]:
    """Subgraphs that know the type, or stand in for it through an interface object."""
    found = []
    for index, subgraph in enumerate(ctx.subgraphs):
        if dest.name in subgraph.types:
            found.append(index)
            continue
        for itf in dest.interfaces:
            sub_type = subgraph.types.get(itf)
            if sub_type is not None and sub_type.interface_object:
                found.append(index)
                break
    return found


def _fields_shallow(ctx: MergeContext, dest: MType,
                    sources: TypeSources) -> dict[str, dict[int, SubField | None]]:
    participants = _participants(ctx, dest)
    added: dict[str, dict[int, SubField | None]] = {}
    for index, source in sources.items():
        for name, field in source.fields.items():
            if name not in added:
                added[name] = {i: None for i in participants}
            added[name][index] = field
    return added


def merge_composite(ctx: MergeContext, dest: MType, sources: TypeSources) -> None:
    """Merge every field of an object or interface type (Apollo's ``mergeObject``)."""
    if dest.kind == "interface":
        _check_interface_keys(ctx, dest, sources)
    for name, field_sources in _fields_shallow(ctx, dest, sources).items():
        some = next(s for s in field_sources.values() if s is not None)
        dest.fields[name] = MField(name=name, type=some.type)
        override = check_override(ctx, dest.name, name, field_sources)
        merge_field(ctx, dest.name, dest.fields[name], field_sources, override)
        if dest.kind == "object":
            check_sharing(ctx, dest.name, name, field_sources, override)


def _check_interface_keys(ctx: MergeContext, dest: MType, sources: TypeSources) -> None:
    implementations = [t.name for t in ctx.supergraph.types.values()
                       if t.kind == "object" and dest.name in t.interfaces]
    for index, source in sources.items():
        if source.kind != "interface" or not any(k.resolvable is not False for k in source.keys):
            continue
        subgraph = ctx.subgraphs[index]
        missing = [n for n in implementations
                   if n not in subgraph.types or dest.name not in subgraph.types[n].interfaces]
        if missing:
            ctx.report("INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE",
                       f'interface "{dest.name}" has a resolvable @key in subgraph '
                       f'"{subgraph.name}", which must then define every implementation; it '
                       f"lacks {', '.join(repr(m) for m in missing)}", subgraph.name)


def merge_input(ctx: MergeContext, dest: MType, sources: TypeSources) -> None:
    """Merge an input object: only fields every subgraph declares are kept."""
    for name, field_sources in _fields_shallow(ctx, dest, sources).items():
        defined = {i: s for i, s in field_sources.items() if s is not None}
        coordinate = f"{dest.name}.{name}"
        first, rest = split_inaccessible([s.directives for s in defined.values()])
        type_node, all_equal = merge_type_reference(
            ctx, coordinate, {i: s.type for i, s in defined.items()}, is_input=True)
        merged = MField(name=name, type=type_node,
                        description=merge_description(s.description for s in defined.values()))
        joins = join_field(ctx, dest.name, field_sources, all_equal, OverrideState())
        merged.directives = first + joins + rest
        merged.default = merge_default(
            ctx, coordinate, [(i, s.default) for i, s in defined.items()], "INPUT_FIELD")
        if len(defined) == len(field_sources) or first:
            dest.fields[name] = merged
            continue
        required = [ctx.name(i) for i, s in defined.items()
                    if is_non_null(s.type) and s.default is None]
        if required:
            missing = [ctx.name(i) for i, s in field_sources.items() if s is None]
            ctx.report("REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH",
                       f'input field "{coordinate}" is required in {describe_subgraphs(required)} '
                       f"but missing in {describe_subgraphs(missing)}")
    if not dest.fields:
        ctx.report("EMPTY_MERGED_INPUT_TYPE",
                   f'input type "{dest.name}" has no field that every subgraph defining it '
                   "declares")


def _provided_by_interface_object(ctx: MergeContext, itf: str, name: str) -> SubField | None:
    for index, subgraph in enumerate(ctx.subgraphs):
        sub_type = subgraph.types.get(itf)
        if sub_type is not None and sub_type.interface_object and name in sub_type.fields:
            if not ctx.facts[index].is_external(itf, name):
                return sub_type.fields[name]
    return None


def add_interface_object_fields(ctx: MergeContext) -> None:
    """Give implementations the fields an ``@interfaceObject`` adds to their interface.

    No subgraph declares them on the implementation, so they get a graph-less
    ``@join__field``: the planner must go through the interface object.
    """
    for dest in ctx.supergraph.types.values():
        if dest.kind != "object":
            continue
        for itf_name in dest.interfaces:
            itf = ctx.supergraph.types.get(itf_name)
            for itf_field in (itf.fields.values() if itf is not None else ()):
                if itf_field.name in dest.fields:
                    continue
                if _provided_by_interface_object(ctx, itf_name, itf_field.name) is None:
                    continue
                copied = [d for d in itf_field.directives if not d.name.startswith("join__")]
                args = {n: MArgument(a.name, a.type, a.description, a.default,
                                     [d for d in a.directives if not d.name.startswith("join__")])
                        for n, a in itf_field.args.items()}
                dest.fields[itf_field.name] = MField(
                    name=itf_field.name, type=itf_field.type, description=itf_field.description,
                    args=args, directives=[*copied, _graphless_join()])



def _graphless_join() -> Applied:
    return Applied("join__field")

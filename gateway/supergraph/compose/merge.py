"""Merge subgraphs into one supergraph model, in the order Apollo's merger works."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from .applied import merge_description, split_inaccessible
from .composite import add_interface_object_fields, merge_composite, merge_input
from .context import MergeContext, describe_subgraphs
from .facts import SubgraphFacts
from .leaves import merge_enum, merge_union_members
from .model import Applied, Subgraph, SubKey, SubType
from .policies import check_policy_placement, lift_policies_to_interfaces
from .supermodel import GraphInfo, MergedSupergraph, MType

__all__ = ["merge_subgraphs", "join_version_for"]

_ROOT_KINDS = ("query", "mutation", "subscription")


def join_version_for(federation: tuple[int, int]) -> tuple[int, int]:
    """The join spec version Apollo picks for the highest federation version used."""
    if federation >= (2, 8):
        return (0, 5)
    if federation >= (2, 7):
        return (0, 4)
    return (0, 3)


def _graph_enum_name(name: str) -> str:
    sanitized = re.sub(r"\W", "_", name, flags=re.ASCII)
    if re.match(r"^\d", sanitized):
        sanitized = "_" + sanitized
    if re.search(r"_\d+$", sanitized):
        sanitized += "_"
    return sanitized.upper()


def _graphs(subgraphs: Sequence[Subgraph]) -> list[GraphInfo]:
    enums = [_graph_enum_name(s.name) for s in subgraphs]
    infos = []
    for index, subgraph in enumerate(subgraphs):
        enum = enums[index]
        if enums.count(enum) > 1:
            enum = f"{enum}_{enums[:index + 1].count(enum)}"
        infos.append(GraphInfo(enum, subgraph.name, subgraph.url))
    return infos


def merge_subgraphs(subgraphs: Sequence[Subgraph]) -> MergeContext:
    """Merge ``subgraphs`` (sorted by name); the result and problems are in the context."""
    version = max(s.version for s in subgraphs)
    supergraph = MergedSupergraph(join_version_for(version), _graphs(subgraphs))
    ctx = MergeContext(list(subgraphs), [SubgraphFacts(s) for s in subgraphs], supergraph)
    if not _add_types_shallow(ctx):
        return ctx
    types = list(supergraph.types.values())
    for dest in types:
        if dest.kind in ("object", "interface"):
            _merge_implements(ctx, dest)
    for dest in types:
        if dest.kind == "union":
            _merge_type(ctx, dest)
    supergraph.roots = {k: k.capitalize() for k in _ROOT_KINDS
                        if any(k in s.roots for s in subgraphs)}
    for kind in ("scalar", "input", "interface", "object", "enum"):
        for dest in types:
            if dest.kind == kind:
                _merge_type(ctx, dest)
    _drop_empty_objects(ctx)
    add_interface_object_fields(ctx)
    _check_interface_fields(ctx)
    check_policy_placement(ctx)
    lift_policies_to_interfaces(ctx)
    supergraph.features = _features(subgraphs)
    return ctx


def _add_types_shallow(ctx: MergeContext) -> bool:
    kinds: dict[str, dict[str, list[str]]] = {}
    for subgraph in ctx.subgraphs:
        for sub_type in subgraph.types.values():
            kind = sub_type.merged_kind
            kinds.setdefault(sub_type.name, {}).setdefault(kind, []).append(subgraph.name)
            if sub_type.name not in ctx.supergraph.types:
                ctx.supergraph.types[sub_type.name] = MType(kind=kind, name=sub_type.name)
    for name, by_kind in kinds.items():
        if len(by_kind) > 1:
            listing = "; ".join(f"{kind} in {describe_subgraphs(names)}"
                                for kind, names in by_kind.items())
            ctx.report("TYPE_KIND_MISMATCH", f'type "{name}" has mismatched kinds: {listing}')
    return not ctx.issues


def _sources(ctx: MergeContext, dest: MType) -> dict[int, SubType]:
    found = {}
    for index, subgraph in enumerate(ctx.subgraphs):
        sub_type = subgraph.types.get(dest.name)
        if sub_type is not None and sub_type.merged_kind == dest.kind:
            found[index] = sub_type
    return found


def _merge_implements(ctx: MergeContext, dest: MType) -> None:
    for index, source in _sources(ctx, dest).items():
        for itf in source.interfaces:
            dest.directives.append(Applied(
                "join__implements", (("graph", ctx.graph(index)), ("interface", f'"{itf}"'))))
            if itf not in dest.interfaces:
                dest.interfaces.append(itf)


def _join_types(ctx: MergeContext, sources: dict[int, SubType]) -> list[Applied]:
    joins = []
    for index, source in sources.items():
        graph = ("graph", ctx.graph(index))
        marker = (("isInterfaceObject", "true"),) if source.interface_object else ()
        if not source.keys:
            joins.append(Applied("join__type", (graph, *marker)))
        for key in source.keys:
            joins.append(Applied("join__type", (graph, *_key_args(key, source), *marker)))
    return joins


def _key_args(key: SubKey, source: SubType) -> tuple[tuple[str, str], ...]:
    args: list[tuple[str, str]] = [("key", json.dumps(key.fields, ensure_ascii=False))]
    if key.extension or source.extends:
        args.append(("extension", "true"))
    if key.resolvable is not None:
        args.append(("resolvable", "true" if key.resolvable else "false"))
    return tuple(args)


def _merge_type(ctx: MergeContext, dest: MType) -> None:
    sources = _sources(ctx, dest)
    _check_extension_base(ctx, dest, sources)
    dest.description = merge_description(s.description for s in sources.values())
    dest.directives.extend(_join_types(ctx, sources))
    first, rest = split_inaccessible([s.directives for s in sources.values()])
    dest.directives.extend(first)
    if dest.kind == "union":
        merge_union_members(ctx, dest, sources)
    elif dest.kind in ("object", "interface"):
        merge_composite(ctx, dest, sources)
    elif dest.kind == "input":
        merge_input(ctx, dest, sources)
    elif dest.kind == "enum":
        merge_enum(ctx, dest, sources)
    dest.directives.extend(rest)


def _check_extension_base(ctx: MergeContext, dest: MType, sources: dict[int, SubType]) -> None:
    if dest.kind == "object" and dest.name in ctx.supergraph.roots.values():
        return
    if any(s.has_definition for s in sources.values()):
        return
    for index, source in sources.items():
        if source.has_extension:
            ctx.report("EXTENSION_WITH_NO_BASE",
                       f'type "{dest.name}" is only extended ("extend type"), never defined, '
                       "in every subgraph", ctx.name(index))


def _drop_empty_objects(ctx: MergeContext) -> None:
    for name, dest in list(ctx.supergraph.types.items()):
        if dest.kind == "object" and not dest.fields:
            del ctx.supergraph.types[name]
            for kind, root in list(ctx.supergraph.roots.items()):
                if root == name:
                    del ctx.supergraph.roots[kind]
    if "query" not in ctx.supergraph.roots:
        ctx.report("NO_QUERIES", "no subgraph defines a query field: a supergraph needs one")


def _check_interface_fields(ctx: MergeContext) -> None:
    for dest in ctx.supergraph.types.values():
        for itf_name in dest.interfaces:
            itf = ctx.supergraph.types.get(itf_name)
            for name in (itf.fields if itf is not None else {}):
                if name not in dest.fields:
                    ctx.report("INTERFACE_FIELD_NO_IMPLEM",
                               f'type "{dest.name}" implements "{itf_name}" but has no field '
                               f'"{name}" in any subgraph')


def _features(subgraphs: Sequence[Subgraph]) -> list[str]:
    features: list[str] = []
    for subgraph in subgraphs:
        used = _applied_names(subgraph)
        features.extend(f for f in ("tag", "inaccessible") if f in used and f not in features)
    if any("policy" in _applied_names(subgraph) for subgraph in subgraphs):
        features.insert(0, "policy")  # Apollo links authorization specs before the others
    return features


def _applied_names(subgraph: Subgraph) -> set[str]:
    names: set[str] = set()
    for sub_type in subgraph.types.values():
        names.update(a.name for a in sub_type.directives)
        for value in sub_type.values.values():
            names.update(a.name for a in value.directives)
        for field in sub_type.fields.values():
            names.update(a.name for a in field.directives)
            for argument in field.args.values():
                names.update(a.name for a in argument.directives)
    return names

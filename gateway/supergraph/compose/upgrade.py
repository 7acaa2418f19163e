"""Upgrade federation-1 subgraphs to federation-2 semantics, as Apollo's composition does."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import CompositionIssue
from .facts import SubgraphFacts
from .fieldsets import resolve_field_set
from .model import Subgraph, SubType
from .values import base_type_name

__all__ = ["upgrade_federation1"]


def upgrade_federation1(subgraphs: Sequence[Subgraph], issues: list[CompositionIssue]) -> None:
    """Rewrite every federation-1 subgraph in place.

    The rules follow Apollo's schema upgrader: ``@external`` on the key fields of ``extend``
    types is dropped (those fields are resolvable), ``extend`` becomes a plain definition,
    unused external fields disappear, ``@key`` and ``@requires``/``@provides`` on interfaces
    are dropped, and fields or value types that other subgraphs also resolve become
    ``@shareable`` (federation 1 had no shareability check).
    """
    if all(s.fed2 for s in subgraphs):
        return
    before = {s.name: SubgraphFacts(s) for s in subgraphs}
    for subgraph in subgraphs:
        if not subgraph.fed2:
            _upgrade(subgraph, subgraphs, before, issues)


def _is_type_extension(sub_type: SubType) -> bool:
    return (sub_type.kind in ("object", "interface")
            and (sub_type.has_extension or sub_type.extends)
            and (sub_type.extends or not sub_type.has_definition))


def _upgrade(subgraph: Subgraph, subgraphs: Sequence[Subgraph],
             before: dict[str, SubgraphFacts], issues: list[CompositionIssue]) -> None:
    for sub_type in subgraph.types.values():
        if sub_type.kind == "interface":
            sub_type.keys = []
            for field in sub_type.fields.values():
                field.external = False
                field.requires = field.provides = None
        sub_type.external = False
    _unmark_extension_keys(subgraph, subgraphs)
    _drop_inactive(subgraph)
    for sub_type in subgraph.types.values():
        if _is_type_extension(sub_type):
            sub_type.keys = [type(k)(k.fields, k.resolvable, False) for k in sub_type.keys]
            sub_type.extends = sub_type.has_extension = False
            sub_type.has_definition = True
            for field in sub_type.fields.values():
                field.from_extension = False
    _remove_unused_externals(subgraph, issues)
    _add_shareable(subgraph, subgraphs, before)


def _unmark_extension_keys(subgraph: Subgraph, subgraphs: Sequence[Subgraph]) -> None:
    for sub_type in subgraph.types.values():
        root = sub_type.name in subgraph.roots.values()
        if not (_is_type_extension(sub_type) or (root and sub_type.has_extension)):
            continue
        keys = [(subgraph, k) for k in sub_type.keys]
        if not keys:
            for other in subgraphs:
                other_type = other.composite(sub_type.name)
                if other is not subgraph and other_type is not None and other_type.keys:
                    keys.append((other, other_type.keys[0]))
        for owner, key in keys:
            for type_name, name in resolve_field_set(owner, sub_type.name, key.fields).coordinates:
                if type_name == sub_type.name and name in sub_type.fields:
                    sub_type.fields[name].external = False


def _drop_inactive(subgraph: Subgraph) -> None:
    # `@provides`/`@requires` that select no external field do nothing; federation 1 allowed
    # them, federation 2 rejects them, so the upgrade removes them.
    facts = SubgraphFacts(subgraph)
    for sub_type in subgraph.types.values():
        if sub_type.kind != "object":
            continue
        for field in sub_type.fields.values():
            target = base_type_name(field.type)
            if field.provides is not None:
                if subgraph.composite(target) is None:
                    field.provides = None
                elif not _selects_external(facts, target, field.provides):
                    field.provides = None
            if field.requires is not None and not _selects_external(
                    facts, sub_type.name, field.requires):
                field.requires = None


def _selects_external(facts: SubgraphFacts, type_name: str, text: str) -> bool:
    coordinates = resolve_field_set(facts.subgraph, type_name, text).coordinates
    return any(facts.is_external(t, f) for t, f in coordinates)


def _remove_unused_externals(subgraph: Subgraph, issues: list[CompositionIssue]) -> None:
    facts = SubgraphFacts(subgraph)
    for sub_type in list(subgraph.types.values()):
        if sub_type.kind not in ("object", "interface"):
            continue
        for name in list(sub_type.fields):
            if facts.is_external(sub_type.name, name) and not facts.is_used(sub_type.name, name):
                del sub_type.fields[name]
        if not sub_type.fields and sub_type.name not in subgraph.roots.values():
            if _is_referenced(subgraph, sub_type.name):
                issues.append(CompositionIssue(
                    "TYPE_WITH_ONLY_UNUSED_EXTERNAL",
                    f'type "{sub_type.name}" only has external fields and none of them is used '
                    "by a @key, @provides or @requires", subgraph.name))
            else:
                del subgraph.types[sub_type.name]


def _is_referenced(subgraph: Subgraph, name: str) -> bool:
    for sub_type in subgraph.types.values():
        if name in sub_type.interfaces or name in sub_type.members:
            return True
        for field in sub_type.fields.values():
            if base_type_name(field.type) == name:
                return True
            if any(base_type_name(a.type) == name for a in field.args.values()):
                return True
    return False


def _add_shareable(subgraph: Subgraph, subgraphs: Sequence[Subgraph],
                   before: dict[str, SubgraphFacts]) -> None:
    facts = SubgraphFacts(subgraph)
    others = [s for s in subgraphs if s is not subgraph]
    for sub_type in subgraph.types.values():
        if sub_type.kind != "object" or sub_type.name == subgraph.roots.get("subscription"):
            continue
        if sub_type.keys or sub_type.name in subgraph.roots.values():
            for field in sub_type.fields.values():
                if facts.is_shareable(sub_type.name, field.name) or field.shareable:
                    continue
                field.shareable = any(
                    _resolves(other, before[other.name], sub_type.name, field.name)
                    for other in others)
        elif any(o.composite(sub_type.name) is not None for o in others):
            sub_type.shareable_on = [False]


def _resolves(other: Subgraph, facts: SubgraphFacts, type_name: str, name: str) -> bool:
    other_type = other.composite(type_name)
    if other_type is None or name not in other_type.fields:
        return False
    external = facts.is_external(type_name, name)
    return not external or (type_name, name) in facts.provided

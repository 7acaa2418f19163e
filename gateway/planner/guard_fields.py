"""Fields a per-object policy needs, added to an operation under internal response names.

A per-object policy (who owns this object, its municipality, its sensitivity, …) decides on
attributes the client may not have selected. Before planning, every composite selection that
can hold an object of a guarded type gets those attributes added under a prefix no client
response name uses, so the planner fetches them with everything else (usually from a fetch
that runs anyway) and the shaper, which follows the client's own selection, never shows them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLUnionType

from gateway.planner.normalize import (
    NField,
    NFragment,
    NormalizedOperation,
    NSelection,
    normalize_selection_set,
)
from gateway.supergraph.model import Supergraph
from gateway.supergraph.parse import parse_field_set

__all__ = ["GuardFields", "guard_prefix", "inject_guard_fields"]


@dataclass(frozen=True, slots=True)
class GuardFields:
    """For every object of ``type_condition`` (an object type or interface), fetch ``fields``."""

    type_condition: str
    """The type (or interface) whose objects are checked one by one."""

    fields: str
    """A field set, as in ``@key``: ``"kommuneCvr sektor borger { id }"``."""


def _response_names(selections: Iterable[NSelection]) -> Iterable[str]:
    for sel in selections:
        if isinstance(sel, NField):
            yield sel.response_name
            yield from _response_names(sel.selections or ())
        else:
            yield from _response_names(sel.selections)


def guard_prefix(operation: NormalizedOperation) -> str:
    """``_g_`` (or ``_g1_``, …): a prefix that no response name of ``operation`` starts with."""
    names = set(_response_names(operation.selections))
    n = 0
    while True:
        prefix = "_g_" if n == 0 else f"_g{n}_"
        if not any(name.startswith(prefix) for name in names):
            return prefix
        n += 1


class _Injector:
    def __init__(self, supergraph: Supergraph, guards: Sequence[GuardFields], prefix: str) -> None:
        self.schema = supergraph.api_schema
        self.guards = [(g.type_condition, self._prefixed(g, prefix)) for g in guards
                       if g.type_condition in self.schema.type_map]
        self.injected = False

    def _prefixed(self, guard: GuardFields, prefix: str) -> list[NSelection]:
        fields = normalize_selection_set(self.schema, guard.type_condition,
                                         parse_field_set(guard.fields, what="guard fields"))
        return [dataclasses.replace(f, response_name=prefix + f.name)
                if isinstance(f, NField) else f for f in fields]

    def _possible(self, name: str) -> set[str]:
        t = self.schema.type_map.get(name)
        if isinstance(t, GraphQLObjectType):
            return {name}
        if isinstance(t, (GraphQLInterfaceType, GraphQLUnionType)):
            return {o.name for o in self.schema.get_possible_types(t)}
        return set()

    def selections(self, parent: str, selections: list[NSelection]) -> list[NSelection]:
        out: list[NSelection] = []
        for sel in selections:
            if isinstance(sel, NField) and sel.selections is not None:
                out.append(dataclasses.replace(sel, selections=self.composite(
                    sel.type_name, sel.selections)))
            elif isinstance(sel, NFragment):
                out.append(dataclasses.replace(sel, selections=self.selections(
                    sel.type_condition, sel.selections)))
            else:
                out.append(sel)
        return out

    def composite(self, type_name: str, selections: list[NSelection]) -> list[NSelection]:
        out = self.selections(type_name, selections)
        possible = self._possible(type_name)
        for condition, fields in self.guards:
            guarded = self._possible(condition)
            if not possible & guarded:
                continue
            self.injected = True
            if type_name == condition or (possible <= guarded and type_name in guarded):
                out.extend(_copy(fields))  # the parent is the guarded type itself
            else:
                out.append(NFragment(condition, (), _copy(fields)))
        return out


def _copy(selections: list[NSelection]) -> list[NSelection]:
    """Fresh selection objects for each place (the planner may extend lists it is given)."""
    return [dataclasses.replace(s, selections=None if s.selections is None else _copy(s.selections))
            if isinstance(s, NField) else dataclasses.replace(s, selections=_copy(s.selections))
            for s in selections]


def inject_guard_fields(supergraph: Supergraph, operation: NormalizedOperation,
                        guards: Sequence[GuardFields], prefix: str) -> NormalizedOperation:
    """A copy of ``operation`` that also selects ``guards``' fields as ``prefix + field``.

    ``operation`` itself when no selection can hold a guarded object (nothing to add).
    """
    if not guards:
        return operation
    injector = _Injector(supergraph, guards, prefix)
    selections = injector.selections(operation.root_type, operation.selections)
    if not injector.injected:
        return operation
    return dataclasses.replace(operation, selections=selections)

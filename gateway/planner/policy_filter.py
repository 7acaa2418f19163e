"""Static authorization: remove from an operation what ``@policy`` says the caller may not see.

Apollo Router's ``@policy`` model (policy spec v0.1): a field is selectable when the caller's
granted policy names satisfy both the field's requirement and the requirement of the type it
returns; an inline fragment on an object type with a requirement needs that too. What fails is
removed from the operation *before planning*, so no subgraph is asked for it, and the shaper
answers each removed field with ``null`` and a ``FORBIDDEN`` error at its concrete path.

The result depends only on the operation and the set of granted names, never on who the
caller is, so it can be cached with the plan under that set.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from graphql import GraphQLObjectType

from gateway.planner.normalize import NField, NFragment, NormalizedOperation, NSelection
from gateway.supergraph.model import Supergraph, policy_satisfied

__all__ = ["FilteredOperation", "filter_operation"]


@dataclass(frozen=True, slots=True)
class FilteredOperation:
    """The operation to plan, and the client selections that were taken out of it."""

    operation: NormalizedOperation
    """What may be planned: every denied selection removed (the client's own is untouched)."""

    denied: frozenset[NField]
    """Client fields (by identity, from the unfiltered operation) the caller may not see."""

    coordinates: tuple[str, ...] = ()
    """The denied fields as sorted ``Type.field`` coordinates (for the audit)."""


class _Filter:
    def __init__(self, supergraph: Supergraph, granted: frozenset[str]) -> None:
        self.supergraph = supergraph
        self.policies = supergraph.policies
        self.granted = granted
        self.denied: set[NField] = set()
        self.coordinates: set[str] = set()

    def deny(self, parent: str, f: NField) -> None:
        self.denied.add(f)
        self.coordinates.add(f"{parent}.{f.name}")

    def allowed_field(self, parent: str, f: NField) -> bool:
        if f.name.startswith("__"):
            return True
        return (policy_satisfied(self.policies.get(f"{parent}.{f.name}"), self.granted)
                and policy_satisfied(self.policies.get(f.type_name), self.granted))

    def allowed_fragment(self, frag: NFragment) -> bool:
        condition = self.supergraph.api_schema.type_map.get(frag.type_condition)
        return not isinstance(condition, GraphQLObjectType) or policy_satisfied(
            self.policies.get(frag.type_condition), self.granted)

    def deny_all(self, parent: str, selections: list[NSelection]) -> None:
        for sel in selections:
            if isinstance(sel, NField):
                self.deny(parent, sel)
            else:
                self.deny_all(sel.type_condition, sel.selections)

    def selections(self, parent: str, selections: list[NSelection]) -> list[NSelection]:
        out: list[NSelection] = []
        for sel in selections:
            if isinstance(sel, NField):
                if not self.allowed_field(parent, sel):
                    self.deny(parent, sel)
                elif sel.selections is None:
                    out.append(sel)
                else:
                    out.append(dataclasses.replace(
                        sel, selections=self.non_empty(sel.type_name, sel.selections)))
            elif self.allowed_fragment(sel):
                kept = self.selections(sel.type_condition, sel.selections)
                if kept:
                    out.append(dataclasses.replace(sel, selections=kept))
            else:
                self.deny_all(sel.type_condition, sel.selections)
        return out

    def non_empty(self, parent: str, selections: list[NSelection]) -> list[NSelection]:
        """The filtered children; ``__typename`` alone when nothing else is left (valid query)."""
        kept = self.selections(parent, selections)
        return kept or [NField("__typename", "__typename", (), (), "String")]


def filter_operation(supergraph: Supergraph, operation: NormalizedOperation,
                     granted: frozenset[str]) -> FilteredOperation:
    """Split ``operation`` into what ``granted`` policy names allow and what they deny."""
    if not supergraph.policies:
        return FilteredOperation(operation, frozenset())
    f = _Filter(supergraph, granted)
    kept = f.selections(operation.root_type, operation.selections)
    if not f.denied:
        return FilteredOperation(operation, frozenset())
    return FilteredOperation(dataclasses.replace(operation, selections=kept), frozenset(f.denied),
                             tuple(sorted(f.coordinates)))

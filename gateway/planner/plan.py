"""Query plan nodes: plain, frozen data that can be cached, compared, printed and serialised."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

__all__ = [
    "InputField",
    "InputFragment",
    "InputSelection",
    "Rewrite",
    "FetchNode",
    "FlattenNode",
    "SequenceNode",
    "ParallelNode",
    "ConditionNode",
    "PlanNode",
    "QueryPlan",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class InputField:
    """A field copied into a representation."""

    name: str
    """The name written into the representation (the subgraph's field name)."""

    store_key: str
    """The key read from the gathered object (an internal alias when the name was taken)."""

    selections: tuple[InputSelection, ...] | None = None
    """Sub-selection for composite fields (composite keys, structured requirements)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class InputFragment:
    """A type condition in a representation recipe: applies when ``__typename`` matches."""

    type_condition: str
    """Object or abstract type the gathered object must be (supergraph terms)."""

    selections: tuple[InputSelection, ...]
    """What to copy for objects of that type."""


InputSelection: TypeAlias = InputField | InputFragment


@dataclass(frozen=True, slots=True, kw_only=True)
class Rewrite:
    """A rename in fetched data (output) or a ``__typename`` set in representations (input)."""

    type_condition: str
    """Only objects of this type are rewritten."""

    from_key: str
    """The key as received (output) or ``__typename`` (input)."""

    to_key: str
    """The key to store under (output)."""

    value: str | None = None
    """For input rewrites: the value ``__typename`` is set to."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchNode:
    """One request to one subgraph."""

    subgraph: str
    """The subgraph's name."""

    operation: str
    """The operation document sent to the subgraph, minified."""

    operation_name: str | None
    """The operation's name in ``operation`` (None when the client's operation was anonymous)."""

    operation_kind: str
    """``query`` or ``mutation``."""

    variable_usages: tuple[str, ...]
    """Client variables the operation uses, in order of first use."""

    requires: tuple[InputSelection, ...] | None = None
    """For entity fetches: how to build each representation. None for root fetches."""

    input_rewrites: tuple[Rewrite, ...] = ()
    """``__typename`` rewrites applied to representations (interface objects)."""

    output_rewrites: tuple[Rewrite, ...] = ()
    """Internal alias renames applied to fetched data before it is merged."""

    @property
    def is_entity_fetch(self) -> bool:
        """True when this fetch asks ``_entities`` for representations."""
        return self.requires is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class FlattenNode:
    """Runs ``node`` against every object found at ``path`` in the response so far."""

    path: tuple[str, ...]
    """Response names, with ``"@"`` for every list level; never empty."""

    node: FetchNode
    """The entity fetch to run there."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SequenceNode:
    """Runs children one after another."""

    nodes: tuple[PlanNode, ...]
    """At least two children, none of them a SequenceNode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ParallelNode:
    """Runs children concurrently."""

    nodes: tuple[PlanNode, ...]
    """At least two children, none of them a ParallelNode."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConditionNode:
    """Runs one branch depending on a Boolean variable (``@include``/``@skip`` on a whole fetch)."""

    condition: str
    """The variable name, without ``$``."""

    if_clause: PlanNode | None
    """What runs when the variable is true (``Include``)."""

    else_clause: PlanNode | None
    """What runs when the variable is false (``Skip``)."""


PlanNode: TypeAlias = FetchNode | FlattenNode | SequenceNode | ParallelNode | ConditionNode


@dataclass(frozen=True, slots=True, kw_only=True)
class QueryPlan:
    """A whole plan: one root node, or None when nothing needs a subgraph (``{ __typename }``)."""

    node: PlanNode | None
    """The root node."""

    def __str__(self) -> str:
        from gateway.planner.printer import print_plan

        return print_plan(self)

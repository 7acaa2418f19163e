"""Batched execution: plan fetches grouped into waves, one request per subgraph per wave.

Apollo runs every fetch of a plan as its own HTTP request (16 for the benchmark query). The
fetch dependency structure allows fewer: each fetch is placed in the *latest* wave that
still finishes with the plan's critical path (as late as possible), and all entity fetches
for one subgraph in one wave are sent as one operation whose ``_entities`` fields are
aliased ``_0``, ``_1``, ... The number of sequential round trips does not change.

Only query plans without ``Condition`` nodes are scheduled this way; mutations and
conditional plans run node by node.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    NameNode,
    OperationDefinitionNode,
    VariableNode,
    parse,
    print_ast,
)
from graphql.utilities import strip_ignored_characters

from gateway.planner.plan import (
    ConditionNode,
    FetchNode,
    FlattenNode,
    ParallelNode,
    PlanNode,
    QueryPlan,
    SequenceNode,
)

__all__ = ["ScheduledFetch", "BatchedRequest", "Wave", "Schedule", "build_schedule"]


@dataclass(frozen=True, slots=True)
class ScheduledFetch:
    """One fetch of the plan with the path its results merge at."""

    path: tuple[str, ...] | None
    """Flatten path; None for a root fetch."""

    fetch: FetchNode
    """The plan's fetch node."""


@dataclass(frozen=True, slots=True)
class BatchedRequest:
    """Several entity fetches for one subgraph sent as one operation."""

    subgraph: str
    """Where it goes."""

    fetches: tuple[ScheduledFetch, ...]
    """The fetches, in alias order (``_0`` is the first)."""

    operation: str
    """The merged operation text."""

    variable_usages: tuple[str, ...]
    """Client variables the merged operation uses."""


@dataclass(frozen=True, slots=True)
class Wave:
    """Fetches that run concurrently once the previous wave finished."""

    single: tuple[ScheduledFetch, ...]
    """Fetches sent on their own (root fetches, lone entity fetches)."""

    batched: tuple[BatchedRequest, ...]
    """Merged entity fetches."""

    paths: tuple[tuple[str, ...], ...]
    """The distinct flatten paths the wave's entity fetches gather from."""


@dataclass(frozen=True, slots=True)
class Schedule:
    """The waves of one plan."""

    waves: tuple[Wave, ...]
    """In execution order."""


def _collect(node: PlanNode, after: frozenset[int], out: list[tuple[ScheduledFetch, frozenset[int]]]
             ) -> frozenset[int] | None:
    """Add every fetch under ``node`` with the fetches it waits for; return the ids it adds."""
    match node:
        case FetchNode():
            out.append((ScheduledFetch(None, node), after))
            return frozenset({len(out) - 1})
        case FlattenNode(path=path, node=fetch):
            out.append((ScheduledFetch(path, fetch), after))
            return frozenset({len(out) - 1})
        case SequenceNode(nodes=nodes):
            seen: frozenset[int] = frozenset()
            for child in nodes:
                added = _collect(child, after | seen, out)
                if added is None:
                    return None
                seen |= added
            return seen
        case ParallelNode(nodes=nodes):
            seen = frozenset()
            for child in nodes:
                added = _collect(child, after, out)
                if added is None:
                    return None
                seen |= added
            return seen
        case ConditionNode():
            return None
    return None


def _merge_operation(fetches: list[ScheduledFetch],
                     name: str | None) -> tuple[str, tuple[str, ...]]:
    fields: list[FieldNode] = []
    var_defs: dict[str, object] = {}
    fragments: dict[str, FragmentDefinitionNode] = {}
    for i, sf in enumerate(fetches):
        doc = parse(sf.fetch.operation, no_location=True)
        op = next(d for d in doc.definitions if isinstance(d, OperationDefinitionNode))
        entities = op.selection_set.selections[0]
        if not isinstance(entities, FieldNode):
            raise ValueError("an entity fetch must select _entities")
        rep_var = f"_r{i}"
        arg = entities.arguments[0]
        fields.append(FieldNode(alias=NameNode(value=f"_{i}"), name=entities.name,
                                arguments=(type(arg)(name=arg.name, value=VariableNode(
                                    name=NameNode(value=rep_var))),),
                                directives=(), selection_set=entities.selection_set))
        for vd in op.variable_definitions or ():
            vname = vd.variable.name.value
            if vname == "representations":
                var_defs[rep_var] = type(vd)(variable=VariableNode(name=NameNode(value=rep_var)),
                                             type=vd.type, directives=())
            else:
                var_defs.setdefault(vname, vd)
        for d in doc.definitions:
            if isinstance(d, FragmentDefinitionNode):
                fragments.setdefault(d.name.value, d)
    from graphql import OperationType, SelectionSetNode

    op_node = OperationDefinitionNode(
        operation=OperationType.QUERY, name=NameNode(value=name) if name else None,
        variable_definitions=tuple(var_defs.values()),  # type: ignore[arg-type]
        directives=(), selection_set=SelectionSetNode(selections=tuple(fields)))
    text = strip_ignored_characters(print_ast(
        DocumentNode(definitions=(op_node, *fragments.values()))))
    usages = tuple(v for v in var_defs if not v.startswith("_r"))
    return text, usages


def build_schedule(plan: QueryPlan) -> Schedule | None:
    """Waves for ``plan``, or None when it must run node by node."""
    if plan.node is None:
        return None
    items: list[tuple[ScheduledFetch, frozenset[int]]] = []
    if _collect(plan.node, frozenset(), items) is None:
        return None
    if any(sf.fetch.operation_kind != "query" for sf, _ in items):
        return None
    height = [0] * len(items)
    for i in range(len(items) - 1, -1, -1):  # dependants always come later in the list
        for dep in items[i][1]:
            height[dep] = max(height[dep], height[i] + 1)
    depth = max(height)
    waves: list[list[ScheduledFetch]] = [[] for _ in range(depth + 1)]
    for i, (sf, _) in enumerate(items):
        waves[depth - height[i]].append(sf)
    return Schedule(waves=tuple(_wave(w, n) for n, w in enumerate(waves)))


def _wave(fetches: list[ScheduledFetch], number: int) -> Wave:
    by_subgraph: dict[str, list[ScheduledFetch]] = {}
    single: list[ScheduledFetch] = []
    for sf in fetches:
        if sf.path is None:
            single.append(sf)
        else:
            by_subgraph.setdefault(sf.fetch.subgraph, []).append(sf)
    batched: list[BatchedRequest] = []
    for subgraph, group in by_subgraph.items():
        if len(group) == 1:
            single.extend(group)
            continue
        base = group[0].fetch.operation_name
        name = f"{base.rsplit('__', 1)[0]}__batch_{number}" if base else None
        operation, usages = _merge_operation(group, name)
        batched.append(BatchedRequest(subgraph, tuple(group), operation, usages))
    paths = dict.fromkeys(sf.path for sf in fetches if sf.path is not None)
    return Wave(single=tuple(single), batched=tuple(batched), paths=tuple(paths))

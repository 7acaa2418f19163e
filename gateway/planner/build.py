"""Build a query plan for a normalised operation: walk, clean up, fold, emit fetch nodes."""

from __future__ import annotations

from graphql import OperationType, VariableNode

from gateway.errors import PlanningError
from gateway.planner.fetch_graph import FetchGraph, FetchGroup, sequence
from gateway.planner.fold import fold_groups
from gateway.planner.normalize import NField, NFragment, NormalizedOperation, NSelection
from gateway.planner.operations import build_operation
from gateway.planner.plan import (
    ConditionNode,
    FetchNode,
    FlattenNode,
    InputField,
    InputFragment,
    InputSelection,
    PlanNode,
    QueryPlan,
)
from gateway.planner.selections import FieldItem, SelTree
from gateway.planner.type_conflicts import alias_type_conflicts
from gateway.planner.walk import Walker
from gateway.supergraph.model import Supergraph

__all__ = ["build_query_plan"]

_LOCAL_ROOT_FIELDS = frozenset({"__typename", "__schema", "__type"})


def _inputs(tree: SelTree) -> tuple[InputSelection, ...]:
    out: list[InputSelection] = []
    for item in tree.items.values():
        if isinstance(item, FieldItem):
            out.append(InputField(name=item.name, store_key=item.response_name,
                                  selections=None if item.sub is None else _inputs(item.sub)))
        else:
            out.append(InputFragment(type_condition=item.type_condition,
                                     selections=_inputs(item.sub)))
    return tuple(out)


def _with_conditions(g: FetchGroup, node: PlanNode | None) -> PlanNode | None:
    """Wrap a group's branch in Condition nodes for the conditions it was created under."""
    for directive in reversed(g.conditions):
        arg = next((a for a in directive.arguments or () if a.name.value == "if"), None)
        if node is None or arg is None or not isinstance(arg.value, VariableNode):
            continue
        var = arg.value.name.value
        if directive.name.value == "include":
            node = ConditionNode(condition=var, if_clause=node, else_clause=None)
        else:
            node = ConditionNode(condition=var, if_clause=None, else_clause=node)
    return node


class _PlanBuilder:
    def __init__(self, supergraph: Supergraph, op: NormalizedOperation,
                 override_labels: frozenset[str]) -> None:
        self.sg = supergraph
        self.op = op
        self.graph = FetchGraph()
        self.walker = Walker(supergraph, self.graph, override_labels)
        self.counter = 0
        self.kind = OperationType.MUTATION if op.kind == "mutation" else OperationType.QUERY

    # -- root fields ---------------------------------------------------------------------

    def _local_count(self, subgraph: str, type_name: str, sels: list[NSelection]) -> int:
        n = 0
        for s in sels:
            if isinstance(s, NFragment):
                n += self._local_count(subgraph, s.type_condition, s.selections)
            elif self.walker.is_local(subgraph, type_name, s, None):
                n += 1
                if s.selections:
                    n += self._local_count(subgraph, s.type_name, s.selections)
        return n

    def _root_subgraph(self, f: NField) -> str:
        candidates = self.walker.resolvers(self.op.root_type, f.name)
        if not candidates:
            raise PlanningError(f"no subgraph resolves {self.op.root_type}.{f.name}")
        if len(candidates) == 1:
            return candidates[0]
        return max(candidates, key=lambda s: (self._local_count(s, f.type_name, f.selections or []),
                                              -self.sg.subgraph_order[s]))

    def _root_items(self) -> list[tuple[NField, tuple]]:
        out: list[tuple[NField, tuple]] = []
        for sel in self.op.selections:
            if isinstance(sel, NField):
                out.append((sel, ()))
            else:  # a conditional fragment on the root type
                out += [(c, sel.directives) for c in sel.selections if isinstance(c, NField)]
        return [(f, d) for f, d in out if f.name not in _LOCAL_ROOT_FIELDS]

    def plan_roots(self) -> list[FetchGroup]:
        roots: list[FetchGroup] = []
        by_subgraph: dict[str, FetchGroup] = {}
        for f, directives in self._root_items():
            subgraph = self._root_subgraph(f)
            if self.kind is OperationType.MUTATION:
                g = roots[-1] if roots and roots[-1].subgraph == subgraph else None
            else:
                g = by_subgraph.get(subgraph)
            if g is None:
                g = self.graph.new_group(subgraph, None, self.op.root_type)
                by_subgraph[subgraph] = g
                roots.append(g)
            sel: NSelection = f if not directives else NFragment(self.op.root_type, directives, [f])
            left = self.walker.plan(g, g.selection, self.op.root_type, (), None, [sel], set())
            tried = {subgraph}
            while left:
                g = self._reissue_root(f, left, tried, roots, by_subgraph)
                left = self.walker.plan(g, g.selection, self.op.root_type, (), None, left, set())
        return roots

    def _reissue_root(self, f: NField, left: list[NSelection], tried: set[str],
                      roots: list[FetchGroup], by_subgraph: dict[str, FetchGroup]) -> FetchGroup:
        """A root group in another subgraph sharing ``f``, for what the first could not resolve.

        A shareable root field returns the same value everywhere, so the rest of a value type
        can be read by asking the same root field of another subgraph (in parallel).
        """
        others = [s for s in self.walker.resolvers(self.op.root_type, f.name) if s not in tried]
        if not others or self.kind is OperationType.MUTATION:
            raise PlanningError(f"cannot plan every field under {f.response_name!r}")
        subgraph = max(others, key=lambda s: (self._local_count(s, self.op.root_type, left),
                                              -self.sg.subgraph_order[s]))
        tried.add(subgraph)
        g = by_subgraph.get(subgraph)
        if g is None:
            g = self.graph.new_group(subgraph, None, self.op.root_type)
            by_subgraph[subgraph] = g
            roots.append(g)
        return g

    # -- emitting ------------------------------------------------------------------------

    def fetch_node(self, g: FetchGroup) -> PlanNode:
        name = None
        if self.op.name:
            name = f"{self.op.name}__{g.subgraph}__{self.counter}"
        self.counter += 1
        alias_type_conflicts(self.sg, g.subgraph, g.selection, g.parent_type, g.output_rewrites)
        kind = OperationType.QUERY if g.is_entity else self.kind  # entity fetches only read
        operation, variables = build_operation(
            self.sg.schema, self.op, g.selection.to_ast(), g.parent_type, g.is_entity, name, kind)
        fetch = FetchNode(subgraph=g.subgraph, operation=operation, operation_name=name,
                          operation_kind=kind.value, variable_usages=variables,
                          requires=_inputs(g.inputs) if g.is_entity else None,
                          input_rewrites=tuple(g.input_rewrites),
                          output_rewrites=tuple(g.output_rewrites))
        if g.merge_path is None:
            return fetch
        return FlattenNode(path=g.merge_path, node=fetch)

    def build(self) -> QueryPlan:
        roots = self.plan_roots()
        self.graph.reduce()
        self.graph.remove_empty()
        self.graph.merge_siblings()
        self.graph.reduce()
        if self.kind is OperationType.MUTATION:
            return QueryPlan(node=self._fold_mutation(roots))
        node, waits = fold_groups(self.graph.roots(), self.fetch_node, True, _with_conditions)
        if waits:
            raise PlanningError("internal: fetch groups left waiting after folding")
        return QueryPlan(node=node)

    def _fold_mutation(self, roots: list[FetchGroup]) -> PlanNode | None:
        steps: list[PlanNode | None] = []
        for root in roots:
            node, _ = fold_groups([root], self.fetch_node, False, _with_conditions)
            steps.append(node)
        return sequence(steps)


def build_query_plan(supergraph: Supergraph, op: NormalizedOperation,
                     override_labels: frozenset[str] = frozenset()) -> QueryPlan:
    """Plan ``op`` over ``supergraph`` (PLANNER.md §3–4), or raise :class:`PlanningError`.

    ``override_labels`` are the active progressive-override labels (PLANNER.md 3.8): a
    labelled field is planned in the overriding subgraph while its label is active, in the
    overridden one otherwise. Plans differ per label set, so callers cache them per set.
    """
    return _PlanBuilder(supergraph, op, override_labels).build()

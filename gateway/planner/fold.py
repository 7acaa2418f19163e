"""Fold a reduced fetch dependency graph into Sequence/Parallel plan nodes (PLANNER.md §4.4)."""

from __future__ import annotations

from collections.abc import Callable

from gateway.planner.fetch_graph import FetchGroup, parallel, sequence
from gateway.planner.plan import PlanNode

__all__ = ["fold_groups"]

_Waits = dict[FetchGroup, set[FetchGroup]]


def _merge_waits(into: _Waits, more: _Waits) -> None:
    for child, pending in more.items():
        into[child] = into[child] & pending if child in into else set(pending)


def _unwrapped(_g: FetchGroup, node: PlanNode | None) -> PlanNode | None:
    return node


def fold_groups(ready: list[FetchGroup], node_for: Callable[[FetchGroup], PlanNode],
                concurrent: bool,
                wrap: Callable[[FetchGroup, PlanNode | None], PlanNode | None] = _unwrapped,
                ) -> tuple[PlanNode | None, _Waits]:
    """Fold the groups reachable from ``ready`` into one node.

    A group with one parent runs right after it, inside the parent's branch; a group with
    several parents runs in the first step after all of them finished. Returns the node and,
    for children still waiting on parents outside this fold, the parents they still wait for.
    """
    steps: list[PlanNode | None] = []
    waits: _Waits = {}
    while ready:
        branches: list[PlanNode | None] = []
        wave: list[_Waits] = []
        for g in ready:
            own = [c for c in g.children if list(c.parents) == [g]]
            sub, sub_waits = fold_groups(own, node_for, True, wrap)
            branches.append(wrap(g, sequence([node_for(g), sub])))
            w: _Waits = {c: set(c.parents) - {g} for c in g.children if len(c.parents) > 1}
            for c, pending in sub_waits.items():
                w[c] = w[c] & pending if c in w else set(pending)
            wave.append(w)
        steps.append(parallel(branches) if concurrent else sequence(branches))
        concurrent = True
        for w in wave:
            _merge_waits(waits, w)
        done = set(ready)
        waits = {c: pending - done for c, pending in waits.items()}
        ready = [c for c, pending in waits.items() if not pending]
        waits = {c: pending for c, pending in waits.items() if pending}
    return sequence(steps), waits

"""The fetch dependency graph: fetch groups, their edges, clean-up passes and folding."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graphql import DirectiveNode

from gateway.planner.plan import ParallelNode, PlanNode, Rewrite, SequenceNode
from gateway.planner.selections import SelTree

__all__ = ["FetchGroup", "FetchGraph", "sequence", "parallel"]


@dataclass(eq=False)
class FetchGroup:
    """One planned subgraph request (Apollo: a fetch dependency graph node)."""

    id: int
    """Creation index; plans are emitted in this order."""

    subgraph: str
    """Where the request goes."""

    merge_path: tuple[str, ...] | None
    """Response path the results merge at (``@`` per list level); None for root groups."""

    parent_type: str
    """Root type for root groups, entity type for entity groups."""

    selection: SelTree = field(default_factory=SelTree)
    """What to send (for entity groups: fragments inside ``_entities``)."""

    inputs: SelTree = field(default_factory=SelTree)
    """Per type, the representation recipe (entity groups only)."""

    parents: dict[FetchGroup, None] = field(default_factory=dict)
    """Groups that must finish first (ordered)."""

    children: dict[FetchGroup, None] = field(default_factory=dict)
    """Groups that wait for this one (ordered)."""

    for_requirement: bool = False
    """Created for a ``@requires`` field whose requirements come from other groups."""

    conditions: tuple[DirectiveNode, ...] = ()
    """``@include``/``@skip`` conditions under which this group (and its branch) runs."""


    input_rewrites: list[Rewrite] = field(default_factory=list)
    """``__typename`` rewrites for representations."""

    output_rewrites: list[Rewrite] = field(default_factory=list)
    """Alias renames applied to fetched data."""

    @property
    def is_entity(self) -> bool:
        """True for ``_entities`` fetches."""
        return self.merge_path is not None

    def __repr__(self) -> str:
        path = "root" if self.merge_path is None else ".".join(self.merge_path)
        return f"[{self.id}] {self.subgraph} @({path})"


def _splice(kind: type, nodes: Iterable[PlanNode | None]) -> list[PlanNode]:
    out: list[PlanNode] = []
    for n in nodes:
        if n is None:
            continue
        if isinstance(n, kind):
            out.extend(n.nodes)  # type: ignore[attr-defined]
        else:
            out.append(n)
    return out


def sequence(nodes: Iterable[PlanNode | None]) -> PlanNode | None:
    """A SequenceNode, unwrapped when it would have fewer than two children."""
    items = _splice(SequenceNode, nodes)
    if not items:
        return None
    return items[0] if len(items) == 1 else SequenceNode(nodes=tuple(items))


def parallel(nodes: Iterable[PlanNode | None]) -> PlanNode | None:
    """A ParallelNode, unwrapped when it would have fewer than two children."""
    items = _splice(ParallelNode, nodes)
    if not items:
        return None
    return items[0] if len(items) == 1 else ParallelNode(nodes=tuple(items))


class FetchGraph:
    """All groups of one operation, with the clean-up passes of PLANNER.md §4.3."""

    def __init__(self) -> None:
        self.groups: list[FetchGroup] = []

    def new_group(self, subgraph: str, merge_path: tuple[str, ...] | None, parent_type: str,
                  parents: Iterable[FetchGroup] = ()) -> FetchGroup:
        """Create a group depending on ``parents``."""
        g = FetchGroup(id=len(self.groups), subgraph=subgraph, merge_path=merge_path,
                       parent_type=parent_type)
        self.groups.append(g)
        for p in parents:
            self.add_edge(p, g)
        return g

    @staticmethod
    def add_edge(parent: FetchGroup, child: FetchGroup) -> None:
        """Record that ``child`` runs after ``parent``."""
        if parent is child:
            return
        child.parents[parent] = None
        parent.children[child] = None

    @staticmethod
    def remove_edge(parent: FetchGroup, child: FetchGroup) -> None:
        """Forget the edge ``parent → child``."""
        child.parents.pop(parent, None)
        parent.children.pop(child, None)

    def _ancestors(self, g: FetchGroup) -> set[FetchGroup]:
        seen: set[FetchGroup] = set()
        todo = list(g.parents)
        while todo:
            p = todo.pop()
            if p not in seen:
                seen.add(p)
                todo.extend(p.parents)
        return seen

    def reduce(self) -> None:
        """Transitive reduction: drop a parent edge implied by a longer path."""
        for g in self.groups:
            parents = list(g.parents)
            for p in parents:
                if any(p in self._ancestors(q) for q in parents if q is not p and q in g.parents):
                    self.remove_edge(p, g)

    def remove_empty(self) -> None:
        """Remove entity groups left with nothing to fetch, re-attaching their children."""
        for g in list(self.groups):
            if g.is_entity and not any(item.sub for item in g.selection.items.values()):
                for c in list(g.children):
                    self.remove_edge(g, c)
                    for p in g.parents:
                        self.add_edge(p, c)
                for p in list(g.parents):
                    self.remove_edge(p, g)
                self.groups.remove(g)

    def merge_siblings(self) -> None:
        """Merge groups with the same subgraph, merge path and single same parent."""
        changed = True
        while changed:
            changed = False
            for g in self.groups:
                if len(g.parents) != 1 or not g.is_entity:
                    continue
                parent = next(iter(g.parents))
                for other in list(parent.children):
                    if (other is not g and other.id > g.id and other.subgraph == g.subgraph
                            and other.merge_path == g.merge_path and list(other.parents) == [parent]
                            and other.is_entity):
                        self._absorb(g, other)
                        changed = True
                if changed:
                    break

    def _absorb(self, into: FetchGroup, other: FetchGroup) -> None:
        into.selection.merge(other.selection)
        into.inputs.merge(other.inputs)
        into.input_rewrites.extend(r for r in other.input_rewrites if r not in into.input_rewrites)
        into.output_rewrites.extend(
            r for r in other.output_rewrites if r not in into.output_rewrites)
        for c in list(other.children):
            self.remove_edge(other, c)
            self.add_edge(into, c)
        for p in list(other.parents):
            self.remove_edge(p, other)
        self.groups.remove(other)

    def roots(self) -> list[FetchGroup]:
        """Groups without parents, in creation order."""
        return [g for g in self.groups if not g.parents]

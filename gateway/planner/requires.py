"""Planning ``@requires`` fields: requirements first, then the fetch using them (PLANNER.md 3.5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gateway.errors import PlanningError
from gateway.planner.fetch_graph import FetchGroup
from gateway.planner.interface_objects import add_inputs, copy_into
from gateway.planner.normalize import NField, NSelection, normalize_selection_set
from gateway.planner.selections import SelTree

if TYPE_CHECKING:
    from gateway.planner.walk import Provided, Walker

__all__ = ["Requires"]


class Requires:
    """The ``@requires`` rules of the walk, for one :class:`Walker`."""

    def __init__(self, walker: Walker) -> None:
        self.w = walker
        self.sg = walker.sg
        self._active: set[tuple[str, str, str]] = set()

    def plan(self, g: FetchGroup, tree: SelTree, type_name: str, path: tuple[str, ...],
             provided: Provided | None, target: str, f: NField, touched: set[FetchGroup],
             entered: str | None = None) -> list[NSelection]:
        """Plan ``f`` of the entity at ``path`` in ``target``, which requires other fields.

        ``entered`` is the type the field is declared on in ``target`` when that is an
        interface object ``type_name`` implements; the requirement is then written against
        the interface, and representations carry the interface's name.
        """
        entered = entered or type_name
        guard = (target, entered, f.name)
        if guard in self._active:
            raise PlanningError(f"circular @requires on {entered}.{f.name} in {target}")
        self._active.add(guard)
        try:
            child = self._requirement_fetch(g, tree, type_name, path, provided, target, f,
                                            touched, entered)
            return self.w.plan(child, child.selection.add_fragment(entered).sub, entered, path,
                               None, [f], touched, requires_ok=True)
        finally:
            self._active.discard(guard)

    def _requirement_fetch(self, g: FetchGroup, tree: SelTree, type_name: str,
                           path: tuple[str, ...], provided: Provided | None, target: str,
                           f: NField, touched: set[FetchGroup], entered: str) -> FetchGroup:
        """The group that fetches ``f`` with its requirements planned into ``g`` (or after)."""
        req = self.w.requires_of(entered, f.name, target)
        req_sels = normalize_selection_set(self.sg.schema, entered, req) if req else []
        req_sels = self.w.unclash(tree, req_sels)
        producers: set[FetchGroup] = set()
        left = self.w.plan(g, tree, type_name, path, provided, req_sels, producers)
        if left:
            raise PlanningError(f"cannot satisfy the @requires of {entered}.{f.name}")
        touched |= producers
        deps = [p for p in self.w.graph.groups if p in producers and p is not g]
        if deps:
            return self._requirement_group(g, tree, type_name, path, provided, target,
                                           req_sels, deps, touched, entered)
        # The source group produces every requirement: share the plain key jump.
        if entered == type_name:
            child = self.w.key_child(g, tree, type_name, path, provided, target, touched)
            copy_into(child.inputs.add_fragment(type_name).sub, req_sels)
        else:
            child = self.w.interface_objects.child(g, tree, type_name, entered, path, provided,
                                                   target, touched)
            add_inputs(child, entered, req_sels)
        return child

    def _requirement_group(self, g: FetchGroup, tree: SelTree, type_name: str,
                           path: tuple[str, ...], provided: Provided | None, target: str,
                           req_sels: list[NSelection], deps: list[FetchGroup],
                           touched: set[FetchGroup], entered: str) -> FetchGroup:
        """A group of its own, after ``g`` and the groups producing the requirements."""
        key = self.w.entry_key_as(g.subgraph, type_name, entered, target, provided)
        if key is None:
            raise PlanningError(f"no key of {entered} lets {g.subgraph} reach {target}")
        key_sels = self.w.add_key_inputs(g, tree, type_name, path, provided, key, touched)
        child = self.w.graph.new_group(target, path, entered, [g, *deps])
        child.for_requirement = True
        add_inputs(child, entered, [*req_sels, *key_sels],
                   rewrite_to=entered if self.sg.is_abstract(entered) else None)
        return child

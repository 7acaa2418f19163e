"""Entity jumps: where the leftovers of an entity go, and the fetch groups that get them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graphql import DirectiveNode

from gateway.planner.fetch_graph import FetchGroup
from gateway.planner.interface_objects import needs_real_type
from gateway.planner.normalize import NField, NFragment, NSelection, condition_key
from gateway.planner.selections import SelTree

if TYPE_CHECKING:
    from gateway.planner.walk import Provided, Walker

__all__ = ["Jumps", "Step"]


@dataclass(frozen=True, slots=True)
class Step:
    """One field the walk descended through inside a group."""

    group: FetchGroup
    """The group being filled."""

    type_name: str
    """The type the field was selected on."""

    path: tuple[str, ...]
    """The response path of that type."""

    field: NField
    """The field."""


@dataclass
class _Routes:
    """Where the leftovers of one entity go (see :meth:`Jumps.jump`)."""

    targets: dict[str, list[NSelection]] = field(default_factory=dict)
    """Key jumps: selections per target subgraph."""

    via_interface: dict[tuple[str, str], list[NField]] = field(default_factory=dict)
    """Jumps into an interface object: fields per (subgraph, interface)."""

    provider: str | None = None
    """The subgraph answering the real ``__typename`` at an interface object."""

    downcasts: list[NFragment] = field(default_factory=list)
    """Interface-object fields under type conditions, fetched after the provider."""

    remaining: list[NSelection] = field(default_factory=list)
    """What no jump from here can reach."""


class Jumps:
    """The jump rules of the walk (PLANNER.md 3.4, 3.7, 3.10), for one :class:`Walker`."""

    def __init__(self, walker: Walker) -> None:
        self.w = walker
        self.sg = walker.sg
        self.graph = walker.graph

    def jump(self, g: FetchGroup, tree: SelTree, type_name: str, path: tuple[str, ...],
             provided: Provided | None, leftovers: list[NSelection],
             touched: set[FetchGroup]) -> list[NSelection]:
        """Plan ``leftovers`` of the entity at ``path`` in other subgraphs; return what remains."""
        if self.sg.is_abstract(type_name) and not self.sg.types[type_name].keys:
            return leftovers
        passed_up = [s for s in leftovers if self._ancestor_jump_takes(g, type_name, path, s)]
        leftovers = [s for s in leftovers if not any(s is p for p in passed_up)]
        routes = self._route(g.subgraph, type_name, provided, leftovers)
        remaining = routes.remaining + passed_up
        for (target, interface), fields in routes.via_interface.items():
            remaining += self._jump_into_interface_object(g, tree, type_name, interface, path,
                                                          provided, target, fields, touched)
        # Apollo walks jumps from one spot in reverse join__Graph order; keep it for equal plans.
        for target in sorted(routes.targets, key=lambda s: -self.sg.subgraph_order[s]):
            remaining += self._jump_to(g, tree, type_name, path, provided, target,
                                       routes.targets[target], touched)
        if routes.provider is not None:
            remaining += self._plan_downcasts(g, tree, type_name, path, provided, routes.provider,
                                              routes.downcasts, touched)
        return remaining

    def _choose_target(self, source: str, type_name: str, f: NField, provided: Provided | None,
                       leftovers: list[NSelection]) -> str | None:
        best: tuple[int, int, int] | None = None
        choice: str | None = None
        for target in self.w.resolvers(type_name, f.name):
            needs = self.w.requires_of(type_name, f.name, target) is not None
            if target == source and not needs:
                continue
            if self.w.entry_key(source, type_name, target, provided) is None:
                continue
            covered = sum(1 for s in leftovers if isinstance(s, NField)
                          and target in self.w.resolvers(type_name, s.name))
            rank = (int(needs), -covered, self.sg.subgraph_order[target])
            if best is None or rank < best:
                best, choice = rank, target
        if choice is None:
            choice = self._via_subgraph(source, type_name, f, provided)
        return choice

    def _via_subgraph(self, source: str, type_name: str, f: NField,
                      provided: Provided | None) -> str | None:
        """A subgraph to jump through when no resolver of ``f`` can be entered from ``source``.

        The field is planned there as a leftover and jumps again with a key that subgraph
        can supply (keys switched between subgraphs).
        """
        resolvers = self.w.resolvers(type_name, f.name)
        for middle in self.sg.subgraphs:
            if middle == source or middle in resolvers:
                continue
            if self.w.entry_key(source, type_name, middle, provided) is None:
                continue
            if any(self.w.entry_key(middle, type_name, r, None) is not None for r in resolvers):
                return middle
        return None

    def _ancestor_jump_takes(self, g: FetchGroup, type_name: str, path: tuple[str, ...],
                             sel: NSelection) -> bool:
        """True if ``sel`` should bubble up to a jump an enclosing entity makes anyway.

        The nearest entity ancestor is where a jump is normally made (PLANNER.md 2, rule 2).
        But when a further ancestor of the same group already jumps to a subgraph that can
        also resolve the fields down to here and ``sel`` itself, re-selecting them in that
        fetch saves a fetch, as Apollo's cost model does (``borrower { email branch { phone
        } }``: one ``Member`` fetch instead of a ``Member`` and a ``Branch`` fetch).
        """
        if not isinstance(sel, NField) or self._plain_child_in(g, type_name, path, sel) is not None:
            return False
        steps: list[Step] = []
        for step in reversed(self.w.steps):
            if step.group is not g:
                return False
            steps.insert(0, step)
            for target in self._ancestor_targets(g, step):
                if (all(self.w.is_local(target, s.type_name, s.field, None) for s in steps)
                        and self._resolvable_in(target, type_name, sel)):
                    return True
        return False

    def _ancestor_targets(self, g: FetchGroup, step: Step) -> list[str]:
        """Subgraphs the level above ``step`` sends a fetch to anyway, or could for free.

        Below a root query field shared by several subgraphs, re-issuing the root field in
        another of them runs in parallel, where an entity jump would run after (PLANNER.md
        3.3): Apollo's plan for ``station { now { tempC windKmh } }``.
        """
        if g.merge_path is None and not step.path and step.type_name == self.w.query_type:
            return [s for s in self.w.resolvers(step.type_name, step.field.name)
                    if s != g.subgraph]
        target = self._plain_child_in(g, step.type_name, step.path, None)
        return [] if target is None else [target]

    def _plain_child_in(self, g: FetchGroup, type_name: str, path: tuple[str, ...],
                        sel: NField | None) -> str | None:
        """The subgraph of an unconditional key-jump child of ``g`` at ``path`` (one that
        can resolve ``sel``, if given)."""
        for c in g.children:
            if (c.merge_path == path and c.parent_type == type_name and list(c.parents) == [g]
                    and not c.for_requirement and not c.conditions
                    and (sel is None or self._resolvable_in(c.subgraph, type_name, sel))):
                return c.subgraph
        return None

    def _resolvable_in(self, subgraph: str, type_name: str, sel: NSelection) -> bool:
        """True if ``subgraph`` resolves ``sel`` and everything under it without jumping."""
        if isinstance(sel, NFragment):
            return all(self._resolvable_in(subgraph, sel.type_condition, s)
                       for s in sel.selections)
        if sel.name == "__typename":
            return not self.sg.is_interface_object(type_name, subgraph)
        if not self.w.is_local(subgraph, type_name, sel, None):
            return False
        return all(self._resolvable_in(subgraph, sel.type_name, s) for s in sel.selections or ())

    def _plan_downcasts(self, g: FetchGroup, tree: SelTree, type_name: str,
                        path: tuple[str, ...], provided: Provided | None, provider: str,
                        frags: list[NFragment], touched: set[FetchGroup]) -> list[NSelection]:
        """Interface-object fields under type conditions, after their typename provider."""
        remaining: list[NSelection] = []
        for frag in frags:
            # The provider group for this fragment's conditions was planned by the jumps.
            after = self.w.key_child(g, tree, type_name, path, provided, provider, touched,
                                   frag.directives)
            remaining += self.w.interface_objects.plan_downcast(g, tree, type_name, path, provided,
                                                              after, frag, touched)
        return remaining

    def _route(self, source: str, type_name: str, provided: Provided | None,
               leftovers: list[NSelection]) -> _Routes:
        """Decide where each leftover of the entity at ``type_name`` in ``source`` goes."""
        routes = _Routes()
        chosen = {id(sel): self._choose_target(source, type_name, sel, provided, leftovers)
                  for sel in leftovers if isinstance(sel, NField) and sel.name != "__typename"}
        if self.sg.is_interface_object(type_name, source) and any(
                needs_real_type(sel, type_name) for sel in leftovers):
            preferred = [t for t in chosen.values() if t is not None]
            routes.provider = self.w.interface_objects.typename_provider(
                source, type_name, provided, preferred)
        for sel in leftovers:
            target = chosen.get(id(sel))
            if routes.provider is not None and needs_real_type(sel, type_name):
                target = routes.provider
                if isinstance(sel, NFragment):
                    local, rest = self.w.interface_objects.split_fragment(source, target, type_name,
                                                                        sel)
                    if local:
                        routes.downcasts.append(
                            NFragment(sel.type_condition, sel.directives, local))
                    sel = (NFragment(sel.type_condition, sel.directives, rest) if rest else
                           NField("__typename", "__typename", (), sel.directives, "String"))
            if target is not None:
                routes.targets.setdefault(target, []).append(sel)
                continue
            entry = None
            if isinstance(sel, NField):
                entry = self.w.interface_objects.target(source, type_name, sel, provided)
            if entry is None:
                routes.remaining.append(sel)
            else:
                routes.via_interface.setdefault(entry, []).append(sel)  # type: ignore[arg-type]
        return routes

    def _jump_to(self, g: FetchGroup, tree: SelTree, type_name: str, path: tuple[str, ...],
                 provided: Provided | None, target: str, sels: list[NSelection],
                 touched: set[FetchGroup]) -> list[NSelection]:
        """Plain key jumps into ``target``, one per condition set, and ``@requires`` fields."""
        remaining: list[NSelection] = []
        plain = [s for s in sels if isinstance(s, NFragment)
                 or self.w.requires_of(type_name, s.name, target) is None]
        for conditions, group_sels in _by_conditions(plain):
            child = self.w.key_child(g, tree, type_name, path, provided, target, touched,
                                     conditions)
            remaining += self.w.plan(child, child.selection.add_fragment(type_name).sub, type_name,
                                   path, None, group_sels, touched)
        for f in sels:
            if isinstance(f, NField) and not any(f is p for p in plain):
                remaining += self.w.requires.plan(g, tree, type_name, path, provided, target, f,
                                                touched)
        return remaining

    def _jump_into_interface_object(self, g: FetchGroup, tree: SelTree, type_name: str,
                                    interface: str, path: tuple[str, ...],
                                    provided: Provided | None, target: str,
                                    fields: list[NField],
                                    touched: set[FetchGroup]) -> list[NSelection]:
        """Fields of a concrete ``type_name`` that only ``interface``'s interface object has."""
        remaining: list[NSelection] = []
        plain: list[NSelection] = [f for f in fields
                                   if self.w.requires_of(interface, f.name, target) is None]
        if plain:
            child = self.w.interface_objects.child(g, tree, type_name, interface, path, provided,
                                                 target, touched)
            remaining += self.w.plan(child, child.selection.add_fragment(interface).sub, interface,
                                   path, None, plain, touched)
        for f in fields:
            if not any(f is p for p in plain):
                remaining += self.w.requires.plan(g, tree, type_name, path, provided, target, f,
                                                touched, entered=interface)
        return remaining


def _by_conditions(
    sels: list[NSelection],
) -> list[tuple[tuple[DirectiveNode, ...], list[NSelection]]]:
    """Split jump selections by their conditions; conditioned ones lose their directives.

    A group that exists only for selections under one ``@include``/``@skip`` becomes a
    Condition node in the plan instead of sending the directive to the subgraph (PLANNER.md
    3.12).
    """
    out: dict[str, tuple[tuple[DirectiveNode, ...], list[NSelection]]] = {}
    for sel in sels:
        key = condition_key(sel.directives)
        stripped: NSelection = sel
        if sel.directives and isinstance(sel, NField):
            stripped = NField(sel.response_name, sel.name, sel.arguments, (), sel.type_name,
                              sel.selections)
        elif sel.directives and isinstance(sel, NFragment):
            stripped = NFragment(sel.type_condition, (), sel.selections)
        out.setdefault(key, (sel.directives, []))[1].append(stripped)
    return list(out.values())

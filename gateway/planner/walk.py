"""The planner's walk: place every selected field in a fetch group (PLANNER.md §3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import DirectiveNode, GraphQLList, GraphQLNonNull, GraphQLOutputType, SelectionSetNode

from gateway.errors import PlanningError
from gateway.planner.fetch_graph import FetchGraph, FetchGroup
from gateway.planner.interface_objects import InterfaceObjects, add_inputs, needs_real_type
from gateway.planner.normalize import (
    NField,
    NFragment,
    NSelection,
    condition_key,
    normalize_selection_set,
)
from gateway.planner.requires import Requires
from gateway.planner.selections import SelTree
from gateway.supergraph.model import Key, Supergraph

__all__ = ["Walker", "Provided"]

Provided = dict[Any, "Provided"]
"""Fields promised by ``@provides`` below the current spot: name → nested, ("...", T) → nested."""


def _list_depth(t: GraphQLOutputType) -> int:
    depth = 0
    while True:
        if isinstance(t, GraphQLNonNull):
            t = t.of_type
        elif isinstance(t, GraphQLList):
            depth += 1
            t = t.of_type
        else:
            return depth


def _provided_tree(sel: SelectionSetNode | None) -> Provided:
    out: Provided = {}
    for s in sel.selections if sel is not None else ():
        sub = _provided_tree(getattr(s, "selection_set", None))
        if getattr(s, "type_condition", None) is not None:
            out[("...", s.type_condition.name.value)] = sub  # type: ignore[union-attr]
        elif hasattr(s, "name"):
            out[s.name.value] = sub  # type: ignore[union-attr]
    return out


def _at_type(provided: Provided | None, type_name: str) -> Provided | None:
    """The provided set applying to an object of ``type_name`` here."""
    if provided is None:
        return None
    typed = provided.get(("...", type_name))
    if typed is None:
        return provided
    merged = dict(provided)
    merged.update(typed)
    return merged


class Walker:
    """Walks one normalised operation, filling a :class:`FetchGraph`."""

    def __init__(self, supergraph: Supergraph, graph: FetchGraph,
                 override_labels: frozenset[str] = frozenset()) -> None:
        self.sg = supergraph
        self.graph = graph
        self.labels = override_labels
        """Active progressive-override labels: they decide which subgraph resolves a field."""
        self.interface_objects = InterfaceObjects(self)
        self.requires = Requires(self)
        query = supergraph.schema.query_type
        self._query_type = query.name if query is not None else None
        self._steps: list[_Step] = []
        """The fields the walk descended through, outermost first."""

    # -- field facts ---------------------------------------------------------------------

    def _field_type(self, type_name: str, field_name: str) -> GraphQLOutputType:
        fdef = self.sg.field_def(type_name, field_name)
        if fdef is None:
            raise PlanningError(f"unknown field {type_name}.{field_name}")
        return fdef.type

    def resolvers(self, type_name: str, field_name: str) -> tuple[str, ...]:
        """Subgraphs that resolve ``type_name.field_name`` under the active labels."""
        return self.sg.resolvers(type_name, field_name, self.labels)

    def requires_of(self, type_name: str, field_name: str, subgraph: str) -> SelectionSetNode | None:
        """The ``@requires`` of ``type_name.field_name`` in ``subgraph``."""
        info = self.sg.field_info(type_name, field_name)
        src = info.sources.get(subgraph) if info is not None else None
        return None if src is None else src.requires

    def is_local(self, subgraph: str, type_name: str, f: NField, provided: Provided | None,
                 requires_ok: bool = False) -> bool:
        """Can ``subgraph`` resolve ``f`` on ``type_name`` right here?"""
        if provided is not None and f.name in provided:
            return True
        if self.sg.is_abstract(type_name) and not self.sg.is_interface_object(type_name, subgraph):
            if not self._field_local(subgraph, type_name, f.name, requires_ok):
                return False
            return all(self._field_local(subgraph, t, f.name, requires_ok)
                       for t in self.sg.possible_types(type_name, subgraph))
        return self._field_local(subgraph, type_name, f.name, requires_ok)

    def _field_local(self, subgraph: str, type_name: str, field_name: str, requires_ok: bool) -> bool:
        info = self.sg.field_info(type_name, field_name)
        src = info.sources.get(subgraph) if info is not None else None
        return (src is not None and src.serves(self.labels)
                and (requires_ok or src.requires is None))

    # -- the walk ------------------------------------------------------------------------

    def plan(self, g: FetchGroup, tree: SelTree, type_name: str, path: tuple[str, ...],
             provided: Provided | None, sels: list[NSelection], touched: set[FetchGroup],
             requires_ok: bool = False) -> list[NSelection]:
        """Add what ``g`` can fetch at ``type_name``; jump for the rest; return leftovers."""
        subgraph = g.subgraph
        provided = _at_type(provided, type_name)
        if self.sg.is_abstract(type_name) and not self.sg.is_interface_object(type_name, subgraph):
            # The executor needs the runtime type of every abstract value (PLANNER.md 3.9).
            tree.add_field("__typename", "__typename")
        stand_in = self.sg.is_interface_object(type_name, subgraph)
        leftovers: list[NSelection] = []
        deferred: list[tuple[Any, NSelection, str]] = []
        for sel in sels:
            if stand_in and needs_real_type(sel, type_name):
                leftovers.append(sel)  # the subgraph only knows the stand-in type here
            elif isinstance(sel, NFragment):
                self._place_fragment(g, tree, type_name, sel, deferred)
            elif sel.name == "__typename":
                tree.add_field(sel.response_name, "__typename", (), sel.directives)
                touched.add(g)
            elif self.is_local(subgraph, type_name, sel, provided, requires_ok):
                composite = sel.selections is not None
                item = tree.add_field(sel.response_name, sel.name, sel.arguments, sel.directives,
                                      composite)
                touched.add(g)
                if composite:
                    deferred.append((item, sel, sel.type_name))
            elif self._explode(subgraph, type_name, sel, provided, requires_ok):
                for t in self.sg.possible_types(type_name, subgraph):
                    self._place_fragment(g, tree, type_name, NFragment(t, (), [sel]), deferred)
            else:
                leftovers.append(sel)
        if leftovers:  # jumps for direct leftovers come first, as in Apollo's plans
            leftovers = self.jump(g, tree, type_name, path, provided, leftovers, touched)
        bubbled: list[NSelection] = []
        for target, sel, child_type in deferred:
            if isinstance(sel, NField):
                sub_left = self._descend(g, target.sub, type_name, path, provided, sel, touched)
                if sub_left:
                    bubbled.append(NField(sel.response_name, sel.name, sel.arguments,
                                          sel.directives, sel.type_name, sub_left))
            else:
                sub_left = self.plan(g, target, child_type, path, provided, sel.selections, touched)
                if sub_left:
                    bubbled.append(NFragment(child_type, sel.directives, sub_left))
        if bubbled:
            bubbled = self.jump(g, tree, type_name, path, provided, bubbled, touched)
        return leftovers + bubbled

    def _explode(self, subgraph: str, type_name: str, f: NField, provided: Provided | None,
                 requires_ok: bool) -> bool:
        """Should ``f``, not resolvable on abstract ``type_name`` here, be split per type?

        Yes if some implementation resolves it here, or if no other subgraph resolves it on
        the abstract type itself. Otherwise one jump on the abstract type (an entity
        interface's key, into an interface object for instance) serves every implementation,
        as Apollo plans it.
        """
        possible = self.sg.possible_types(type_name, subgraph)
        if not possible or not self.sg.is_abstract(type_name):
            return False
        if any(self._field_local(subgraph, t, f.name, requires_ok) for t in possible):
            return True
        return not any(self.entry_key(subgraph, type_name, t, provided) is not None
                       for t in self.resolvers(type_name, f.name) if t != subgraph)

    def _place_fragment(self, g: FetchGroup, tree: SelTree, type_name: str, frag: NFragment,
                        deferred: list[tuple[Any, NSelection, str]]) -> None:
        cond = frag.type_condition
        subgraph = g.subgraph
        here = set(self.sg.possible_types(type_name, subgraph))
        wanted = set(self.sg.possible_types(cond))
        if cond != type_name and not (here & wanted):
            return  # can never match data from this subgraph
        if cond == type_name and not frag.directives:
            deferred.append((tree, frag, cond))
            return
        target_type = cond if self.sg.has_type_in(cond, subgraph) else type_name
        item = tree.add_fragment(target_type, frag.directives)
        deferred.append((item.sub, frag, target_type))

    def _descend(self, g: FetchGroup, sub: SelTree, type_name: str, path: tuple[str, ...],
                 provided: Provided | None, f: NField, touched: set[FetchGroup]) -> list[NSelection]:
        ftype = self._field_type(type_name, f.name)
        child_path = path + (f.response_name,) + ("@",) * _list_depth(ftype)
        child_provided: Provided | None = None
        if provided is not None and f.name in provided:
            child_provided = provided[f.name]
        info = self.sg.field_info(type_name, f.name)
        src = info.sources.get(g.subgraph) if info is not None else None
        if src is not None and src.provides is not None:
            extra = _provided_tree(src.provides)
            child_provided = {**(child_provided or {}), **extra}
        self._steps.append(_Step(g, type_name, path, f))
        try:
            return self.plan(g, sub, f.type_name, child_path, child_provided,
                             f.selections or [], touched)
        finally:
            self._steps.pop()

    # -- entity jumps ----------------------------------------------------------------------

    def _key_available(self, subgraph: str, type_name: str, key: Key,
                       provided: Provided | None) -> bool:
        for sel in normalize_selection_set(self.sg.schema, type_name, key.selection):
            if isinstance(sel, NField) and not (
                    sel.name == "__typename" or self.is_local(subgraph, type_name, sel, provided)):
                return False
        return True

    def entry_key(self, source: str, type_name: str, target: str,
                  provided: Provided | None) -> Key | None:
        """The first resolvable key of ``type_name`` in ``target`` that ``source`` can supply."""
        return self.entry_key_as(source, type_name, type_name, target, provided)

    def _choose_target(self, source: str, type_name: str, f: NField, provided: Provided | None,
                       leftovers: list[NSelection]) -> str | None:
        best: tuple[int, int, int] | None = None
        choice: str | None = None
        for target in self.resolvers(type_name, f.name):
            needs = self.requires_of(type_name, f.name, target) is not None
            if target == source and not needs:
                continue
            if self.entry_key(source, type_name, target, provided) is None:
                continue
            covered = sum(1 for s in leftovers if isinstance(s, NField)
                          and target in self.resolvers(type_name, s.name))
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
        resolvers = self.resolvers(type_name, f.name)
        for middle in self.sg.subgraphs:
            if middle == source or middle in resolvers:
                continue
            if self.entry_key(source, type_name, middle, provided) is None:
                continue
            if any(self.entry_key(middle, type_name, r, None) is not None for r in resolvers):
                return middle
        return None

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
        steps: list[_Step] = []
        for step in reversed(self._steps):
            if step.group is not g:
                return False
            steps.insert(0, step)
            for target in self._ancestor_targets(g, step):
                if (all(self.is_local(target, s.type_name, s.field, None) for s in steps)
                        and self._resolvable_in(target, type_name, sel)):
                    return True
        return False

    def _ancestor_targets(self, g: FetchGroup, step: _Step) -> list[str]:
        """Subgraphs the level above ``step`` sends a fetch to anyway, or could for free.

        Below a root query field shared by several subgraphs, re-issuing the root field in
        another of them runs in parallel, where an entity jump would run after (PLANNER.md
        3.3): Apollo's plan for ``station { now { tempC windKmh } }``.
        """
        if g.merge_path is None and not step.path and step.type_name == self._query_type:
            return [s for s in self.resolvers(step.type_name, step.field.name)
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
        if not self.is_local(subgraph, type_name, sel, None):
            return False
        return all(self._resolvable_in(subgraph, sel.type_name, s) for s in sel.selections or ())

    def _plan_downcasts(self, g: FetchGroup, tree: SelTree, type_name: str,
                        path: tuple[str, ...], provided: Provided | None, provider: str,
                        frags: list[NFragment], touched: set[FetchGroup]) -> list[NSelection]:
        """Interface-object fields under type conditions, after their typename provider."""
        remaining: list[NSelection] = []
        for frag in frags:
            # The provider group for this fragment's conditions was planned by the jumps.
            after = self.key_child(g, tree, type_name, path, provided, provider, touched,
                                   frag.directives)
            remaining += self.interface_objects.plan_downcast(g, tree, type_name, path, provided,
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
            routes.provider = self.interface_objects.typename_provider(source, type_name, provided,
                                                                       preferred)
        for sel in leftovers:
            target = chosen.get(id(sel))
            if routes.provider is not None and needs_real_type(sel, type_name):
                target = routes.provider
                if isinstance(sel, NFragment):
                    local, rest = self.interface_objects.split_fragment(source, target, type_name,
                                                                        sel)
                    if local:
                        routes.downcasts.append(NFragment(sel.type_condition, sel.directives, local))
                    sel = (NFragment(sel.type_condition, sel.directives, rest) if rest else
                           NField("__typename", "__typename", (), sel.directives, "String"))
            if target is not None:
                routes.targets.setdefault(target, []).append(sel)
                continue
            entry = None
            if isinstance(sel, NField):
                entry = self.interface_objects.target(source, type_name, sel, provided)
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
                 or self.requires_of(type_name, s.name, target) is None]
        for conditions, group_sels in _by_conditions(plain):
            child = self.key_child(g, tree, type_name, path, provided, target, touched, conditions)
            remaining += self.plan(child, child.selection.add_fragment(type_name).sub, type_name,
                                   path, None, group_sels, touched)
        for f in sels:
            if isinstance(f, NField) and not any(f is p for p in plain):
                remaining += self.requires.plan(g, tree, type_name, path, provided, target, f,
                                                touched)
        return remaining

    def _jump_into_interface_object(self, g: FetchGroup, tree: SelTree, type_name: str,
                                    interface: str, path: tuple[str, ...],
                                    provided: Provided | None, target: str,
                                    fields: list[NField], touched: set[FetchGroup]) -> list[NSelection]:
        """Fields of a concrete ``type_name`` that only ``interface``'s interface object has."""
        remaining: list[NSelection] = []
        plain: list[NSelection] = [f for f in fields
                                   if self.requires_of(interface, f.name, target) is None]
        if plain:
            child = self.interface_objects.child(g, tree, type_name, interface, path, provided,
                                                 target, touched)
            remaining += self.plan(child, child.selection.add_fragment(interface).sub, interface,
                                   path, None, plain, touched)
        for f in fields:
            if not any(f is p for p in plain):
                remaining += self.requires.plan(g, tree, type_name, path, provided, target, f,
                                                touched, entered=interface)
        return remaining

    def unclash(self, tree: SelTree, sels: list[NSelection]) -> list[NSelection]:
        """Give injected fields an internal alias where the client uses their response name.

        Keys and requirements are added to the client's selection; a client field under the
        same response name with another field or other arguments must not be merged with
        them (PLANNER.md 3.5, 3.14). The representation builder reads the alias back.
        """
        out: list[NSelection] = []
        for sel in sels:
            if isinstance(sel, NField) and tree.conflicts(sel.response_name, sel.name,
                                                          sel.arguments):
                alias = self._alias_for(tree, sel.name)
                sel = NField(alias, sel.name, sel.arguments, sel.directives, sel.type_name,
                             sel.selections)
            out.append(sel)
        return out

    def _alias_for(self, tree: SelTree, name: str) -> str:
        n = 0
        while True:
            alias = f"{name}__alias_{n}"
            if not any(getattr(i, "response_name", None) == alias for i in tree.items.values()):
                return alias
            n += 1

    def add_key_inputs(self, g: FetchGroup, tree: SelTree, type_name: str,
                        path: tuple[str, ...], provided: Provided | None, key: Key,
                        touched: set[FetchGroup]) -> list[NSelection]:
        key_sels = self.unclash(tree, normalize_selection_set(self.sg.schema, type_name,
                                                               key.selection))
        # __typename directly: at an interface object the stand-in name is what the key needs.
        # At an entity fetch's root the store has it already (it built the representation).
        if not (g.is_entity and any(item.sub is tree for item in g.selection.items.values())):
            tree.add_field("__typename", "__typename")
        touched.add(g)
        left = self.plan(g, tree, type_name, path, provided, key_sels, touched)
        if left:
            raise PlanningError(f"cannot select the key {key.fields!r} of {type_name} in {g.subgraph}")
        return key_sels

    def key_child(self, g: FetchGroup, tree: SelTree, type_name: str, path: tuple[str, ...],
                  provided: Provided | None, target: str, touched: set[FetchGroup],
                  conditions: tuple[DirectiveNode, ...] = ()) -> FetchGroup:
        """The plain key-jump group from ``g`` into ``target`` at ``path`` (re-used if present)."""
        for c in g.children:
            if (c.subgraph == target and c.merge_path == path and c.parent_type == type_name
                    and list(c.parents) == [g] and not c.for_requirement
                    and condition_key(c.conditions) == condition_key(conditions)):
                return c
        key = self.entry_key(g.subgraph, type_name, target, provided)
        if key is None:
            raise PlanningError(f"no key of {type_name} lets {g.subgraph} reach {target}")
        key_sels = self.add_key_inputs(g, tree, type_name, path, provided, key, touched)
        child = self.graph.new_group(target, path, type_name, [g])
        child.conditions = conditions
        # Entering an interface: representations name the interface, as Apollo sends them.
        add_inputs(child, type_name, key_sels,
                   rewrite_to=type_name if self.sg.is_abstract(type_name) else None)
        return child

    def entry_key_as(self, source: str, type_name: str, entered: str, target: str,
                      provided: Provided | None) -> Key | None:
        """A resolvable key of ``entered`` in ``target`` whose fields ``source`` can supply
        on ``type_name`` (the same type, or an interface object it implements)."""
        info = self.sg.types.get(entered)
        for key in info.resolvable_keys(target) if info is not None else ():
            if self._key_available(source, type_name, key, provided):
                return key
        return None

@dataclass(frozen=True, slots=True)
class _Step:
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
    """Where the leftovers of one entity go (see :meth:`Walker.jump`)."""

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


def _by_conditions(sels: list[NSelection]) -> list[tuple[tuple[DirectiveNode, ...], list[NSelection]]]:
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

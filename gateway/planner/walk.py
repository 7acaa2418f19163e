"""The planner's walk: place every selected field in a fetch group (PLANNER.md §3)."""

from __future__ import annotations

from typing import Any

from graphql import DirectiveNode, GraphQLList, GraphQLNonNull, GraphQLOutputType, SelectionSetNode

from gateway.errors import PlanningError
from gateway.planner.fetch_graph import FetchGraph, FetchGroup
from gateway.planner.interface_objects import InterfaceObjects, add_inputs, needs_real_type
from gateway.planner.jumps import Jumps, Step
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

__all__ = ["Provided", "Walker"]

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
        self.query_type = query.name if query is not None else None
        """The query root type's name."""
        self.steps: list[Step] = []
        """The fields the walk descended through, outermost first."""
        self.jumps = Jumps(self)

    # -- field facts ---------------------------------------------------------------------

    def _field_type(self, type_name: str, field_name: str) -> GraphQLOutputType:
        fdef = self.sg.field_def(type_name, field_name)
        if fdef is None:
            raise PlanningError(f"unknown field {type_name}.{field_name}")
        return fdef.type

    def resolvers(self, type_name: str, field_name: str) -> tuple[str, ...]:
        """Subgraphs that resolve ``type_name.field_name`` under the active labels."""
        return self.sg.resolvers(type_name, field_name, self.labels)

    def requires_of(self, type_name: str, field_name: str,
                    subgraph: str) -> SelectionSetNode | None:
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

    def _field_local(self, subgraph: str, type_name: str, field_name: str,
                     requires_ok: bool) -> bool:
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
                 provided: Provided | None, f: NField,
                 touched: set[FetchGroup]) -> list[NSelection]:
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
        self.steps.append(Step(g, type_name, path, f))
        try:
            return self.plan(g, sub, f.type_name, child_path, child_provided,
                             f.selections or [], touched)
        finally:
            self.steps.pop()

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

    def jump(self, g: FetchGroup, tree: SelTree, type_name: str, path: tuple[str, ...],
             provided: Provided | None, leftovers: list[NSelection],
             touched: set[FetchGroup]) -> list[NSelection]:
        """Plan ``leftovers`` of the entity at ``path`` in other subgraphs; return what remains."""
        return self.jumps.jump(g, tree, type_name, path, provided, leftovers, touched)

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
            raise PlanningError(
                f"cannot select the key {key.fields!r} of {type_name} in {g.subgraph}")
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

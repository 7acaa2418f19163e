"""Planning around ``@interfaceObject``: jumps in, real typenames, downcasts (PLANNER.md 3.10)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gateway.errors import PlanningError
from gateway.planner.fetch_graph import FetchGroup
from gateway.planner.normalize import NField, NFragment, NSelection
from gateway.planner.plan import Rewrite
from gateway.planner.selections import SelTree

if TYPE_CHECKING:
    from gateway.planner.walk import Provided, Walker

__all__ = ["InterfaceObjects", "add_inputs", "copy_into", "needs_real_type"]


def needs_real_type(sel: NSelection, interface: str) -> bool:
    """True if ``sel``, at an interface object, needs the object's real ``__typename``."""
    if isinstance(sel, NFragment):
        return sel.type_condition != interface
    return sel.name == "__typename"


class InterfaceObjects:
    """The interface-object rules of the walk, for one :class:`Walker`.

    In a subgraph where interface ``I`` is an ``@interfaceObject``, objects only know the
    stand-in name ``I``. Three rules follow (PLANNER.md 3.10):

    1. a concrete ``X`` enters ``I``'s interface object with a representation whose
       ``__typename`` is rewritten to ``I``;
    2. ``__typename`` and type conditions under ``I`` there are answered by a subgraph in which
       ``I`` is a real interface with a key (the *typename provider*);
    3. a field of the interface object inside ``... on X`` is fetched from the interface object
       again, after the provider, for objects whose real type is ``X`` (Apollo's "fake
       downcast" edge, whose condition is ``__typename``).
    """

    def __init__(self, walker: Walker) -> None:
        self.w = walker
        self.sg = walker.sg

    # -- rule 1: from a concrete type into an interface object ------------------------------

    def target(self, source: str, type_name: str, f: NField,
               provided: Provided | None) -> tuple[str, str] | None:
        """(subgraph, interface) where an interface object resolves ``f`` for ``type_name``."""
        obj = self.sg.schema.type_map.get(type_name)
        for interface in getattr(obj, "interfaces", ()):
            for target in self.w.resolvers(interface.name, f.name):
                if (self.sg.is_interface_object(interface.name, target)
                        and self.w.entry_key_as(source, type_name, interface.name, target,
                                                provided) is not None):
                    return target, interface.name
        return None

    def child(self, g: FetchGroup, tree: SelTree, type_name: str, interface: str,
              path: tuple[str, ...], provided: Provided | None, target: str,
              touched: set[FetchGroup]) -> FetchGroup:
        """The jump group from a concrete ``type_name`` into ``interface``'s interface object."""
        for c in g.children:
            if (c.subgraph == target and c.merge_path == path and c.parent_type == interface
                    and list(c.parents) == [g] and not c.for_requirement and not c.conditions):
                if not any(r.type_condition == type_name for r in c.input_rewrites):
                    self._add_inputs(c, g, tree, type_name, interface, path, provided, touched)
                return c
        child = self.w.graph.new_group(target, path, interface, [g])
        self._add_inputs(child, g, tree, type_name, interface, path, provided, touched)
        return child

    def _add_inputs(self, child: FetchGroup, g: FetchGroup, tree: SelTree, type_name: str,
                    interface: str, path: tuple[str, ...], provided: Provided | None,
                    touched: set[FetchGroup]) -> None:
        key = self.w.entry_key_as(g.subgraph, type_name, interface, child.subgraph, provided)
        if key is None:
            raise PlanningError(f"no key of {interface} lets {g.subgraph} reach {child.subgraph}")
        key_sels = self.w.add_key_inputs(g, tree, type_name, path, provided, key, touched)
        add_inputs(child, type_name, key_sels, rewrite_to=interface)

    # -- rule 2: the real __typename comes from elsewhere -----------------------------------

    def typename_provider(self, source: str, interface: str, provided: Provided | None,
                          preferred: list[str]) -> str | None:
        """A subgraph knowing ``interface``'s implementations that ``source`` can enter.

        Subgraphs that other leftovers go to anyway come first, then ``join__Graph`` order.
        """
        info = self.sg.types.get(interface)
        candidates = [s for s in (info.subgraphs if info is not None else ())
                      if s != source and not self.sg.is_interface_object(interface, s)
                      and self.w.entry_key(source, interface, s, provided) is not None]
        for s in preferred:
            if s in candidates:
                return s
        return candidates[0] if candidates else None

    def split_fragment(self, source: str, provider: str, interface: str,
                       frag: NFragment) -> tuple[list[NSelection], list[NSelection]]:
        """Split ``... on X`` at an interface object into (downcast part, provider part).

        A field goes back to the interface object (rule 3) only if the provider cannot
        resolve it itself: that costs a fetch more.
        """
        local: list[NSelection] = []
        rest: list[NSelection] = []
        for sel in frag.selections:
            if (isinstance(sel, NField) and sel.name != "__typename"
                    and not self.w.is_local(provider, frag.type_condition, sel, None)
                    and self.w.is_local(source, interface, sel, None)):
                local.append(sel)
            else:
                rest.append(sel)
        return local, rest

    # -- rule 3: type conditions need the typename first -------------------------------------

    def plan_downcast(self, g: FetchGroup, tree: SelTree, interface: str, path: tuple[str, ...],
                      provided: Provided | None, provider: FetchGroup, frag: NFragment,
                      touched: set[FetchGroup]) -> list[NSelection]:
        """Plan ``frag``'s fields in ``g``'s interface object, once ``provider`` has run."""
        child = self._downcast_child(g, tree, interface, frag, path, provided, provider, touched)
        return self.w.plan(child, child.selection.add_fragment(interface).sub, interface, path,
                           None, frag.selections, touched)

    def _downcast_child(self, g: FetchGroup, tree: SelTree, interface: str, frag: NFragment,
                        path: tuple[str, ...], provided: Provided | None, provider: FetchGroup,
                        touched: set[FetchGroup]) -> FetchGroup:
        impl = frag.type_condition
        for c in provider.children:
            if (c.subgraph == g.subgraph and c.merge_path == path and c.parent_type == interface
                    and set(c.parents) == {g, provider}):
                if any(r.type_condition == impl for r in c.input_rewrites):
                    return c
                child = c
                break
        else:
            # No conditions of its own: it runs in the provider's branch, which has them.
            child = self.w.graph.new_group(g.subgraph, path, interface, [g, provider])
            child.for_requirement = True
        key = self.w.entry_key(g.subgraph, interface, g.subgraph, provided)
        if key is None:
            raise PlanningError(f"{interface} in {g.subgraph} has no key to fetch it again by")
        key_sels = self.w.add_key_inputs(g, tree, interface, path, provided, key, touched)
        add_inputs(child, impl, key_sels, rewrite_to=interface)
        return child


def add_inputs(child: FetchGroup, type_name: str, sels: list[NSelection],
               rewrite_to: str | None = None) -> None:
    """Add ``... on type_name { __typename <sels> }`` to ``child``'s inputs.

    With ``rewrite_to``, representations of ``type_name`` objects are sent with that
    ``__typename`` (an interface object's name).
    """
    inputs = child.inputs.add_fragment(type_name).sub
    inputs.add_field("__typename", "__typename")
    copy_into(inputs, sels)
    if rewrite_to is not None:
        rewrite = Rewrite(type_condition=type_name, from_key="__typename", to_key="__typename",
                          value=rewrite_to)
        if rewrite not in child.input_rewrites:
            child.input_rewrites.append(rewrite)


def copy_into(tree: SelTree, sels: list[NSelection]) -> None:
    """Copy a normalised field set into a representation-recipe tree."""
    for sel in sels:
        if isinstance(sel, NField):
            item = tree.add_field(sel.response_name, sel.name, sel.arguments, (),
                                  sel.selections is not None)
            if sel.selections is not None and item.sub is not None:
                copy_into(item.sub, sel.selections)
        else:
            copy_into(tree.add_fragment(sel.type_condition).sub, sel.selections)

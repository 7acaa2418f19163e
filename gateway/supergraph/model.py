"""The planning model: per-subgraph facts about every type and field of a supergraph."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeAlias

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    SelectionSetNode,
)

if TYPE_CHECKING:
    from graphql import DocumentNode, GraphQLNamedType

__all__ = ["Key", "FieldSource", "FieldInfo", "TypeInfo", "Subgraph", "Supergraph",
           "PolicyRequirement", "policy_satisfied"]

PolicyRequirement: TypeAlias = tuple[frozenset[str], ...]
"""An ``@policy`` argument: any one of these sets of policy names, each needed in full."""


def policy_satisfied(requirement: PolicyRequirement | None, granted: frozenset[str]) -> bool:
    """True when ``granted`` holds every name of at least one alternative (or nothing is asked)."""
    return requirement is None or any(alternative <= granted for alternative in requirement)


@dataclass(frozen=True, slots=True)
class Key:
    """One ``@key`` of an entity in one subgraph."""

    fields: str
    """The field set as written, e.g. ``"id"`` or ``"route { from to } seq"``."""

    selection: SelectionSetNode
    """The field set parsed into a selection set."""

    resolvable: bool
    """False for ``resolvable: false``: the subgraph cannot be entered through this key."""


@dataclass(frozen=True, slots=True)
class FieldSource:
    """What one ``@join__field`` says about a field in one subgraph."""

    subgraph: str
    """The subgraph this application describes."""

    type: str | None
    """The field's type as that subgraph declares it, when it differs from the supergraph."""

    external: bool
    """Declared but not resolved in this subgraph (``usedOverridden`` counts as external)."""

    requires: SelectionSetNode | None
    """The ``@requires`` field set, parsed, or None."""

    provides: SelectionSetNode | None
    """The ``@provides`` field set on the return type, parsed, or None."""

    override_from: str | None = None
    """The subgraph this one took the field over from."""

    override_label: str | None = None
    """Progressive override label, when the override depends on the request."""

    def serves(self, labels: frozenset[str]) -> bool:
        """True if this subgraph resolves the field when ``labels`` are active.

        With a progressive override (join v0.4 ``overrideLabel``) both sides are valid: the
        overriding side (``override_from`` set) while the label is active, the overridden
        side while it is not (PLANNER.md 3.8).
        """
        if self.external:
            return False
        if self.override_label is None:
            return True
        return (self.override_label in labels) == (self.override_from is not None)


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """Where one field of one composite type can be resolved."""

    name: str
    """The field name."""

    sources: Mapping[str, FieldSource]
    """Every subgraph declaring the field, in supergraph order."""

    resolvers: tuple[str, ...]
    """Subgraphs the planner may send this field to (declared and not external), whatever
    progressive-override labels are active (see :meth:`resolvers_for`)."""

    labelled: bool = False
    """True if a progressive override (``overrideLabel``) decides between sources."""

    def resolvers_for(self, labels: frozenset[str]) -> tuple[str, ...]:
        """Subgraphs that resolve this field when ``labels`` are active."""
        if not self.labelled:
            return self.resolvers
        return tuple(sg for sg, src in self.sources.items() if src.serves(labels))


@dataclass(slots=True)
class TypeInfo:
    """Per-subgraph facts about one composite (or leaf) type."""

    name: str
    """The type name in the supergraph."""

    subgraphs: tuple[str, ...]
    """Subgraphs defining the type, in supergraph order."""

    keys: dict[str, tuple[Key, ...]] = field(default_factory=dict)
    """Keys per subgraph, in declaration order."""

    interface_object_in: frozenset[str] = frozenset()
    """Subgraphs where this interface is an ``@interfaceObject``."""

    fields: dict[str, FieldInfo] = field(default_factory=dict)
    """Field facts by field name."""

    implements: dict[str, frozenset[str]] = field(default_factory=dict)
    """Interfaces this type implements, per subgraph."""

    members: dict[str, frozenset[str]] = field(default_factory=dict)
    """Union members per subgraph (unions only)."""

    enum_values: dict[str, frozenset[str]] = field(default_factory=dict)
    """Enum values per subgraph (enums only)."""

    def resolvable_keys(self, subgraph: str) -> tuple[Key, ...]:
        """Keys through which ``subgraph`` can be entered for this type."""
        return tuple(k for k in self.keys.get(subgraph, ()) if k.resolvable)


@dataclass(frozen=True, slots=True)
class Subgraph:
    """One subgraph named in the ``join__Graph`` enum."""

    name: str
    """The subgraph's name (``@join__graph(name:)``)."""

    enum_value: str
    """The ``join__Graph`` value naming it in directives (``ACCOUNTS``)."""

    url: str
    """Where its GraphQL endpoint is."""


@dataclass(eq=False)
class Supergraph:
    """A loaded supergraph: the full schema, the API schema and the planning facts.

    Built once by :func:`gateway.supergraph.parse_supergraph` and never mutated.
    """

    sdl: str
    """The supergraph SDL as loaded."""

    document: DocumentNode
    """The parsed SDL."""

    schema: GraphQLSchema
    """The full supergraph schema (join machinery and inaccessible elements included)."""

    api_schema: GraphQLSchema
    """What clients see: no join/link machinery, nothing inaccessible."""

    subgraphs: dict[str, Subgraph]
    """Subgraphs by name, in ``join__Graph`` order."""

    types: dict[str, TypeInfo]
    """Planning facts by type name."""

    join_version: tuple[int, int]
    """The linked join spec version."""

    policies: Mapping[str, PolicyRequirement] = field(default_factory=dict)
    """``@policy`` requirements by coordinate (``"Type"`` or ``"Type.field"``); absent: none."""

    @property
    def subgraph_urls(self) -> dict[str, str]:
        """Subgraph URLs by name."""
        return {name: sg.url for name, sg in self.subgraphs.items()}

    @cached_property
    def subgraph_order(self) -> dict[str, int]:
        """Position of each subgraph in ``join__Graph`` order (for deterministic choices)."""
        return {name: i for i, name in enumerate(self.subgraphs)}

    def named_type(self, name: str) -> GraphQLNamedType:
        """The supergraph type called ``name``."""
        found = self.schema.type_map.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def field_def(self, type_name: str, field_name: str) -> GraphQLField | None:
        """The supergraph definition of ``type_name.field_name``, if any."""
        t = self.schema.type_map.get(type_name)
        if isinstance(t, (GraphQLObjectType, GraphQLInterfaceType)):
            return t.fields.get(field_name)
        return None

    def is_abstract(self, type_name: str) -> bool:
        """True for interfaces and unions."""
        return isinstance(self.schema.type_map.get(type_name),
                          (GraphQLInterfaceType, GraphQLUnionType))

    def field_info(self, type_name: str, field_name: str) -> FieldInfo | None:
        """Planning facts for ``type_name.field_name``."""
        info = self.types.get(type_name)
        return None if info is None else info.fields.get(field_name)

    def resolvers(self, type_name: str, field_name: str,
                  labels: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """Subgraphs that resolve ``type_name.field_name`` (not external there) when the
        progressive-override ``labels`` are active."""
        info = self.field_info(type_name, field_name)
        return () if info is None else info.resolvers_for(labels)

    @cached_property
    def override_labels(self) -> frozenset[str]:
        """Every progressive-override label the supergraph uses."""
        return frozenset(src.override_label for info in self.types.values()
                         for f in info.fields.values() for src in f.sources.values()
                         if src.override_label is not None)

    def has_type_in(self, type_name: str, subgraph: str) -> bool:
        """True if ``subgraph`` defines ``type_name``."""
        info = self.types.get(type_name)
        return info is not None and subgraph in info.subgraphs

    def is_interface_object(self, type_name: str, subgraph: str) -> bool:
        """True if ``type_name`` is an ``@interfaceObject`` in ``subgraph``."""
        info = self.types.get(type_name)
        return info is not None and subgraph in info.interface_object_in

    @cached_property
    def _possible_cache(self) -> dict[tuple[str, str | None], tuple[str, ...]]:
        return {}

    def possible_types(self, type_name: str, subgraph: str | None = None) -> tuple[str, ...]:
        """Object types a value of ``type_name`` can be (in ``subgraph``, or anywhere).

        In a subgraph: interface implementations per ``@join__implements``, union members per
        ``@join__unionMember``; an interface object has no possible types there.
        """
        cache_key = (type_name, subgraph)
        cached = self._possible_cache.get(cache_key)
        if cached is None:
            cached = self._compute_possible_types(type_name, subgraph)
            self._possible_cache[cache_key] = cached
        return cached

    def _compute_possible_types(self, type_name: str, subgraph: str | None) -> tuple[str, ...]:
        t = self.schema.type_map.get(type_name)
        if isinstance(t, GraphQLObjectType):
            if subgraph is None or self.has_type_in(type_name, subgraph):
                return (type_name,)
            return ()
        if not isinstance(t, (GraphQLInterfaceType, GraphQLUnionType)):
            return ()
        all_types = tuple(o.name for o in self.schema.get_possible_types(t))
        if subgraph is None:
            return all_types
        if isinstance(t, GraphQLUnionType):
            info = self.types.get(type_name)
            members = info.members.get(subgraph) if info is not None else None
            if members is None:
                return tuple(n for n in all_types if self.has_type_in(n, subgraph))
            return tuple(n for n in all_types if n in members)
        if (self.is_interface_object(type_name, subgraph)
                or not self.has_type_in(type_name, subgraph)):
            return ()
        return tuple(n for n in all_types if self._implements_in(n, type_name, subgraph))

    def _implements_in(self, obj: str, interface: str, subgraph: str) -> bool:
        info = self.types.get(obj)
        if info is None or subgraph not in info.subgraphs:
            return False
        seen: set[str] = set()
        todo = list(info.implements.get(subgraph, ()))
        while todo:
            name = todo.pop()
            if name == interface:
                return True
            if name in seen:
                continue
            seen.add(name)
            parent = self.types.get(name)
            if parent is not None:
                todo.extend(parent.implements.get(subgraph, ()))
        return False

    def runtime_type_matches(self, typename: str, condition: str) -> bool:
        """True if an object of type ``typename`` satisfies the type condition ``condition``."""
        if typename == condition:
            return True
        t = self.schema.type_map.get(condition)
        o = self.schema.type_map.get(typename)
        if (isinstance(t, (GraphQLInterfaceType, GraphQLUnionType))
                and isinstance(o, GraphQLObjectType)):
            return self.schema.is_sub_type(t, o)
        return False

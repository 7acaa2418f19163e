"""One subgraph schema as composition reads it: types, fields and their federation facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from graphql.language import TypeNode, ValueNode

__all__ = [
    "Applied",
    "Kind",
    "SubArgument",
    "SubEnumValue",
    "SubField",
    "SubKey",
    "SubType",
    "Subgraph",
]

Kind = Literal["object", "interface", "union", "enum", "input", "scalar"]


@dataclass(frozen=True, slots=True)
class Applied:
    """A directive application carried into the supergraph (``@tag``, ``@deprecated``, …)."""

    name: str
    """Directive name as the supergraph spells it."""
    args: tuple[tuple[str, str], ...] = ()
    """``(argument, printed value)`` pairs in the order written."""

    def __str__(self) -> str:
        if not self.args:
            return f"@{self.name}"
        return f"@{self.name}(" + ", ".join(f"{n}: {v}" for n, v in self.args) + ")"


@dataclass(slots=True)
class SubArgument:
    """An argument of a field (or a field of an input object)."""

    name: str
    type: TypeNode
    description: str | None = None
    default: ValueNode | None = None
    directives: list[Applied] = field(default_factory=list)


@dataclass(slots=True)
class SubField:
    """A field of an object, interface or input type in one subgraph."""

    name: str
    type: TypeNode
    description: str | None = None
    args: dict[str, SubArgument] = field(default_factory=dict)
    default: ValueNode | None = None
    """Default value (input object fields only)."""
    directives: list[Applied] = field(default_factory=list)
    external: bool = False
    """Marked ``@external`` (after federation-1 implicit-key rules are applied)."""
    requires: str | None = None
    provides: str | None = None
    shareable: bool = False
    """``@shareable`` on the field itself."""
    override: str | None = None
    override_label: str | None = None
    from_extension: bool = False
    """Declared inside an ``extend type`` block."""


@dataclass(frozen=True, slots=True)
class SubKey:
    """One ``@key`` application."""

    fields: str
    resolvable: bool | None
    """The ``resolvable`` argument as written (``None`` when not given)."""
    extension: bool
    """Applied on an ``extend type`` (or a type marked ``@extends``)."""


@dataclass(slots=True)
class SubEnumValue:
    """A value of an enum type in one subgraph."""

    name: str
    description: str | None = None
    directives: list[Applied] = field(default_factory=list)


@dataclass(slots=True)
class SubType:
    """A named type in one subgraph, with its extensions merged in."""

    kind: Kind
    name: str
    description: str | None = None
    fields: dict[str, SubField] = field(default_factory=dict)
    interfaces: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    values: dict[str, SubEnumValue] = field(default_factory=dict)
    keys: list[SubKey] = field(default_factory=list)
    shareable_on: list[bool] = field(default_factory=list)
    """One entry per type-level ``@shareable``: whether it sits on an extension."""
    interface_object: bool = False
    external: bool = False
    """Type-level ``@external`` (federation 2: every field is external)."""
    extends: bool = False
    """Marked ``@extends``."""
    has_definition: bool = False
    has_extension: bool = False
    directives: list[Applied] = field(default_factory=list)

    @property
    def merged_kind(self) -> Kind:
        """The kind in the supergraph: an ``@interfaceObject`` type is an interface."""
        return "interface" if self.interface_object else self.kind


@dataclass(slots=True)
class Subgraph:
    """A subgraph schema ready to merge, federation machinery stripped."""

    name: str
    url: str
    fed2: bool
    """Declared federation 2 through ``@link``; federation-1 SDL is upgraded on reading."""
    version: tuple[int, int]
    """Federation version (``(2, 0)`` for an upgraded federation-1 subgraph)."""
    types: dict[str, SubType] = field(default_factory=dict)
    roots: dict[str, str] = field(default_factory=dict)
    """Operation kind → root type name (always the default names after reading)."""

    def composite(self, name: str) -> SubType | None:
        """The object or interface type called ``name``, if any."""
        found = self.types.get(name)
        return found if found is not None and found.kind in ("object", "interface") else None

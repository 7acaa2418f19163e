"""The supergraph being built: plain mutable records that the printer turns into SDL."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql.language import TypeNode, ValueNode

from .model import Applied, Kind

__all__ = ["MArgument", "MEnumValue", "MField", "MType", "MergedSupergraph", "GraphInfo"]


@dataclass(slots=True)
class MArgument:
    """A merged argument (or input field default holder)."""

    name: str
    type: TypeNode
    description: str | None = None
    default: ValueNode | None = None
    directives: list[Applied] = field(default_factory=list)


@dataclass(slots=True)
class MField:
    """A merged field of an object, interface or input object."""

    name: str
    type: TypeNode
    description: str | None = None
    args: dict[str, MArgument] = field(default_factory=dict)
    default: ValueNode | None = None
    directives: list[Applied] = field(default_factory=list)


@dataclass(slots=True)
class MEnumValue:
    """A merged enum value."""

    name: str
    description: str | None = None
    directives: list[Applied] = field(default_factory=list)


@dataclass(slots=True)
class MType:
    """A merged named type."""

    kind: Kind
    name: str
    description: str | None = None
    directives: list[Applied] = field(default_factory=list)
    interfaces: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    fields: dict[str, MField] = field(default_factory=dict)
    values: dict[str, MEnumValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GraphInfo:
    """One ``join__Graph`` value."""

    enum: str
    name: str
    url: str


@dataclass(slots=True)
class MergedSupergraph:
    """Everything the printer needs."""

    join_version: tuple[int, int]
    graphs: list[GraphInfo]
    types: dict[str, MType] = field(default_factory=dict)
    roots: dict[str, str] = field(default_factory=dict)
    features: list[str] = field(default_factory=list)
    """Extra linked specs in link order: ``"tag"``, ``"inaccessible"``."""

"""Facts derived from one subgraph: which fields are external, used, provided, shareable."""

from __future__ import annotations

from .fieldsets import resolve_field_set
from .model import Subgraph, SubType
from .values import base_type_name

__all__ = ["SubgraphFacts"]

Coordinate = tuple[str, str]


class SubgraphFacts:
    """Apollo's per-subgraph predicates (``isExternal``, ``isFieldUsed``, ``isShareable``…)."""

    def __init__(self, subgraph: Subgraph) -> None:
        self.subgraph = subgraph
        self.fake_external = self._fake_externals()
        self.provided = self._provided()
        self.used = self._used()
        self.shareable = self._shareables()

    def _targets(self, type_name: str, text: str) -> list[Coordinate]:
        return resolve_field_set(self.subgraph, type_name, text,
                                 with_implementations=True).coordinates

    def _fake_externals(self) -> set[Coordinate]:
        # `@external` on key fields of a type extension is federation-1 noise, not a real
        # external field.
        found: set[Coordinate] = set()
        for sub_type in self.subgraph.types.values():
            for key in sub_type.keys:
                if not (key.extension or sub_type.extends):
                    continue
                for type_name, name in self._targets(sub_type.name, key.fields):
                    field = self._field(type_name, name)
                    if type_name == sub_type.name and field is not None and field.external:
                        found.add((type_name, name))
        return found

    def _field(self, type_name: str, name: str):  # noqa: ANN202 - SubField | None
        sub_type = self.subgraph.composite(type_name)
        return None if sub_type is None else sub_type.fields.get(name)

    def _provided(self) -> set[Coordinate]:
        found: set[Coordinate] = set()
        for _sub_type, field in self._fields():
            if field.provides is not None:
                target = base_type_name(field.type)
                if self.subgraph.composite(target) or target in self.subgraph.types:
                    found.update(self._targets(target, field.provides))
        return found

    def _fields(self):  # noqa: ANN202 - iterator of (SubType, SubField)
        for sub_type in self.subgraph.types.values():
            if sub_type.kind in ("object", "interface"):
                for field in sub_type.fields.values():
                    yield sub_type, field

    def _used(self) -> set[Coordinate]:
        used: set[Coordinate] = set()
        for sub_type in self.subgraph.types.values():
            for key in sub_type.keys:
                used.update(self._targets(sub_type.name, key.fields))
        for sub_type, field in self._fields():
            if field.requires is not None:
                used.update(self._targets(sub_type.name, field.requires))
        used.update(self.provided)
        for interface in self.subgraph.types.values():
            if interface.kind != "interface":
                continue
            for implementation in self.implementations(interface.name):
                used.update((implementation.name, f) for f in interface.fields
                            if f in implementation.fields)
        return used

    def _shareables(self) -> set[Coordinate]:
        found: set[Coordinate] = set()
        for sub_type in self.subgraph.types.values():
            for key in sub_type.keys:
                found.update(self._targets(sub_type.name, key.fields))
            if sub_type.kind != "object":
                continue
            for field in sub_type.fields.values():
                if field.shareable or field.from_extension in sub_type.shareable_on:
                    found.add((sub_type.name, field.name))
        found.update(c for c in self.provided if self.is_external(*c))
        return found

    def implementations(self, interface: str) -> list[SubType]:
        """Object types of the subgraph implementing ``interface``."""
        return [t for t in self.subgraph.types.values()
                if t.kind == "object" and interface in t.interfaces]

    def is_external(self, type_name: str, name: str) -> bool:
        """``@external`` (directly or through a federation-2 type-level ``@external``)."""
        sub_type = self.subgraph.composite(type_name)
        field = None if sub_type is None else sub_type.fields.get(name)
        if sub_type is None or field is None:
            return False
        marked = field.external or (self.subgraph.fed2 and sub_type.external)
        return marked and (type_name, name) not in self.fake_external

    def is_fully_external(self, type_name: str, name: str) -> bool:
        """External and not provided anywhere in this subgraph."""
        return self.is_external(type_name, name) and (type_name, name) not in self.provided

    def is_shareable(self, type_name: str, name: str) -> bool:
        """Whether the field may also be resolved by other subgraphs."""
        return (type_name, name) in self.shareable

    def is_used(self, type_name: str, name: str) -> bool:
        """Named by a key, ``@requires`` or ``@provides``, or needed by an interface."""
        return (type_name, name) in self.used

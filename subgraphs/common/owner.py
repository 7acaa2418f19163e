"""A sector object owned by a citizen: an entity keyed by ``id``, pointing at its ``Borger``."""

from __future__ import annotations

import typing
import uuid
from collections.abc import Callable
from typing import Any, ClassVar, Generic, Self, TypeVar

import strawberry
from strawberry.types import Info

from subgraphs.common.sector import SectorContext, owner_id, resolve_object

__all__ = ["Ejet"]

B = TypeVar("B")


@strawberry.type
class Ejet(Generic[B]):
    """Mixin for objects built from a source record that names its citizen by CPR.

    ``Ejet[Borger]``, with the subgraph's own ``Borger``, gives the object ``borgerId`` and
    ``borger`` and makes it an entity resolved by ``id`` through the per-request object loader.
    List it *before* the interface among the bases, so its resolver for ``borgerId``
    replaces the interface's plain field; define ``Borger`` first, as the bases name it.
    """

    cpr: strawberry.Private[str]
    _borger: ClassVar[Callable[..., Any]]
    """The ``Borger`` of ``Ejet[Borger]``, set when a subclass is defined."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for base in cls.__dict__.get("__orig_bases__", ()):
            if typing.get_origin(base) is Ejet:
                (cls._borger,) = typing.get_args(base)

    @strawberry.field(description="Internal id of the citizen this object concerns "
                                  "(never the CPR); the gateway's access policy reads it.")
    async def borger_id(self, info: Info[SectorContext, None]) -> uuid.UUID | None:
        return await owner_id(info, self.cpr)

    @strawberry.field(description="The citizen this object concerns.")
    async def borger(self, info: Info[SectorContext, None]) -> B | None:
        person_id = await owner_id(info, self.cpr)
        return None if person_id is None else self._borger(id=person_id)

    @classmethod
    async def resolve_reference(cls, info: Info[SectorContext, None],
                                id: strawberry.ID) -> Self | None:
        # Strawberry looks this up on the concrete type, so ``cls`` is that type: an id of
        # another type's object resolves to null.
        return await resolve_object(cls, info, id)

"""The uddannelse subgraph's schema: the KUI sag, UDB events, uddannelsesplan and -pålæg
(ages 15–29). ``Borger`` (keyed by ``id``) gets four nullable fields of its own.
"""

from __future__ import annotations

import uuid
from datetime import date

import strawberry
from strawberry.types import Info

from subgraphs.common.interfaces import Maal, Plan, Sag, TidslinjeElement
from subgraphs.common.owner import Ejet
from subgraphs.common.schema import SubgraphSchema
from subgraphs.common.sector import SectorContext, owner_id, resolve_object, view_for
from subgraphs.common.types import Kode

__all__ = ["Borger", "Institution", "UddannelsesHaendelse", "UddannelsesMaal",
           "UddannelsesSag", "Uddannelsespaalaeg", "Uddannelsesplan", "schema"]

_Info = Info[SectorContext, None]


@strawberry.type
class _Ejet(Ejet):
    """Mixin: the owning citizen, looked up from the source record's CPR."""

    @strawberry.field(description="The citizen this object concerns.")
    async def borger(self, info: _Info) -> Borger | None:
        person_id = await owner_id(info, self.cpr)
        return None if person_id is None else Borger(id=person_id)


@strawberry.type(description="An education institution (STIL institutionsnummer).")
class Institution:
    nummer: str
    navn: str


@strawberry.federation.type(keys=["id"], description="An event reported to Ungedatabasen.")
class UddannelsesHaendelse(_Ejet, TidslinjeElement):
    haendelsestype: Kode
    dato: date
    institution: Institution | None
    uddannelse: Kode | None

    @classmethod
    async def resolve_reference(cls, info: _Info,
                                id: strawberry.ID) -> UddannelsesHaendelse | None:
        return await resolve_object(cls, info, id)


@strawberry.federation.type(keys=["id"], description="A goal in the uddannelsesplan.")
class UddannelsesMaal(_Ejet, Maal):
    @classmethod
    async def resolve_reference(cls, info: _Info, id: strawberry.ID) -> UddannelsesMaal | None:
        return await resolve_object(cls, info, id)


@strawberry.federation.type(keys=["id"], description="The KUI uddannelsesplan.")
class Uddannelsesplan(_Ejet, Plan):
    oensker: list[str]

    @classmethod
    async def resolve_reference(cls, info: _Info, id: strawberry.ID) -> Uddannelsesplan | None:
        return await resolve_object(cls, info, id)


@strawberry.federation.type(keys=["id"], description="An uddannelsespålæg (under 30).")
class Uddannelsespaalaeg(_Ejet, Plan):
    frist: date | None
    uddannelsesretning: str | None

    @classmethod
    async def resolve_reference(cls, info: _Info, id: strawberry.ID) -> Uddannelsespaalaeg | None:
        return await resolve_object(cls, info, id)


@strawberry.federation.type(keys=["id"], description="The kommunale ungeindsats' sag.")
class UddannelsesSag(_Ejet, Sag):
    haendelser: list[UddannelsesHaendelse]
    planer: list[Plan]

    @classmethod
    async def resolve_reference(cls, info: _Info, id: strawberry.ID) -> UddannelsesSag | None:
        return await resolve_object(cls, info, id)


@strawberry.federation.type(keys=["id"], description="A citizen (entity owned by hoi).")
class Borger:
    id: uuid.UUID

    @strawberry.field(description="KUI sager; null if Ungedatabasen is unavailable.")
    async def uddannelses_sager(self, info: _Info) -> list[UddannelsesSag] | None:
        view = await view_for(info, self.id)
        return [] if view is None else view.sager

    @strawberry.field(description="UDB events in date order; null if UDB is unavailable.")
    async def uddannelses_haendelser(self, info: _Info) -> list[UddannelsesHaendelse] | None:
        view = await view_for(info, self.id)
        return [] if view is None else view.haendelser

    @strawberry.field(description="The uddannelsesplan; null if none or UDB unavailable.")
    async def uddannelsesplan(self, info: _Info) -> Uddannelsesplan | None:
        view = await view_for(info, self.id)
        return None if view is None else view.plan

    @strawberry.field(description="The uddannelsespålæg; null if none or UDB unavailable.")
    async def uddannelsespaalaeg(self, info: _Info) -> Uddannelsespaalaeg | None:
        view = await view_for(info, self.id)
        return None if view is None else view.paalaeg

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Borger:
        return cls(id=uuid.UUID(str(id)))


schema = SubgraphSchema(types=[Borger, UddannelsesSag, UddannelsesHaendelse,
                               UddannelsesMaal, Uddannelsesplan, Uddannelsespaalaeg])
"""The uddannelse subgraph's federation schema."""

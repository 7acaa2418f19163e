"""The beskæftigelse subgraph's schema: DFDG sager, kontaktgruppe and Min Plan (mål, aftaler,
tilbud as indsatser). ``Borger`` (keyed by ``id``) gets ``kontaktgruppe``, ``minPlan`` and
``beskaeftigelsesSager``, all nullable so an unavailable DFDG nulls only these fields.
"""

from __future__ import annotations

import uuid
from datetime import date

import strawberry
from strawberry.types import Info

from subgraphs.common.interfaces import Aftale, Indsats, Maal, Plan, Sag
from subgraphs.common.owner import Ejet
from subgraphs.common.schema import SubgraphSchema
from subgraphs.common.sector import SectorContext, owner_id, resolve_object, view_for
from subgraphs.common.types import Kode

__all__ = ["BeskaeftigelsesAftale", "BeskaeftigelsesIndsats", "BeskaeftigelsesMaal",
           "BeskaeftigelsesSag", "Borger", "MinPlan", "schema"]

_Info = Info[SectorContext, None]


@strawberry.type
class _Ejet(Ejet):
    """Mixin: the owning citizen, looked up from the source record's CPR."""

    @strawberry.field(description="The citizen this object concerns.")
    async def borger(self, info: _Info) -> Borger | None:
        person_id = await owner_id(info, self.cpr)
        return None if person_id is None else Borger(id=person_id)


@strawberry.federation.type(keys=["id"], description="A jobcenter case in DFDG.")
class BeskaeftigelsesSag(_Ejet, Sag):
    kontaktgruppe: Kode | None
    min_plan: MinPlan | None

    @classmethod
    async def resolve_reference(cls, info: _Info, id: strawberry.ID) -> BeskaeftigelsesSag | None:
        return await resolve_object(cls, info, id)


@strawberry.federation.type(keys=["id"], description="A tilbud in Min Plan (DFDG tilbudstype).")
class BeskaeftigelsesIndsats(_Ejet, Indsats):
    @classmethod
    async def resolve_reference(cls, info: _Info,
                                id: strawberry.ID) -> BeskaeftigelsesIndsats | None:
        return await resolve_object(cls, info, id)


@strawberry.federation.type(keys=["id"], description="A job or education goal in Min Plan.")
class BeskaeftigelsesMaal(_Ejet, Maal):
    @classmethod
    async def resolve_reference(cls, info: _Info, id: strawberry.ID) -> BeskaeftigelsesMaal | None:
        return await resolve_object(cls, info, id)


@strawberry.federation.type(keys=["id"], description="An agreement made at a samtale.")
class BeskaeftigelsesAftale(_Ejet, Aftale):
    naeste_kontakt: date | None
    naeste_kontakt_initiativ: str | None = strawberry.field(
        description="Who initiates the next contact: JOBCENTER or BORGER.")

    @classmethod
    async def resolve_reference(cls, info: _Info,
                                id: strawberry.ID) -> BeskaeftigelsesAftale | None:
        return await resolve_object(cls, info, id)


@strawberry.federation.type(keys=["id"], description="The citizen's Min Plan (Jobnet).")
class MinPlan(_Ejet, Plan):
    @classmethod
    async def resolve_reference(cls, info: _Info, id: strawberry.ID) -> MinPlan | None:
        return await resolve_object(cls, info, id)


@strawberry.federation.type(keys=["id"], description="A citizen (entity owned by hoi).")
class Borger:
    id: uuid.UUID

    @strawberry.field(description="DFDG kontaktgruppe; null if unknown or DFDG unavailable.")
    async def kontaktgruppe(self, info: _Info) -> Kode | None:
        view = await view_for(info, self.id)
        return None if view is None else view.kontaktgruppe

    @strawberry.field(description="The citizen's Min Plan; null if none or DFDG unavailable.")
    async def min_plan(self, info: _Info) -> MinPlan | None:
        view = await view_for(info, self.id)
        return None if view is None else view.plan

    @strawberry.field(description="Jobcenter sager; null if DFDG is unavailable.")
    async def beskaeftigelses_sager(self, info: _Info) -> list[BeskaeftigelsesSag] | None:
        view = await view_for(info, self.id)
        return [] if view is None else view.sager

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Borger:
        return cls(id=uuid.UUID(str(id)))


schema = SubgraphSchema(types=[Borger, BeskaeftigelsesSag, BeskaeftigelsesIndsats,
                               BeskaeftigelsesMaal, BeskaeftigelsesAftale, MinPlan])
"""The beskæftigelse subgraph's federation schema."""

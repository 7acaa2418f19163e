"""The beskæftigelse subgraph's schema: DFDG sager, kontaktgruppe and Min Plan (mål, aftaler,
tilbud as indsatser). ``Borger`` (keyed by ``id``) gets ``kontaktgruppe``, ``minPlan`` and
``beskaeftigelsesSager``, all nullable so an unavailable DFDG nulls only these fields.
"""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from subgraphs.common.borger import BorgerNoegle
from subgraphs.common.interfaces import Aftale, Indsats, Maal, Plan, Sag
from subgraphs.common.owner import Ejet
from subgraphs.common.schema import SubgraphSchema
from subgraphs.common.sector import SectorContext, view_for
from subgraphs.common.types import Kode

__all__ = ["BeskaeftigelsesAftale", "BeskaeftigelsesIndsats", "BeskaeftigelsesMaal",
           "BeskaeftigelsesSag", "Borger", "MinPlan", "schema"]

_Info = Info[SectorContext, None]


@strawberry.federation.type(keys=["id"], description="A citizen (entity owned by hoi).")
class Borger(BorgerNoegle):
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


@strawberry.federation.type(keys=["id"], description="A jobcenter case in DFDG.")
class BeskaeftigelsesSag(Ejet[Borger], Sag):
    kontaktgruppe: Kode | None
    min_plan: MinPlan | None


@strawberry.federation.type(keys=["id"], description="A tilbud in Min Plan (DFDG tilbudstype).")
class BeskaeftigelsesIndsats(Ejet[Borger], Indsats):
    pass


@strawberry.federation.type(keys=["id"], description="A job or education goal in Min Plan.")
class BeskaeftigelsesMaal(Ejet[Borger], Maal):
    pass


@strawberry.federation.type(keys=["id"], description="An agreement made at a samtale.")
class BeskaeftigelsesAftale(Ejet[Borger], Aftale):
    naeste_kontakt: date | None
    naeste_kontakt_initiativ: str | None = strawberry.field(
        description="Who initiates the next contact: JOBCENTER or BORGER.")


@strawberry.federation.type(keys=["id"], description="The citizen's Min Plan (Jobnet).")
class MinPlan(Ejet[Borger], Plan):
    pass


schema = SubgraphSchema(types=[Borger, BeskaeftigelsesSag, BeskaeftigelsesIndsats,
                               BeskaeftigelsesMaal, BeskaeftigelsesAftale, MinPlan])
"""The beskæftigelse subgraph's federation schema."""

"""The uddannelse subgraph's schema: the KUI sag, UDB events, uddannelsesplan and -pålæg
(ages 15–29). ``Borger`` (keyed by ``id``) gets four nullable fields of its own.
"""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from subgraphs.common.borger import BorgerNoegle
from subgraphs.common.interfaces import Maal, Plan, Sag, TidslinjeElement
from subgraphs.common.owner import Ejet
from subgraphs.common.schema import SubgraphSchema
from subgraphs.common.sector import SectorContext, view_for
from subgraphs.common.types import Kode

__all__ = ["Borger", "Institution", "UddannelsesHaendelse", "UddannelsesMaal",
           "UddannelsesSag", "Uddannelsespaalaeg", "Uddannelsesplan", "schema"]

_Info = Info[SectorContext, None]


@strawberry.type(description="An education institution (STIL institutionsnummer).")
class Institution:
    nummer: str
    navn: str


@strawberry.federation.type(keys=["id"], description="A citizen (entity owned by hoi).")
class Borger(BorgerNoegle):
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


@strawberry.federation.type(keys=["id"], description="An event reported to Ungedatabasen.")
class UddannelsesHaendelse(Ejet[Borger], TidslinjeElement):
    haendelsestype: Kode
    dato: date
    institution: Institution | None
    uddannelse: Kode | None


@strawberry.federation.type(keys=["id"], description="A goal in the uddannelsesplan.")
class UddannelsesMaal(Ejet[Borger], Maal):
    pass


@strawberry.federation.type(keys=["id"], description="The KUI uddannelsesplan.")
class Uddannelsesplan(Ejet[Borger], Plan):
    oensker: list[str]


@strawberry.federation.type(keys=["id"], description="An uddannelsespålæg (under 30).")
class Uddannelsespaalaeg(Ejet[Borger], Plan):
    frist: date | None
    uddannelsesretning: str | None


@strawberry.federation.type(keys=["id"], description="The kommunale ungeindsats' sag.")
class UddannelsesSag(Ejet[Borger], Sag):
    haendelser: list[UddannelsesHaendelse]
    planer: list[Plan]


schema = SubgraphSchema(types=[Borger, UddannelsesSag, UddannelsesHaendelse,
                               UddannelsesMaal, Uddannelsesplan, Uddannelsespaalaeg])
"""The uddannelse subgraph's federation schema."""

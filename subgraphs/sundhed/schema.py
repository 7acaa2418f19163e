"""The sundhed subgraph's schema: forløb (SUL §138/§140) with FSIII indsatser, the
aftaleoversigt and FSIII sygepleje tilstande. All of it is health data (DOMAIN §7, rule A5):
every object says ``sektor: SUNDHED`` and ``foelsomhed: FOELSOMME_PERSONOPLYSNINGER`` so the
gateway's policy can keep it from non-health roles.
"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from subgraphs.common.borger import BorgerNoegle
from subgraphs.common.interfaces import Aftale, Indsats, Sag, Tilstand
from subgraphs.common.owner import Ejet
from subgraphs.common.schema import SubgraphSchema
from subgraphs.common.sector import SectorContext, view_for
from subgraphs.common.types import Funktionsevneniveau, Kode, Stoettebehov

__all__ = ["Borger", "SundhedsAftale", "SundhedsIndsats", "SundhedsSag", "SygeplejeTilstand",
           "schema"]

_Info = Info[SectorContext, None]

_HEALTH_CONTENT = [["sundhedsfaglig"], ["borger"]]
"""``@policy``: health content, for health professionals and the citizen (rules A5, C5)."""


@strawberry.federation.type(keys=["id"], description="A citizen (entity owned by hoi).")
class Borger(BorgerNoegle):
    @strawberry.field(description="Health forløb; null if the health system is unavailable.")
    async def sundheds_sager(self, info: _Info) -> list[SundhedsSag] | None:
        view = await view_for(info, self.id)
        return [] if view is None else view.sager

    @strawberry.field(description="Appointments; null if the health system is unavailable.")
    async def aftaleoversigt(self, info: _Info) -> list[SundhedsAftale] | None:
        view = await view_for(info, self.id)
        return [] if view is None else view.aftaler

    @strawberry.field(description="Sygepleje tilstande; null if the system is unavailable.")
    async def sygepleje_tilstande(self, info: _Info) -> list[SygeplejeTilstand] | None:
        view = await view_for(info, self.id)
        return [] if view is None else view.tilstande


@strawberry.federation.type(keys=["id"], description="An appointment from the aftaleoversigt.")
class SundhedsAftale(Ejet[Borger], Aftale):
    organisation: str | None
    aftalt_indhold: str | None = strawberry.federation.field(
        policy=_HEALTH_CONTENT, description="What was agreed (health content, rule A5).")
    aarsagstekst: str | None = strawberry.federation.field(
        policy=_HEALTH_CONTENT, description="The reason text (health content, rule A5).")


@strawberry.federation.type(keys=["id"], description="An FSIII health indsats in a forløb.")
class SundhedsIndsats(Ejet[Borger], Indsats):
    pass


@strawberry.federation.type(keys=["id"], description="An FSIII sygepleje tilstand.")
class SygeplejeTilstand(Ejet[Borger], Tilstand):
    omraade: Kode | None
    tema: Kode = strawberry.federation.field(
        policy=_HEALTH_CONTENT, description="FSIII sygepleje theme (health content).")
    niveau: Funktionsevneniveau | None = strawberry.federation.field(
        policy=_HEALTH_CONTENT, description="Assessed level (health content).")
    niveau_kilde: Kode | None = strawberry.federation.field(
        policy=_HEALTH_CONTENT, description="The level as coded in FSIII (health content).")
    stoettebehov: Stoettebehov | None = strawberry.federation.field(
        policy=_HEALTH_CONTENT, description="Support need (health content).")
    borgerens_oplevelse: str | None = strawberry.federation.field(
        policy=_HEALTH_CONTENT, description="The citizen's own description (health content).")
    faglig_vurdering: str | None = strawberry.federation.field(
        policy=[["sundhedsfaglig", "se-faglig-vurdering"]],
        description="Professional note: internal health content (rules A5, A9).")


@strawberry.federation.type(keys=["id"], description="A municipal health forløb.")
class SundhedsSag(Ejet[Borger], Sag):
    aftaler: list[SundhedsAftale]


schema = SubgraphSchema(types=[Borger, SundhedsSag, SundhedsIndsats, SundhedsAftale,
                               SygeplejeTilstand])
"""The sundhed subgraph's federation schema."""

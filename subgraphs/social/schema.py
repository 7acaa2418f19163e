"""The social subgraph's schema: FFB sager, indsatser, tilstande and mål (SEL/ABL).

``Borger`` is keyed by ``id`` (the opaque person id, never the CPR: DOMAIN §11) and gets
``socialeSager`` here, nullable so that an unavailable FFB system nulls only this field.
Each object type is an entity keyed by ``id`` so the hoi subgraph's cross-sector lists
can point at it and the gateway fetches the details here.
"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from subgraphs.common.borger import BorgerNoegle
from subgraphs.common.interfaces import Indsats, Maal, Sag, Tilstand
from subgraphs.common.owner import Ejet
from subgraphs.common.schema import SubgraphSchema
from subgraphs.common.sector import SectorContext, view_for

__all__ = ["Borger", "SocialIndsats", "SocialMaal", "SocialSag", "SocialTilstand", "schema"]

_Info = Info[SectorContext, None]


@strawberry.federation.type(keys=["id"], description="A citizen (entity owned by hoi).")
class Borger(BorgerNoegle):
    @strawberry.field(description="The citizen's social sager; null if FFB is unavailable.")
    async def sociale_sager(self, info: _Info) -> list[SocialSag] | None:
        view = await view_for(info, self.id)
        return [] if view is None else view.sager


@strawberry.federation.type(keys=["id"], description="A social case in the FFB fagsystem.")
class SocialSag(Ejet[Borger], Sag):
    tilstande: list[SocialTilstand]
    maal: list[SocialMaal]


@strawberry.federation.type(keys=["id"], description="An FFB social indsats (ydelse by tilbud).")
class SocialIndsats(Ejet[Borger], Indsats):
    adresserer: list[SocialTilstand]
    maal: list[SocialMaal]
    sag: SocialSag | None


@strawberry.federation.type(keys=["id"], description="An FFB funktionsevne tilstand.")
class SocialTilstand(Ejet[Borger], Tilstand):
    faglig_vurdering: str | None = strawberry.federation.field(
        policy=[["se-faglig-vurdering"]],
        description="Professional note: internal, needs the se-faglig-vurdering role (A9).")


@strawberry.federation.type(keys=["id"], description="An FFB indsatsmål (InterventionGoal).")
class SocialMaal(Ejet[Borger], Maal):
    tilstand: SocialTilstand | None


schema = SubgraphSchema(types=[Borger, SocialSag, SocialIndsats, SocialTilstand, SocialMaal])
"""The social subgraph's federation schema (Federation 2, as Strawberry prints it)."""

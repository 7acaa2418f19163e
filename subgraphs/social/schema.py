"""The social subgraph's schema: FFB sager, indsatser, tilstande and mål (SEL/ABL).

``Borger`` is keyed by ``id`` (the opaque person id, never the CPR: DOMAIN §11) and gets
``socialeSager`` here, nullable so that an unavailable FFB system nulls only this field.
Each object type is an entity keyed by ``id`` so the hoi subgraph's cross-sector lists
can point at it and the gateway fetches the details here.
"""

from __future__ import annotations

import uuid

import strawberry
from strawberry.types import Info

from subgraphs.common.interfaces import Indsats, Maal, Sag, Tilstand
from subgraphs.common.owner import Ejet
from subgraphs.common.schema import SubgraphSchema
from subgraphs.common.sector import SectorContext, owner_id, resolve_object, view_for

__all__ = ["Borger", "SocialIndsats", "SocialMaal", "SocialSag", "SocialTilstand", "schema"]

_Info = Info[SectorContext, None]


@strawberry.type
class _Ejet(Ejet):
    """Mixin: the owning citizen, looked up from the source record's CPR."""

    @strawberry.field(description="The citizen this object concerns.")
    async def borger(self, info: _Info) -> Borger | None:
        person_id = await owner_id(info, self.cpr)
        return None if person_id is None else Borger(id=person_id)


@strawberry.federation.type(keys=["id"], description="A social case in the FFB fagsystem.")
class SocialSag(_Ejet, Sag):
    tilstande: list[SocialTilstand]
    maal: list[SocialMaal]

    @classmethod
    async def resolve_reference(cls, info: _Info, id: strawberry.ID) -> SocialSag | None:
        return await resolve_object(cls, info, id)


@strawberry.federation.type(keys=["id"], description="An FFB social indsats (ydelse by tilbud).")
class SocialIndsats(_Ejet, Indsats):
    adresserer: list[SocialTilstand]
    maal: list[SocialMaal]
    sag: SocialSag | None

    @classmethod
    async def resolve_reference(cls, info: _Info, id: strawberry.ID) -> SocialIndsats | None:
        return await resolve_object(cls, info, id)


@strawberry.federation.type(keys=["id"], description="An FFB funktionsevne tilstand.")
class SocialTilstand(_Ejet, Tilstand):
    faglig_vurdering: str | None = strawberry.federation.field(
        policy=[["se-faglig-vurdering"]],
        description="Professional note: internal, needs the se-faglig-vurdering role (A9).")

    @classmethod
    async def resolve_reference(cls, info: _Info, id: strawberry.ID) -> SocialTilstand | None:
        return await resolve_object(cls, info, id)


@strawberry.federation.type(keys=["id"], description="An FFB indsatsmål (InterventionGoal).")
class SocialMaal(_Ejet, Maal):
    tilstand: SocialTilstand | None

    @classmethod
    async def resolve_reference(cls, info: _Info, id: strawberry.ID) -> SocialMaal | None:
        return await resolve_object(cls, info, id)


@strawberry.federation.type(keys=["id"], description="A citizen (entity owned by hoi).")
class Borger:
    id: uuid.UUID

    @strawberry.field(description="The citizen's social sager; null if FFB is unavailable.")
    async def sociale_sager(self, info: _Info) -> list[SocialSag] | None:
        view = await view_for(info, self.id)
        return [] if view is None else view.sager

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Borger:
        return cls(id=uuid.UUID(str(id)))


schema = SubgraphSchema(types=[Borger, SocialSag, SocialIndsats, SocialTilstand, SocialMaal])
"""The social subgraph's federation schema (Federation 2, as Strawberry prints it)."""

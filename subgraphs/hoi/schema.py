"""The hoi subgraph's schema: the entry point ``borger(cpr:|id:)``, the ``Borger`` entity it
owns, and the cross-sector views on it (sager, indsatser, tilstande, maal, aftaler, planer
and the SAPA-style tidslinje), each a list of references completed by the sector subgraphs.

Keys: ``Borger`` is keyed by ``id`` only. The id is opaque and stable; the CPR is protected
(DOMAIN rule G5), may change, and must never be what the gateway joins on, so ``cpr`` is an
ordinary field here and ``borger(cpr:)`` is the one place a CPR is turned into an id.
List items are nullable: if a sector subgraph fails to complete its references, only those
items become null, never the whole list or citizen.

The HOI sag and the shared HOI plan (``subgraphs.hoi.plan``) add ``Borger.hoiSager`` and
``hoiPlan``, ``Query.hoiSag`` and ``hoiPlan``, and the mutations that change them.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.types import Info

from subgraphs.common.scalars import CPR
from subgraphs.common.schema import SubgraphSchema
from subgraphs.common.types import IndsatsStatus, PlanType, Sektor
from subgraphs.hoi.collect import collect, in_window, sector_names
from subgraphs.hoi.index.query import MaalgruppeQuery
from subgraphs.hoi.loaders import HoiContext
from subgraphs.hoi.plan.indberetning import IndberetningMutation, IndberetningQuery
from subgraphs.hoi.plan.mutations import HoiMutation
from subgraphs.hoi.plan.queries import BorgerHoiFelter, HoiQuery
from subgraphs.hoi.references import (
    REFERENCE_TYPES,
    Aftale,
    Indsats,
    Maal,
    Plan,
    Sag,
    TidslinjeElement,
    Tilstand,
    reference_for,
)

__all__ = ["Borger", "Mutation", "Query", "schema"]

_Info = Info[HoiContext, None]


@strawberry.federation.type(keys=["id"], description="A citizen; the root of most questions.")
class Borger(BorgerHoiFelter):
    id: uuid.UUID
    person: strawberry.Private[dict[str, Any] | None] = None

    async def _person(self, info: _Info) -> dict[str, Any] | None:
        if self.person is None:
            self.person = await info.context.loaders.person_by_id.load(str(self.id))
        return self.person

    async def _cpr(self, info: _Info) -> str | None:
        person = await self._person(info)
        return None if person is None else str(person["cprNummer"])

    @strawberry.federation.field(description="CPR number (protected: needs the se-cpr "
                                             "privilege, or the citizen themself).",
                                 policy=[["se-cpr"], ["borger"]])
    async def cpr(self, info: _Info) -> CPR | None:
        cpr = await self._cpr(info)
        return None if cpr is None else CPR(cpr)

    @strawberry.field(description="Full name from the CPR register (protected).")
    async def navn(self, info: _Info) -> str | None:
        person = await self._person(info)
        return None if person is None else f"{person['navn']['fornavn']} " \
                                           f"{person['navn']['efternavn']}"

    @strawberry.field(description="Birth date (derived from the CPR register).")
    async def foedselsdato(self, info: _Info) -> date | None:
        person = await self._person(info)
        return None if person is None else date.fromisoformat(person["foedselsdato"])

    @strawberry.field(description="Whether the address is protected (rule A8).")
    async def adressebeskyttet(self, info: _Info) -> bool:
        person = await self._person(info)
        return bool(person and person["adressebeskyttet"])

    @strawberry.field(description="Kommunekode of residence (egne borgere vs gæsteadgang).")
    async def bopaelskommune(self, info: _Info) -> str | None:
        person = await self._person(info)
        return None if person is None else str(person["bopaelskommune"]["kommunekode"])

    @strawberry.field(description="Sager in every sector, oldest first.")
    async def sager(self, info: _Info, sektor: list[Sektor] | None = None,
                    aktive: bool | None = None) -> list[Sag | None]:
        found = await collect(info, await self._cpr(info), "sag", sector_names(sektor),
                              lambda s: aktive is None or (s.fremdrift.value != "AFSLUTTET")
                              == aktive)
        return [reference_for(obj) for obj in found]  # type: ignore[misc]

    @strawberry.field(description="Indsatser in every sector, by start.")
    async def indsatser(self, info: _Info, sektor: list[Sektor] | None = None,
                        status: list[IndsatsStatus] | None = None) -> list[Indsats | None]:
        found = await collect(info, await self._cpr(info), "indsats", sector_names(sektor),
                              lambda i: status is None or i.status in status)
        return [reference_for(obj) for obj in found]  # type: ignore[misc]

    @strawberry.field(description="Tilstande (functional and nursing states), by time.")
    async def tilstande(self, info: _Info,
                        sektor: list[Sektor] | None = None) -> list[Tilstand | None]:
        found = await collect(info, await self._cpr(info), "tilstand", sector_names(sektor))
        return [reference_for(obj) for obj in found]  # type: ignore[misc]

    @strawberry.field(description="Maal in every sector, by deadline.")
    async def maal(self, info: _Info, sektor: list[Sektor] | None = None) -> list[Maal | None]:
        found = await collect(info, await self._cpr(info), "maal", sector_names(sektor))
        return [reference_for(obj) for obj in found]  # type: ignore[misc]

    @strawberry.field(description="Aftaler in every sector, by time, within [fra, til].")
    async def aftaler(self, info: _Info, sektor: list[Sektor] | None = None,
                      fra: datetime | None = None,
                      til: datetime | None = None) -> list[Aftale | None]:
        found = await collect(info, await self._cpr(info), "aftale", sector_names(sektor),
                              in_window(fra, til))
        return [reference_for(obj) for obj in found]  # type: ignore[misc]

    @strawberry.field(description="Plans in every sector (Min Plan, uddannelsesplan, ...).")
    async def planer(self, info: _Info, type: list[PlanType] | None = None,
                     sektor: list[Sektor] | None = None) -> list[Plan | None]:
        found = await collect(info, await self._cpr(info), "plan", sector_names(sektor),
                              lambda p: type is None or p.type in type)
        return [reference_for(obj) for obj in found]  # type: ignore[misc]

    @strawberry.field(description="Every dated item across sectors, in time order "
                                  "(ties: sector order, type, id).")
    async def tidslinje(self, info: _Info, fra: datetime | None = None,
                        til: datetime | None = None,
                        sektor: list[Sektor] | None = None) -> list[TidslinjeElement | None]:
        found = await collect(info, await self._cpr(info), "tidslinje", sector_names(sektor),
                              in_window(fra, til))
        return [reference_for(obj) for obj in found]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Borger:
        return cls(id=uuid.UUID(str(id)))


@strawberry.type
class Query(HoiQuery, MaalgruppeQuery, IndberetningQuery):
    @strawberry.federation.field(description="A citizen by CPR number or by id (exactly one "
                                             "of them).", policy=[["medarbejder"], ["borger"]])
    async def borger(self, info: _Info, cpr: CPR | None = None,
                     id: uuid.UUID | None = None) -> Borger | None:
        if (cpr is None) == (id is None):
            raise ValueError("give exactly one of cpr and id")
        loaders = info.context.loaders
        person = (await loaders.person_by_cpr.load(cpr) if cpr is not None
                  else await loaders.person_by_id.load(str(id)))
        if person is None:
            return None
        return Borger(id=uuid.UUID(str(person["personId"])), person=person)


class PartialErrors(SchemaExtension):
    """Adds the errors of sectors that failed while others answered to the response."""

    def on_execute(self) -> Any:
        yield
        context = self.execution_context.context
        result = self.execution_context.result
        extra = getattr(context, "partial_errors", None)
        if extra and result is not None:
            result.errors = [*(result.errors or []), *extra]


@strawberry.type
class Mutation(HoiMutation, IndberetningMutation):
    """The HOI sag and plan mutations (:mod:`subgraphs.hoi.plan.mutations`), and offers of
    HOI (:mod:`subgraphs.hoi.plan.indberetning`)."""


schema = SubgraphSchema(query=Query, mutation=Mutation, types=list(REFERENCE_TYPES.values()),
                        extensions=[PartialErrors])
"""The hoi subgraph's federation schema."""

"""Reading HOI cases and plans: ``Borger.hoiSager``/``hoiPlan``, ``Query.hoiSag``/``hoiPlan``."""

from __future__ import annotations

import uuid

import strawberry
from strawberry.types import Info

from subgraphs.common.errors import forbidden
from subgraphs.hoi import plan_state as state
from subgraphs.hoi.plan.build import plan_of, sag_of
from subgraphs.hoi.plan.errors import guarded
from subgraphs.hoi.plan.objects import HoiPlan, HoiSag
from subgraphs.hoi.plan.versions import reader

__all__ = ["BorgerHoiFelter", "HoiQuery"]

_READ = [["medarbejder"], ["borger"]]


def _current_case(sager: tuple[state.HoiSag, ...]) -> state.HoiSag | None:
    """The open case, else the latest closed one."""
    open_ = [s for s in sager if s.status is not state.HoiSagStatus.AFSLUTTET]
    candidates = open_ or list(sager)
    return candidates[-1] if candidates else None


@strawberry.type
class BorgerHoiFelter:
    """The HOI fields of ``Borger`` (a mixin of the hoi subgraph's ``Borger``)."""

    id: uuid.UUID

    async def _sager(self, info: Info) -> tuple[state.HoiSag, ...]:
        read = await reader(info)
        if read.viewer.is_citizen and read.viewer.own_borger_id != str(self.id):
            raise forbidden("a citizen may only read their own HOI case")
        sager = await guarded(read.context.sager.load(str(self.id)))
        return tuple(s for s in sager if read.may_read(s))

    @strawberry.field(description="The citizen's HOI cases, oldest first (aktive: only those "
                                  "not closed); null with an error when refused.")
    async def hoi_sager(self, info: Info, aktive: bool | None = None
                        ) -> list[HoiSag] | None:
        read = await reader(info)
        sager = await self._sager(info)
        return [sag_of(s, read.shape) for s in sager
                if aktive is None or (s.status is not state.HoiSagStatus.AFSLUTTET) == aktive]

    @strawberry.field(description="The shared plan of the citizen's open HOI case (else of the "
                                  "latest closed one); null when there is none or refused.")
    async def hoi_plan(self, info: Info) -> HoiPlan | None:
        read = await reader(info)
        sag = _current_case(await self._sager(info))
        return None if sag is None else await guarded(read.plan(sag))


@strawberry.type
class HoiQuery:
    """The HOI root fields (a mixin of the hoi subgraph's ``Query``)."""

    @strawberry.federation.field(description="A HOI case by id (null when unknown or not "
                                             "readable).", policy=_READ)
    async def hoi_sag(self, info: Info, id: uuid.UUID) -> HoiSag | None:
        read = await reader(info)
        sag = await guarded(read.sag(str(id)))
        return None if sag is None else sag_of(sag, read.shape)

    @strawberry.federation.field(description="A HOI plan by id, at a version (default: the "
                                             "current one).", policy=_READ)
    async def hoi_plan(self, info: Info, id: uuid.UUID,
                       version: int | None = None) -> HoiPlan | None:
        read = await reader(info)
        sag = await guarded(read.readable(await guarded(read.store.sager.for_plan(str(id)))))
        if sag is None:
            return None
        found = await guarded(read.store.planer.hent(str(id), version))
        return None if found is None else plan_of(found, sag, read.shape)

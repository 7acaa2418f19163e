"""Reading HOI cases and plans for a resolver: access check, shaping, and plan history."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from subgraphs.common.errors import unavailable
from subgraphs.hoi import plan_state as state
from subgraphs.hoi.plan.access import can_read
from subgraphs.hoi.plan.build import Shape, aktoer_of, plan_of, sag_of
from subgraphs.hoi.plan.context import PlanContext, Viewer
from subgraphs.hoi.plan.objects import HoiPlan, HoiSag
from subgraphs.hoi.plan.types import HoiAktoer, HoiPlanAendring

__all__ = ["HoiPlanVersion", "Reader", "plan_history", "plan_of_case", "reader", "sag_by_id"]


@strawberry.type(description="One version of the HOI plan: who changed what, when and why, "
                             "and the plan as it was then.")
class HoiPlanVersion:
    version: int
    aendring: HoiPlanAendring
    element_id: uuid.UUID | None
    aarsag: str | None
    tid: datetime
    aktoer: HoiAktoer
    plan: HoiPlan | None = strawberry.field(description="The plan as it was at this version.")


class Reader:
    """One request's reading of HOI state, for one viewer."""

    def __init__(self, context: PlanContext, viewer: Viewer) -> None:
        self.context = context
        self.viewer = viewer
        self.store = context.require_store()
        self.shape = Shape(self.store.settings, for_citizen=viewer.is_citizen)

    def may_read(self, sag: state.HoiSag) -> bool:
        """The subgraph's own (coarse) read check; the gateway decides per object after it."""
        return can_read(self.viewer.principal, sag, self.viewer.own_borger_id)

    async def sag(self, sag_id: str) -> state.HoiSag | None:
        """The case, if it exists and the viewer may read it."""
        try:
            sag = await self.store.sager.hent(sag_id)
        except state.HoiStateError:
            return None
        return await self.readable(sag)

    async def readable(self, sag: state.HoiSag | None) -> state.HoiSag | None:
        """``sag`` if the viewer may read it; a samtykke lapse noticed here is recorded."""
        if sag is None or not self.may_read(sag):
            return None
        if sag.lapse_unrecorded:
            await self.store.sager.registrer_ophoer([sag])
        return sag

    async def plan(self, sag: state.HoiSag) -> HoiPlan | None:
        """The case's current plan."""
        version = await self.context.planer.load(sag.plan_id)
        return None if version is None else plan_of(version, sag, self.shape)


async def reader(info: Info[Any, None]) -> Reader:
    """The reader for this request (UNAUTHENTICATED without a valid token)."""
    context: PlanContext | None = getattr(info.context, "hoi_plan", None)
    if context is None:
        raise unavailable("the HOI store")
    return Reader(context, await context.viewer())


async def sag_by_id(info: Info[Any, None], sag_id: str) -> HoiSag | None:
    """The case as a GraphQL object, or None."""
    read = await reader(info)
    sag = await read.sag(sag_id)
    return None if sag is None else sag_of(sag, read.shape)


async def plan_of_case(info: Info[Any, None], sag_id: str) -> HoiPlan | None:
    """The current plan of a case, or None."""
    read = await reader(info)
    sag = await read.sag(sag_id)
    return None if sag is None else await read.plan(sag)


async def plan_history(info: Info[Any, None], plan_id: str) -> list[HoiPlanVersion]:
    """Every version of a plan (empty when the viewer may not read it)."""
    read = await reader(info)
    sag = await read.readable(await read.store.sager.for_plan(plan_id))
    if sag is None:
        return []
    return [HoiPlanVersion(version=v.version, aendring=HoiPlanAendring(v.aendring.value),
                           element_id=None if v.element_id is None
                           else uuid.UUID(v.element_id), aarsag=v.aarsag, tid=v.tid,
                           aktoer=aktoer_of(v.aktoer, read.shape),
                           plan=plan_of(v, sag, read.shape))
            for v in await read.store.planer.historik(plan_id)]

"""Changing HOI cases and plans: every change names the version it is based on.

A stale version is a ``CONFLICT`` error with ``extensions.currentVersion``; nothing is
changed and nothing lost (read again, apply again). Who may do what: :mod:`.access`.
"""

from __future__ import annotations

import uuid

import strawberry
from strawberry.types import Info

from authz.store import Sektor as StoreSektor
from subgraphs.common.errors import bad_input, forbidden, not_found
from subgraphs.common.types import Sektor
from subgraphs.hoi import plan_state as state
from subgraphs.hoi.client import SECTOR_NAMES
from subgraphs.hoi.collect import collect
from subgraphs.hoi.plan import access
from subgraphs.hoi.plan.build import plan_of, sag_of
from subgraphs.hoi.plan.errors import coded, guarded
from subgraphs.hoi.plan.inputs import (
    AendrHoiAftaleInput,
    AendrHoiMaalInput,
    KoordinatorInput,
    TilfoejHoiAftaleInput,
    TilfoejHoiMaalInput,
)
from subgraphs.hoi.plan.types import (
    BorgerBidragType,
    HoiAfslutningsKode,
    HoiPlanResultat,
    HoiSagResultat,
)
from subgraphs.hoi.plan.versions import Reader, reader
from subgraphs.hoi.references import REFERENCE_TYPES, Indsats

__all__ = ["HoiMutation"]

_MANAGE = [["hoi-plan-skriv"]]
_EDIT = [["medarbejder"], ["borger"]]


async def _readable_sag(read: Reader, sag: state.HoiSag | None) -> state.HoiSag:
    if sag is None or not read.may_read(sag):
        raise not_found("HOI sag")
    return sag


async def _sag_result(read: Reader, sag: state.HoiSag) -> HoiSagResultat:
    return HoiSagResultat(sag_id=uuid.UUID(sag.id), plan_id=uuid.UUID(sag.plan_id),
                          version=sag.version, sag=sag_of(sag, read.shape))


async def _change_plan(info: Info, plan_id: uuid.UUID, version: int,
                       edit: state.PlanEdit, aarsag: str | None = None) -> HoiPlanResultat:
    read = await reader(info)
    principal, own = read.viewer.principal, read.viewer.own_borger_id
    sag = await guarded(read.store.sager.for_plan(str(plan_id)))
    if sag is None or not read.may_read(sag):
        raise not_found("HOI plan")
    current = await guarded(read.store.planer.hent(sag.plan_id))
    if current is None:
        raise not_found("HOI plan")
    if current.version != version:
        raise coded(state.VersionConflict("HOI plan", current.version))
    touched = set() if read.viewer.is_citizen else access.edit_sectors(edit, current.indhold)
    access.ensure_can_edit(principal, own, sag, touched)
    stored = await guarded(read.store.planer.aendr(
        sag.plan_id, version, edit, access.actor_for(principal, own), aarsag))
    return HoiPlanResultat(plan_id=uuid.UUID(sag.plan_id), version=stored.version,
                           element_id=None if stored.element_id is None
                           else uuid.UUID(stored.element_id),
                           plan=plan_of(stored, sag, read.shape))


async def _indsats(info: Info, sag: state.HoiSag,
                   indsats_id: uuid.UUID) -> state.TilfoejIndsats:
    """The citizen's indsats with this id in one of the plan's sectors, as a reference."""
    person = await info.context.loaders.person_by_id.load(sag.borger_id)
    sectors = [s.value.lower() for s in sag.omraader if s.value.lower() in SECTOR_NAMES]
    found = [] if person is None else await collect(info, str(person["cprNummer"]), "indsats",
                                                    sectors)
    match = next((obj for obj in found if obj.id == indsats_id), None)
    name = type(match).__name__
    if match is None or not issubclass(REFERENCE_TYPES.get(name, object), Indsats):
        raise not_found("an indsats of the citizen in the plan's sectors")
    return state.TilfoejIndsats(indsats_id=str(match.id), type=name,
                                sektor=StoreSektor(match.sektor.value))


@strawberry.type
class HoiMutation:
    """The HOI mutations (a mixin of the hoi subgraph's ``Mutation``)."""

    @strawberry.federation.mutation(description="Open a HOI case with its shared plan for a "
                                                "citizen: needs hoi-plan-skriv and an active "
                                                "HOI samtykke covering every sector (rule H1, "
                                                "else CONSENT_REQUIRED).", policy=_MANAGE)
    async def opret_hoi_sag(self, info: Info, borger_id: uuid.UUID,
                            koordinator: KoordinatorInput, samtykke_id: uuid.UUID,
                            omraader: list[Sektor], aarsag: str) -> HoiSagResultat:
        read = await reader(info)
        worker = access.ensure_can_manage(read.viewer.principal)
        if await info.context.loaders.person_by_id.load(str(borger_id)) is None:
            raise not_found("borger")
        try:
            ny = state.NySag(borger_id=str(borger_id), kommune_cvr=worker.cvr,
                             koordinator=koordinator.to_store(), samtykke_id=str(samtykke_id),
                             omraader=tuple(StoreSektor(s.value) for s in omraader),
                             aarsag=aarsag)
        except ValueError as error:
            raise bad_input(str(error)) from None
        sag = await guarded(read.store.sager.opret(ny, access.actor_for(worker, None)))
        return await _sag_result(read, sag)

    @strawberry.federation.mutation(description="Change a HOI case's koordinator, samtykke or "
                                                "sectors (a new version; H1 must still hold).",
                                    policy=_MANAGE)
    async def aendr_hoi_sag(self, info: Info, id: uuid.UUID,
                            version: int, aarsag: str,
                            koordinator: KoordinatorInput | None = None,
                            samtykke_id: uuid.UUID | None = None,
                            omraader: list[Sektor] | None = None) -> HoiSagResultat:
        read = await reader(info)
        sag = await _readable_sag(read, await guarded(read.store.sager.hent(str(id))))
        worker = access.ensure_can_manage(read.viewer.principal, sag.kommune_cvr)
        changed = await guarded(read.store.sager.aendr(
            sag.id, version, access.actor_for(worker, None), aarsag,
            koordinator=None if koordinator is None else koordinator.to_store(),
            samtykke_id=None if samtykke_id is None else str(samtykke_id),
            omraader=None if omraader is None else [StoreSektor(s.value) for s in omraader]))
        return await _sag_result(read, changed)

    @strawberry.federation.mutation(description="Close a HOI case: the plan is frozen and the "
                                                "koordinator's access ends (kode: why, for "
                                                "the report).", policy=_MANAGE)
    async def afslut_hoi_sag(self, info: Info, id: uuid.UUID,
                             aarsag: str, version: int,
                             kode: HoiAfslutningsKode | None = None) -> HoiSagResultat:
        read = await reader(info)
        sag = await _readable_sag(read, await guarded(read.store.sager.hent(str(id))))
        worker = access.ensure_can_manage(read.viewer.principal, sag.kommune_cvr)
        closed = await guarded(read.store.sager.afslut(
            sag.id, version, access.actor_for(worker, None), aarsag,
            None if kode is None else state.AfslutningsKode(kode.value)))
        return await _sag_result(read, closed)

    @strawberry.federation.mutation(description="Add a goal (employees: within their sectors; "
                                                "the citizen: their own goal).", policy=_EDIT)
    async def tilfoej_hoi_maal(self, info: Info,
                               input: TilfoejHoiMaalInput) -> HoiPlanResultat:
        citizen = (await reader(info)).viewer.is_citizen
        return await _change_plan(info, input.plan_id, input.version, input.to_edit(citizen),
                                  input.aarsag)

    @strawberry.federation.mutation(description="Change a goal (the citizen only their own).",
                                    policy=_EDIT)
    async def aendr_hoi_maal(self, info: Info,
                             input: AendrHoiMaalInput) -> HoiPlanResultat:
        return await _change_plan(info, input.plan_id, input.version, input.to_edit(),
                                  input.aarsag)

    @strawberry.federation.mutation(description="Add an aftale (employees).", policy=_EDIT)
    async def tilfoej_hoi_aftale(self, info: Info,
                                 input: TilfoejHoiAftaleInput) -> HoiPlanResultat:
        return await _change_plan(info, input.plan_id, input.version, input.to_edit(),
                                  input.aarsag)

    @strawberry.federation.mutation(description="Change an aftale (employees).", policy=_EDIT)
    async def aendr_hoi_aftale(self, info: Info,
                               input: AendrHoiAftaleInput) -> HoiPlanResultat:
        return await _change_plan(info, input.plan_id, input.version, input.to_edit(),
                                  input.aarsag)

    @strawberry.federation.mutation(description="The citizen confirms an aftale.", policy=_EDIT)
    async def bekraeft_hoi_aftale(self, info: Info, plan_id: uuid.UUID,
                                  version: int, aftale_id: uuid.UUID, kanal: str | None = None,
                                  kommentar: str | None = None) -> HoiPlanResultat:
        return await _change_plan(info, plan_id, version, state.BekraeftAftale(
            aftale_id=str(aftale_id), kanal=kanal, kommentar=kommentar))

    @strawberry.federation.mutation(description="Reference one of the citizen's sector "
                                                "indsatser in the plan (employees; the "
                                                "indsats must exist in a plan sector).",
                                    policy=_EDIT)
    async def tilfoej_hoi_indsats(self, info: Info, plan_id: uuid.UUID,
                                  version: int, indsats_id: uuid.UUID,
                                  aarsag: str | None = None) -> HoiPlanResultat:
        read = await reader(info)
        sag = await guarded(read.store.sager.for_plan(str(plan_id)))
        if sag is None or not read.may_read(sag):
            raise not_found("HOI plan")
        if read.viewer.is_citizen:
            raise forbidden("only an employee may reference an indsats")
        return await _change_plan(info, plan_id, version, await _indsats(info, sag, indsats_id),
                                  aarsag)

    @strawberry.federation.mutation(description="Stop referencing an indsats (employees).",
                                    policy=_EDIT)
    async def fjern_hoi_indsats(self, info: Info, plan_id: uuid.UUID,
                                version: int, indsats_id: uuid.UUID,
                                aarsag: str | None = None) -> HoiPlanResultat:
        return await _change_plan(info, plan_id, version,
                                  state.FjernIndsats(indsats_id=str(indsats_id)), aarsag)

    @strawberry.federation.mutation(description="The citizen adds a comment, a wish or a status "
                                                "update (own goals: tilfoejHoiMaal).",
                                    policy=_EDIT)
    async def tilfoej_borger_bidrag(self, info: Info,
                                    plan_id: uuid.UUID, version: int, type: BorgerBidragType,
                                    tekst: str, relateret_til: uuid.UUID | None = None,
                                    ) -> HoiPlanResultat:
        return await _change_plan(info, plan_id, version, state.TilfoejBidrag(
            type=state.BorgerBidragType(type.value), tekst=tekst,
            relateret_til=None if relateret_til is None else str(relateret_til)))

    @strawberry.federation.mutation(description="The citizen approves the plan version they "
                                                "saw (the version given).", policy=_EDIT)
    async def godkend_hoi_plan(self, info: Info, plan_id: uuid.UUID,
                               version: int, kanal: str | None = None) -> HoiPlanResultat:
        return await _change_plan(info, plan_id, version, state.Godkend(kanal=kanal))


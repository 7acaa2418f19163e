"""The HOI objects the gateway guards: ``HoiSag``, ``HoiPlan``, ``HoiMaal``, ``HoiAftale``.

Each implements the unified model's interface (``Sag``, ``Plan``, ``Maal``, ``Aftale``, hence
``TidslinjeElement`` and ``AdgangsStyret``) with ``sektor: TVAERGAAENDE``, the HOI KLE from
configuration, ``foelsomhed: FOELSOMME_PERSONOPLYSNINGER``, ``borgerId`` and ``kommuneCvr`` of
the case, so the gateway decides on every one of them. Values are built from the store's
records by :mod:`subgraphs.hoi.plan.build`; only what needs another read is a resolver.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from subgraphs.common.interfaces import TidslinjeFelter
from subgraphs.common.types import (
    AftaleStatus,
    AftaleType,
    Funktionsevneniveau,
    GodkendelseInfo,
    Hjemmel,
    Kode,
    MaalStatus,
    MaalType,
    Periode,
    PlanStatus,
    PlanType,
    SagFremdrift,
    Sektor,
    VurderetAf,
)
from subgraphs.hoi.plan.types import (
    BorgerBidrag,
    HoiAfslutningsKode,
    HoiIndsatsReference,
    HoiKoordinator,
    HoiSagStatus,
    HoiSagVersion,
    HoiSamtykkeOphoer,
    HoiStempel,
    PlanDokument,
    PlanDokumentFormat,
    Tilbageskrivning,
)
from subgraphs.hoi.references import Aftale, Indsats, Maal, Plan, Sag

if TYPE_CHECKING:
    from subgraphs.hoi.plan.versions import HoiPlanVersion
    from subgraphs.hoi.schema import Borger

__all__ = ["HoiAftale", "HoiMaal", "HoiPlan", "HoiSag"]


@strawberry.type
class _Styret(TidslinjeFelter):
    """The ``AdgangsStyret`` + ``TidslinjeElement`` fields every HOI object carries."""

    plan_id: strawberry.Private[str]


async def _tilbageskrivning(info: Info[Any, None], plan_id: str,
                            element_id: str) -> Tilbageskrivning | None:
    from subgraphs.hoi.plan.build import tilbageskrivning_of

    queue = await info.context.hoi_plan.tilbageskrivninger.load(plan_id)
    found = queue.get(element_id)
    return None if found is None else tilbageskrivning_of(found)


@strawberry.type(description="A goal in the shared HOI plan: the citizen's own "
                             "(formuleretAf BORGER) or a professional one.")
class HoiMaal(_Styret, Maal):
    type: MaalType
    maaltype: Kode | None
    beskrivelse: str
    formuleret_af: VurderetAf
    forventet_niveau: Funktionsevneniveau | None
    frist: date | None
    status: MaalStatus
    fagomraade: Sektor | None = strawberry.field(
        description="The sector whose system the goal belongs to (and is written back to); "
                    "null: the HOI plan only.")
    oprettet: HoiStempel
    senest_aendret: HoiStempel

    @strawberry.field(description="Writing the goal back to its sector's system, if queued.")
    async def tilbageskrivning(self, info: Info[Any, None]) -> Tilbageskrivning | None:
        return await _tilbageskrivning(info, self.plan_id, str(self.id))


@strawberry.type(description="An aftale in the shared HOI plan (appointment, agreement, "
                             "deadline).")
class HoiAftale(_Styret, Aftale):
    type: AftaleType
    titel: str
    tidspunkt: Periode
    sted: str | None
    status: AftaleStatus
    aftalt_indhold: str | None
    aarsagstekst: str | None
    fagomraade: Sektor | None = strawberry.field(
        description="The sector whose system the aftale belongs to (and is written back to); "
                    "null: the HOI plan only.")
    borger_bekraeftet: GodkendelseInfo | None = strawberry.field(
        description="The citizen's confirmation, if given.")
    oprettet: HoiStempel
    senest_aendret: HoiStempel

    @strawberry.field(description="Writing the aftale back to its sector's system, if queued.")
    async def tilbageskrivning(self, info: Info[Any, None]) -> Tilbageskrivning | None:
        return await _tilbageskrivning(info, self.plan_id, str(self.id))


@strawberry.type(description="The one shared helhedsorienteret plan of a HOI case (type "
                             "HELHEDSORIENTERET_PLAN), at one version.")
class HoiPlan(_Styret, Plan):
    type: PlanType
    status: PlanStatus
    periode: Periode | None
    maal: list[HoiMaal]
    indsatser: list[Indsats] = strawberry.field(
        description="The sector indsatser the plan coordinates, completed by their subgraphs.")
    aftaler: list[HoiAftale]
    borger_godkendt: GodkendelseInfo | None = strawberry.field(
        description="The citizen's approval: godkendt is true while no change of substance "
                    "followed the approved version.")
    version: int = strawberry.field(description="This version's number: pass it with a change.")
    godkendt_version: int | None = strawberry.field(
        description="The version the citizen approved last.")
    koordinator: HoiKoordinator
    borger_bidrag: list[BorgerBidrag]
    indsats_referencer: list[HoiIndsatsReference]
    sag_status: HoiSagStatus
    laast: bool = strawberry.field(description="True when the plan takes no more changes (the "
                                               "case is closed or its samtykke has stopped).")
    samtykke_ophoert: HoiSamtykkeOphoer | None = strawberry.field(
        description="Set when the case's samtykke was withdrawn or expired.")
    senest_aendret: HoiStempel
    sag_id: strawberry.Private[str]

    @strawberry.field(description="The HOI case the plan belongs to.")
    async def sag(self, info: Info[Any, None]) -> HoiSag | None:
        from subgraphs.hoi.plan.versions import sag_by_id

        return await sag_by_id(info, self.sag_id)

    @strawberry.field(description="This plan version as a document: a one-page PDF in plain "
                                  "Danish, or XML for other systems (hoi-plan-1.xsd). Only "
                                  "what the citizen may see; no employee names.")
    async def dokument(self, info: Info[Any, None],
                       format: PlanDokumentFormat) -> PlanDokument | None:
        from subgraphs.hoi.plan.dokument import plan_dokument

        return await plan_dokument(info, self.plan_id, self.version, format)

    @strawberry.field(description="Every version of the plan, oldest first (who, when, what, "
                                  "why; each with the plan as it was).")
    async def historik(self, info: Info[Any, None]) -> list[
            Annotated[HoiPlanVersion, strawberry.lazy("subgraphs.hoi.plan.versions")]]:
        from subgraphs.hoi.plan.versions import plan_history

        return await plan_history(info, self.plan_id)


@strawberry.type(description="A HOI case (helhedsorienteret indsats): opened with the "
                             "citizen's samtykke (rule H1), one koordinator (H3), one plan.")
class HoiSag(_Styret, Sag):
    sagsnummer: str
    titel: str
    kle_titel: str | None
    fremdrift: SagFremdrift
    hjemmel: list[Hjemmel]
    kategorier: list[Kode]
    er_hoi_sag: bool
    oprettet: datetime
    virkning: Periode | None
    status: HoiSagStatus
    version: int = strawberry.field(description="The case's version: pass it with a change.")
    koordinator: HoiKoordinator
    samtykke_id: uuid.UUID
    omraader: list[Sektor] = strawberry.field(description="The sectors in the plan.")
    samtykke_ophoert: HoiSamtykkeOphoer | None
    afsluttet: datetime | None
    afslutnings_aarsag: str | None
    afslutnings_kode: HoiAfslutningsKode | None
    historik: list[HoiSagVersion]

    @strawberry.field(description="The citizen.")
    def borger(self) -> Annotated[Borger, strawberry.lazy("subgraphs.hoi.schema")]:
        from subgraphs.hoi.schema import Borger

        return Borger(id=self.borger_id)  # type: ignore[arg-type]

    @strawberry.field(description="The case's shared plan, current version.")
    async def plan(self, info: Info[Any, None]) -> HoiPlan | None:
        from subgraphs.hoi.plan.versions import plan_of_case

        return await plan_of_case(info, str(self.id))

    @strawberry.field(description="The sector indsatser the plan coordinates (references).")
    async def indsatser(self, info: Info[Any, None]) -> list[Indsats]:
        plan = await self.plan(info)
        return [] if plan is None else plan.indsatser

"""Recording offers of HOI, and the HOI report (indberetning) through the graph.

* ``registrerHoiTilbud`` (``hoi-plan-skriv``, like opening a case): that the citizen was
  offered HOI, when and how — the report's "offered" figure.
* ``hoiIndberetning(fra:, til:)`` (``hoi-indberetning``, a role of its own: the report is
  about the whole municipality, so neither reading plans nor writing them should imply it,
  and it gives no case content): the totals, and the dataset as CSV or JSON text, exactly
  the bytes ``python -m subgraphs.hoi.report`` writes. Citizens appear only as pseudonyms.
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, date, datetime

import strawberry
from strawberry.types import Info

from subgraphs.common.errors import bad_input, not_found, unavailable
from subgraphs.common.scalars import CVR
from subgraphs.hoi import plan_state as state
from subgraphs.hoi.plan import access
from subgraphs.hoi.plan.errors import guarded
from subgraphs.hoi.plan.versions import reader
from subgraphs.hoi.report import Datasaet, Format, indberetning
from subgraphs.hoi.report.render import render

__all__ = ["HoiIndberetning", "HoiTilbud", "IndberetningMutation", "IndberetningQuery"]


@strawberry.enum(description="How HOI was offered.")
class HoiTilbudKanal(enum.Enum):
    MOEDE = "MOEDE"
    TELEFON = "TELEFON"
    BREV = "BREV"
    DIGITAL_POST = "DIGITAL_POST"


@strawberry.type(description="A recorded offer of HOI (append-only; for the report).")
class HoiTilbud:
    id: uuid.UUID
    tid: datetime
    kanal: HoiTilbudKanal
    kommune_cvr: CVR


@strawberry.enum(description="The file format of the report's dataset.")
class IndberetningFormat(enum.Enum):
    CSV = "CSV"
    JSON = "JSON"


@strawberry.type(description="How many closed plans had this closing reason.")
class HoiAfslutningsaarsagAntal:
    kode: str = strawberry.field(description="A HoiAfslutningsKode, or IKKE_ANGIVET.")
    antal: int


@strawberry.type(description="The report's totals (citizens unless said otherwise).")
class HoiIndberetningTotaler:
    borgere: int = strawberry.field(description="Citizens in the dataset.")
    fundet_i_maalgruppe: int | None = strawberry.field(
        description="Found in the target group; null when no målgruppe source is configured.")
    tilbudt: int
    samtykket: int
    med_plan: int = strawberry.field(description="With an active HOI plan in the period.")
    nye_planer: int = strawberry.field(description="Cases opened in the period.")
    plan_dage_i_perioden: int = strawberry.field(description="Active plan days, summed.")
    plan_dage_i_perioden_median: float | None
    plan_dage_i_alt_median: float | None = strawberry.field(
        description="Median plan length in days from opening (of those with a plan).")
    afsluttede_planer: int
    afslutningsaarsager: list[HoiAfslutningsaarsagAntal]
    samtykke_ophoert: int


@strawberry.type(description="The HOI report for a period of the caller's municipality.")
class HoiIndberetning:
    fra: date
    til: date
    opgjort_til: datetime = strawberry.field(description="Counted up to (now, if the period "
                                                         "is not over).")
    kommune_cvr: CVR
    maalgruppe_kilde: str | None = strawberry.field(
        description="Where the target-group figure comes from (null: not available).")
    totaler: HoiIndberetningTotaler
    datasaet: strawberry.Private[Datasaet]

    @strawberry.field(description="The dataset (one line per pseudonymised citizen), as the "
                                  "CLI writes it.")
    def data(self, format: IndberetningFormat) -> str:
        return render(self.datasaet, Format(format.value.lower())).decode("utf-8")


def _totaler(data: Datasaet) -> HoiIndberetningTotaler:
    t = data.totaler
    return HoiIndberetningTotaler(
        borgere=t["borgere"], fundet_i_maalgruppe=t["fundet_i_maalgruppe"],
        tilbudt=t["tilbudt"], samtykket=t["samtykket"], med_plan=t["med_plan"],
        nye_planer=t["nye_planer"], plan_dage_i_perioden=t["plan_dage_i_perioden"]["i_alt"],
        plan_dage_i_perioden_median=t["plan_dage_i_perioden"]["median"],
        plan_dage_i_alt_median=t["plan_dage_i_alt_median"],
        afsluttede_planer=t["afsluttede_planer"],
        afslutningsaarsager=[HoiAfslutningsaarsagAntal(kode=k, antal=n)
                             for k, n in t["afslutningsaarsager"].items()],
        samtykke_ophoert=t["samtykke_ophoert"])


@strawberry.type
class IndberetningQuery:
    """The report (a mixin of the hoi subgraph's ``Query``)."""

    @strawberry.federation.field(description="The HOI report of the caller's municipality for "
                                             "the days fra..til (both included).",
                                 policy=[["hoi-indberetning"]])
    async def hoi_indberetning(self, info: Info, fra: date, til: date) -> HoiIndberetning:
        read = await reader(info)
        worker = access.ensure_can_report(read.viewer.principal)
        settings = read.context.report
        if settings.pseudonym is None:
            raise unavailable("the HOI report (no pseudonymisation key is configured)")
        now = datetime.now(UTC)
        try:
            data, _ = await guarded(indberetning(
                read.store, worker.cvr, fra, til, pseudonym=settings.pseudonym, now=now,
                maalgruppe=settings.maalgruppe))
        except ValueError as error:
            raise bad_input(str(error)) from None
        p = data.haendelser.periode
        return HoiIndberetning(fra=fra, til=til, opgjort_til=p.opgjort_til,
                               kommune_cvr=CVR(worker.cvr),
                               maalgruppe_kilde=data.haendelser.maalgruppe_kilde,
                               totaler=_totaler(data), datasaet=data)


@strawberry.type
class IndberetningMutation:
    """Recording offers (a mixin of the hoi subgraph's ``Mutation``)."""

    @strawberry.federation.mutation(description="Record that a citizen was offered HOI "
                                                "(hoi-plan-skriv; tid: when, default now).",
                                    policy=[["hoi-plan-skriv"]])
    async def registrer_hoi_tilbud(self, info: Info, borger_id: uuid.UUID,
                                   kanal: HoiTilbudKanal,
                                   tid: datetime | None = None) -> HoiTilbud:
        read = await reader(info)
        worker = access.ensure_can_manage(read.viewer.principal)
        if await info.context.loaders.person_by_id.load(str(borger_id)) is None:
            raise not_found("borger")
        offer = await guarded(read.store.tilbud.registrer(
            str(borger_id), worker.cvr, state.TilbudKanal(kanal.value),
            access.actor_for(worker, None), tid))
        return HoiTilbud(id=uuid.UUID(offer.id), tid=offer.tid,
                         kanal=HoiTilbudKanal(offer.kanal.value),
                         kommune_cvr=CVR(offer.kommune_cvr))

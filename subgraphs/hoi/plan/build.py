"""Store records of the HOI state to the GraphQL objects, shaped for the viewer.

For a citizen (rule C3): items marked INTERN are left out and employees' user ids are
blanked (the municipality shows). Everything else is the same for every viewer; what a
worker may see at all is the gateway's per-object decision on the ``AdgangsStyret`` fields.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from authz.store import Actor, ActorKind
from subgraphs.common.scalars import CVR, KLE
from subgraphs.common.types import (
    AftaleStatus,
    AftaleType,
    Foelsomhed,
    Funktionsevneniveau,
    GodkendelseInfo,
    Kilde,
    Kode,
    MaalStatus,
    MaalType,
    Periode,
    PlanStatus,
    PlanType,
    SagFremdrift,
    Sektor,
    Synlighed,
    VurderetAf,
)
from subgraphs.hoi import plan_state as state
from subgraphs.hoi.plan.objects import HoiAftale, HoiMaal, HoiPlan, HoiSag
from subgraphs.hoi.plan.types import (
    BorgerBidrag,
    BorgerBidragType,
    HoiAfslutningsKode,
    HoiAktoer,
    HoiAktoerType,
    HoiIndsatsReference,
    HoiKoordinator,
    HoiSagHaendelse,
    HoiSagStatus,
    HoiSagVersion,
    HoiSamtykkeOphoer,
    HoiStempel,
    Tilbageskrivning,
    TilbageskrivningStatus,
)
from subgraphs.hoi.references import REFERENCE_TYPES, Indsats

__all__ = ["Shape", "aktoer_of", "plan_of", "sag_of", "tilbageskrivning_of"]

_TITEL = "Helhedsorienteret indsats"
_PLAN_TEKST = "Helhedsorienteret plan"


class Shape:
    """How objects are built for one viewer: settings, the reading instant, citizen or not."""

    def __init__(self, settings: state.HoiSettings, *, for_citizen: bool,
                 now: datetime | None = None) -> None:
        self.settings = settings
        self.for_citizen = for_citizen
        self.now = now or datetime.now(UTC)

    def styret(self, object_id: str, sag: state.HoiSag, *, tid: datetime, tekst: str,
               synlighed: state.Synlighed = state.Synlighed.BORGER_SYNLIG) -> dict[str, Any]:
        """The ``AdgangsStyret`` + ``TidslinjeElement`` field values of one object."""
        return {
            "id": uuid.UUID(object_id), "kommune_cvr": CVR(sag.kommune_cvr),
            "sektor": Sektor.TVAERGAAENDE, "kle": KLE(self.settings.kle),
            "foelsomhed": Foelsomhed.FOELSOMME_PERSONOPLYSNINGER, "ansvarlig_enhed": None,
            "kilde": Kilde(it_system_uuid=uuid.UUID(self.settings.system_uuid),
                           system_navn=self.settings.system_navn, kilde_id=object_id,
                           hentet_tid=self.now),
            "synlighed": Synlighed(synlighed.value), "borger_id": uuid.UUID(sag.borger_id),
            "tidslinje_tid": tid, "tidslinje_tekst": tekst, "plan_id": sag.plan_id,
        }

    def visible(self, synlighed: state.Synlighed) -> bool:
        """False for an INTERN item shown to a citizen."""
        return not (self.for_citizen and synlighed is state.Synlighed.INTERN)


def aktoer_of(actor: Actor, shape: Shape) -> HoiAktoer:
    """An actor; an employee's user id only for employees."""
    hidden = shape.for_citizen and actor.kind is ActorKind.MEDARBEJDER
    return HoiAktoer(type=HoiAktoerType(actor.kind.value), id=None if hidden else actor.id,
                     cvr=None if actor.cvr is None else CVR(actor.cvr))


def _koordinator(koordinator: state.Koordinator, shape: Shape) -> HoiKoordinator:
    return HoiKoordinator(bruger_id=None if shape.for_citizen else koordinator.bruger_id,
                          cvr=CVR(koordinator.cvr))


def _stempel(stempel: Any, shape: Shape) -> HoiStempel:
    return HoiStempel(tid=stempel.tid, aktoer=aktoer_of(stempel.aktoer, shape),
                      version=stempel.version)


def _sektor(value: Any) -> Sektor | None:
    return None if value is None else Sektor(value.value)


def _maal(maal: state.PlanMaal, sag: state.HoiSag, shape: Shape) -> HoiMaal:
    tid = maal.oprettet.tid if maal.frist is None else datetime.combine(
        maal.frist, datetime.min.time(), tzinfo=UTC)
    return HoiMaal(
        **shape.styret(maal.id, sag, tid=tid, tekst=f"Mål: {maal.type.value.lower()}",
                       synlighed=maal.synlighed),
        type=MaalType(maal.type.value),
        maaltype=None if maal.maaltype is None else Kode(
            system=maal.maaltype.system, kode=maal.maaltype.kode, tekst=maal.maaltype.tekst,
            version=maal.maaltype.version),
        beskrivelse=maal.beskrivelse, formuleret_af=VurderetAf(maal.formuleret_af.value),
        forventet_niveau=None if maal.forventet_niveau is None
        else Funktionsevneniveau(maal.forventet_niveau),
        frist=maal.frist, status=MaalStatus(maal.status.value),
        fagomraade=_sektor(maal.fagomraade), oprettet=_stempel(maal.oprettet, shape),
        senest_aendret=_stempel(maal.aendret, shape))


def _aftale(aftale: state.PlanAftale, sag: state.HoiSag, shape: Shape) -> HoiAftale:
    bekraeftet = aftale.borger_bekraeftet
    return HoiAftale(
        **shape.styret(aftale.id, sag, tid=aftale.fra, tekst=f"Aftale: {aftale.titel}",
                       synlighed=aftale.synlighed),
        type=AftaleType(aftale.type.value), titel=aftale.titel,
        tidspunkt=Periode(fra=aftale.fra, til=aftale.til), sted=aftale.sted,
        status=AftaleStatus(aftale.status.value), aftalt_indhold=aftale.aftalt_indhold,
        aarsagstekst=None, fagomraade=_sektor(aftale.fagomraade),
        borger_bekraeftet=None if bekraeftet is None else GodkendelseInfo(
            godkendt=True, tid=bekraeftet.tid, kanal=bekraeftet.kanal),
        oprettet=_stempel(aftale.oprettet, shape), senest_aendret=_stempel(aftale.aendret, shape))


def _indsats(ref: state.IndsatsReference) -> Indsats:
    cls = REFERENCE_TYPES[ref.type]
    return cls(id=uuid.UUID(ref.id))  # type: ignore[return-value]


def _ophoer(sag: state.HoiSag) -> HoiSamtykkeOphoer | None:
    if sag.status is not state.HoiSagStatus.SAMTYKKE_OPHOERT:
        return None
    return HoiSamtykkeOphoer(status=sag.samtykke_status or "UKENDT",
                             tid=sag.samtykke_status_tid)


def _plan_status(sag: state.HoiSag) -> PlanStatus:
    return PlanStatus.AKTIV if sag.status is state.HoiSagStatus.AKTIV else PlanStatus.AFSLUTTET


def plan_of(version: state.PlanVersion, sag: state.HoiSag, shape: Shape) -> HoiPlan:
    """The plan at ``version`` (of case ``sag``), for the viewer."""
    indhold = version.indhold
    godkendelse = indhold.godkendelse
    closed = sag.afsluttet
    return HoiPlan(
        **shape.styret(sag.plan_id, sag, tid=sag.oprettet_tid, tekst=_PLAN_TEKST),
        type=PlanType.HELHEDSORIENTERET_PLAN, status=_plan_status(sag),
        periode=Periode(fra=sag.oprettet_tid, til=None if closed is None else closed.tid),
        maal=[_maal(m, sag, shape) for m in indhold.maal if shape.visible(m.synlighed)],
        indsatser=[_indsats(r) for r in indhold.indsatser if r.type in REFERENCE_TYPES],
        aftaler=[_aftale(a, sag, shape) for a in indhold.aftaler if shape.visible(a.synlighed)],
        borger_godkendt=None if godkendelse is None else GodkendelseInfo(
            godkendt=indhold.godkendt, tid=godkendelse.tid, kanal=godkendelse.kanal),
        version=version.version,
        godkendt_version=None if godkendelse is None else godkendelse.version,
        koordinator=_koordinator(sag.koordinator, shape),
        borger_bidrag=[BorgerBidrag(id=uuid.UUID(b.id), type=BorgerBidragType(b.type.value),
                                    tekst=b.tekst, tid=b.tid,
                                    relateret_til=None if b.relateret_til is None
                                    else uuid.UUID(b.relateret_til), version=b.version)
                       for b in indhold.bidrag],
        indsats_referencer=[HoiIndsatsReference(
            indsats_id=uuid.UUID(r.id), type=r.type, sektor=Sektor(r.sektor.value),
            tilfoejet=_stempel(r.oprettet, shape)) for r in indhold.indsatser],
        sag_status=HoiSagStatus(sag.status.value),
        laast=sag.status is not state.HoiSagStatus.AKTIV, samtykke_ophoert=_ophoer(sag),
        senest_aendret=HoiStempel(tid=version.tid, aktoer=aktoer_of(version.aktoer, shape),
                                  version=version.version),
        sag_id=sag.id)


def _sag_version(version: state.SagVersion, shape: Shape) -> HoiSagVersion:
    return HoiSagVersion(
        version=version.version, haendelse=HoiSagHaendelse(version.haendelse.value),
        status=HoiSagStatus(version.status.value),
        koordinator=_koordinator(version.koordinator, shape),
        samtykke_id=uuid.UUID(version.samtykke_id),
        omraader=[Sektor(s.value) for s in version.omraader], aarsag=version.aarsag,
        tid=version.tid, registreret_tid=version.registreret_tid,
        aktoer=aktoer_of(version.aktoer, shape))


def sag_of(sag: state.HoiSag, shape: Shape) -> HoiSag:
    """The case, for the viewer."""
    closed = sag.afsluttet
    return HoiSag(
        **shape.styret(sag.id, sag, tid=sag.oprettet_tid, tekst=_TITEL),
        sagsnummer=f"HOI-{sag.id[:8].upper()}", titel=_TITEL, kle_titel=None,
        fremdrift=SagFremdrift.AFSLUTTET if closed is not None else SagFremdrift.OPLYST,
        hjemmel=[], kategorier=[], er_hoi_sag=True, oprettet=sag.oprettet_tid,
        virkning=Periode(fra=sag.oprettet_tid, til=None if closed is None else closed.tid),
        status=HoiSagStatus(sag.status.value), version=sag.version,
        koordinator=_koordinator(sag.koordinator, shape),
        samtykke_id=uuid.UUID(sag.current.samtykke_id),
        omraader=[Sektor(s.value) for s in sag.omraader], samtykke_ophoert=_ophoer(sag),
        afsluttet=None if closed is None else closed.tid,
        afslutnings_aarsag=None if closed is None else closed.aarsag,
        afslutnings_kode=None if closed is None or closed.aarsagskode is None
        else HoiAfslutningsKode(closed.aarsagskode.value),
        historik=[_sag_version(v, shape) for v in sag.historik])


def tilbageskrivning_of(found: state.Tilbageskrivning) -> Tilbageskrivning:
    """An item's write-back state."""
    return Tilbageskrivning(status=TilbageskrivningStatus(found.status.value),
                            forsoeg=found.forsoeg, sidst_forsoegt=found.sidst_forsoegt,
                            plan_version=found.plan_version, sektor=Sektor(found.sektor.value),
                            fejl=found.fejl, ekstern_id=found.ekstern_id)

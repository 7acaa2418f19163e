"""Store records to the adgang subgraph's GraphQL objects."""

from __future__ import annotations

import uuid

from authz import store
from subgraphs.adgang.types import (
    Adgangslog,
    AdgangslogConnection,
    AdgangslogEdge,
    AktoerType,
    BorgerAdgang,
    BorgerAdgangConnection,
    BorgerAdgangEdge,
    LogAfvisning,
    LogEntitet,
    LogHandling,
    LogViewerType,
    MyndighedRef,
    PageInfo,
    Samtykke,
    SamtykkeAktoer,
    SamtykkeForm,
    SamtykkeGiver,
    SamtykkeGiverType,
    SamtykkeHandling,
    SamtykkeStatus,
    SamtykkeStatusHaendelse,
    SamtykkeType,
    kode_of,
)
from subgraphs.common.scalars import CVR, KLE
from subgraphs.common.types import Hjemmel, Periode, Sektor

__all__ = ["borger_page", "log_page", "samtykke_of"]


def _aktoer(actor: store.Actor, *, for_citizen: bool) -> SamtykkeAktoer:
    hide = for_citizen and actor.kind is not store.ActorKind.BORGER  # rule C3
    return SamtykkeAktoer(type=AktoerType(actor.kind.value), id=None if hide else actor.id,
                          cvr=None if actor.cvr is None else CVR(actor.cvr))


def _myndighed(ref: store.MyndighedRef) -> MyndighedRef:
    return MyndighedRef(cvr=CVR(ref.cvr),
                        org_enhed=None if ref.org_enhed is None else uuid.UUID(ref.org_enhed),
                        sektor=None if ref.sektor is None else Sektor(ref.sektor.value))


def _event(event: store.StatusEvent, *, for_citizen: bool) -> SamtykkeStatusHaendelse:
    return SamtykkeStatusHaendelse(status=SamtykkeStatus(event.status.value), tid=event.tid,
                                   aktoer=_aktoer(event.aktoer, for_citizen=for_citizen),
                                   kanal=event.kanal, aarsag=event.aarsag)


def samtykke_of(record: store.Samtykke, *, for_citizen: bool) -> Samtykke:
    """The GraphQL samtykke; ``for_citizen`` hides employee identities."""
    kle = record.kle_afgraensning
    return Samtykke(
        id=uuid.UUID(record.id), borger_id=record.borger_id,
        givet_af=SamtykkeGiver(type=SamtykkeGiverType(record.givet_af.type.value),
                               reference=record.givet_af.reference),
        formaal=kode_of(record.formaal),
        handlinger=[SamtykkeHandling(h.value) for h in record.handlinger],
        type=SamtykkeType(record.type.value),
        omraader=[Sektor(o.value) for o in record.omraader],
        kle_afgraensning=None if kle is None else [KLE(k) for k in kle],
        afgivere=[_myndighed(m) for m in record.afgivere],
        modtagere=[_myndighed(m) for m in record.modtagere],
        gyldighed=Periode(fra=record.gyldighed.fra, til=record.gyldighed.til),
        status=SamtykkeStatus(record.status.value), status_tid=record.status_tid,
        form=SamtykkeForm(record.form.value),
        skabelon=None if record.skabelon is None else kode_of(record.skabelon),
        informations_tekst=record.informations_tekst,
        hjemmel=[Hjemmel(lov=h.lov, paragraf=h.paragraf, stk=h.stk, tekst=h.tekst)
                 for h in record.hjemmel],
        registreret_af=_aktoer(record.registreret_af, for_citizen=for_citizen),
        registreret_tid=record.registreret_tid, tilbagekaldt_tid=record.tilbagekaldt_tid,
        tilbagekaldt_kanal=record.tilbagekaldt_kanal,
        ekstern_reference=record.ekstern_reference,
        historik=[_event(e, for_citizen=for_citizen) for e in record.historik])


def _adgangslog(record: store.AuditRecord) -> Adgangslog:
    return Adgangslog(
        id=uuid.UUID(record.id), tid=record.tid, transaktions_id=record.transaktions_id,
        viewer=record.viewer_id, viewer_type=LogViewerType(record.viewer_kind.value),
        kommune_cvr=None if record.kommune_cvr is None else CVR(record.kommune_cvr),
        org_enhed=record.org_enhed, formaal=record.formaal,
        borger=None if record.borger_id is None else uuid.UUID(record.borger_id),
        handling=LogHandling(record.handling.value),
        entiteter=[LogEntitet(type=e.type, id=e.id) for e in record.entiteter],
        felter=list(record.felter), soegekriterium=record.soegekriterium,
        samtykker=[uuid.UUID(s) for s in record.samtykke_ider], hjemmel=list(record.hjemmel),
        afvist=record.afvist, afvisnings_aarsag=record.afvisnings_aarsag,
        afviste=[LogAfvisning(type=d.type, id=d.id, code=d.code) for d in record.afviste])


def _borger_adgang(record: store.AuditRecord) -> BorgerAdgang:
    return BorgerAdgang(
        tid=record.tid,
        kommune_cvr=None if record.kommune_cvr is None else CVR(record.kommune_cvr),
        org_enhed=record.org_enhed, formaal=record.formaal,
        handling=LogHandling(record.handling.value),
        viewer_type=LogViewerType(record.viewer_kind.value), felter=list(record.felter),
        samtykker=[uuid.UUID(s) for s in record.samtykke_ider], hjemmel=list(record.hjemmel),
        afvist=record.afvist)


def _page_info(page: store.AuditPage) -> PageInfo:
    return PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor)


def log_page(page: store.AuditPage) -> AdgangslogConnection:
    """The auditor's page."""
    return AdgangslogConnection(
        edges=[AdgangslogEdge(cursor=e.cursor, node=_adgangslog(e.record)) for e in page.entries],
        page_info=_page_info(page))


def borger_page(page: store.AuditPage) -> BorgerAdgangConnection:
    """The citizen's page."""
    return BorgerAdgangConnection(
        edges=[BorgerAdgangEdge(cursor=e.cursor, node=_borger_adgang(e.record))
               for e in page.entries],
        page_info=_page_info(page))

"""Build the beskæftigelse subgraph's objects from one DFDG record (one citizen)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from subgraphs.beskaeftigelse.client import API, SYSTEM_UUID
from subgraphs.beskaeftigelse.schema import (
    BeskaeftigelsesAftale,
    BeskaeftigelsesIndsats,
    BeskaeftigelsesMaal,
    BeskaeftigelsesSag,
    MinPlan,
)
from subgraphs.common.build import Meta, hjemmel, kode_plain, parse_date, parse_instant, periode
from subgraphs.common.types import (
    AftaleStatus,
    AftaleType,
    GodkendelseInfo,
    IndsatsStatus,
    Kode,
    MaalStatus,
    MaalType,
    PlanStatus,
    PlanType,
    SagFremdrift,
    Sektor,
    Tilbud,
    VurderetAf,
)

__all__ = ["BeskaeftigelsesView", "build_view"]

_FORTROLIG = "FORTROLIGE_PERSONOPLYSNINGER"  # rule A7: Min Plan and employment data
_INDSATS = {"planlagt": IndsatsStatus.PLANLAGT, "igangvaerende": IndsatsStatus.IGANGVAERENDE,
            "afsluttet": IndsatsStatus.AFSLUTTET}
_AFTALE = {"planlagt": AftaleStatus.PLANLAGT, "afholdt": AftaleStatus.AFHOLDT,
           "aflyst": AftaleStatus.AFLYST, "udeblevet": AftaleStatus.UDEBLEVET}
_MAAL = {"aktiv": MaalStatus.AKTIV, "opnaaet": MaalStatus.OPNAAET,
         "opgivet": MaalStatus.OPGIVET}


@dataclass(slots=True)
class BeskaeftigelsesView:
    """One citizen as DFDG knows them."""

    cpr: str
    kontaktgruppe: Kode | None = None
    sager: list[BeskaeftigelsesSag] = field(default_factory=list)
    plan: MinPlan | None = None
    objects: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Ctx:
    meta: Meta
    cpr: str
    kle: str
    enhed: str


def _tilbud(c: _Ctx, raw: dict[str, Any]) -> BeskaeftigelsesIndsats:
    kode = kode_plain(raw["tilbudstype"]["kodeliste"], raw["tilbudstype"]["kode"],
                      raw["tilbudstype"]["tekst"])
    status = _INDSATS[raw["status"]]
    started = status is not IndsatsStatus.PLANLAGT
    ended = raw["slutdato"] if status is IndsatsStatus.AFSLUTTET else None
    return BeskaeftigelsesIndsats(
        **c.meta.fields(raw["tilbudId"], kle=raw["kle"], foelsomhed=_FORTROLIG, enhed=c.enhed,
                        synlig=bool(raw["synligIJobnet"]), tid=parse_instant(raw["startdato"]),
                        tekst=f"Tilbud: {kode.tekst}"),
        cpr=c.cpr, type=kode, titel=str(kode.tekst), hjemmel=[hjemmel(raw["lovgrundlag"])],
        status=status, bevilget_periode=periode(raw["startdato"], raw["slutdato"]),
        faktisk_periode=periode(raw["startdato"], ended) if started else None,
        leverandoer=Tilbud(navn=str(raw["udbyder"]["navn"]), tilbudstype=kode,
                           cvr=raw["udbyder"].get("cvr")),
        maalgrupper=[], opfoelgning=[])


def _maal(c: _Ctx, raw: dict[str, Any]) -> BeskaeftigelsesMaal:
    uddannelse = raw["maaltype"] == "UDDANNELSESMAAL"
    return BeskaeftigelsesMaal(
        **c.meta.fields(raw["maalId"], kle=c.kle, foelsomhed=_FORTROLIG, enhed=c.enhed,
                        synlig=bool(raw["synligIJobnet"]), tid=parse_instant(raw["frist"]),
                        tekst="Frist for mål i Min Plan"),
        cpr=c.cpr, type=MaalType.UDDANNELSESMAAL if uddannelse else MaalType.BESKAEFTIGELSESMAAL,
        maaltype=None, beskrivelse=str(raw["beskrivelse"]), formuleret_af=VurderetAf.FAELLES,
        forventet_niveau=None, frist=parse_date(raw["frist"]), status=_MAAL[raw["status"]])


def _aftale(c: _Ctx, raw: dict[str, Any]) -> BeskaeftigelsesAftale:
    start = parse_instant(raw["tidspunkt"])
    naeste = raw.get("naesteKontakt") or {}
    return BeskaeftigelsesAftale(
        **c.meta.fields(raw["aftaleId"], kle=raw.get("kle", c.kle), foelsomhed=_FORTROLIG,
                        enhed=c.enhed, synlig=bool(raw["synligIJobnet"]), tid=start,
                        tekst=str(raw["samtaletype"])),
        cpr=c.cpr, type=AftaleType.SAMTALE, titel=str(raw["samtaletype"]),
        tidspunkt=periode(raw["tidspunkt"], (start + timedelta(
            minutes=int(raw["varighedMinutter"]))).isoformat()),
        sted=raw.get("sted"), status=_AFTALE[raw["status"]],
        aftalt_indhold=raw.get("aftaltIndhold"), aarsagstekst=None,
        naeste_kontakt=parse_date(naeste.get("dato")),
        naeste_kontakt_initiativ=naeste.get("initiativ"))


def _plan(c: _Ctx, raw: dict[str, Any]) -> MinPlan:
    accept = raw.get("borgerAccept") or {}
    return MinPlan(
        **c.meta.fields(raw["planId"], kle=c.kle, foelsomhed=_FORTROLIG, enhed=c.enhed,
                        synlig=True, tid=parse_instant(raw["oprettet"]), tekst="Min Plan oprettet"),
        cpr=c.cpr, type=PlanType.MIN_PLAN,
        status=PlanStatus.AKTIV if raw["status"] == "aktiv" else PlanStatus.AFSLUTTET,
        periode=periode(raw["oprettet"], None), maal=[_maal(c, m) for m in raw["maal"]],
        indsatser=[_tilbud(c, t) for t in raw["tilbud"]],
        aftaler=[_aftale(c, a) for a in raw["aftaler"]],
        borger_godkendt=GodkendelseInfo(
            godkendt=bool(accept.get("accepteret")),
            tid=parse_instant(accept["tidspunkt"]) if accept.get("tidspunkt") else None,
            kanal=accept.get("kanal")) if accept else None,
        version=int(raw["version"]))


def _sag(c: _Ctx, raw: dict[str, Any], kontaktgruppe: Kode) -> BeskaeftigelsesSag:
    oprettet = parse_instant(raw["oprettet"])
    return BeskaeftigelsesSag(
        **c.meta.fields(raw["sagId"], kle=raw["kle"], foelsomhed=str(raw["foelsomhed"]),
                        enhed=raw["ansvarligEnhed"], synlig=bool(raw["synligIJobnet"]),
                        tid=oprettet, tekst=f"Sag oprettet: {raw['titel']}"),
        cpr=c.cpr, sagsnummer=str(raw["sagsnummer"]), titel=str(raw["titel"]), kle_titel=None,
        fremdrift=SagFremdrift(str(raw["fremdrift"]).upper()),
        hjemmel=[hjemmel(h) for h in raw["lovgrundlag"]], kategorier=[kontaktgruppe],
        er_hoi_sag=False, oprettet=oprettet, virkning=periode(raw["oprettet"], raw["afsluttet"]),
        indsatser=[], kontaktgruppe=kontaktgruppe, min_plan=None)


def build_view(record: dict[str, Any], hentet: datetime) -> BeskaeftigelsesView:
    """The :class:`BeskaeftigelsesView` of one DFDG record, every object indexed by id."""
    meta = Meta(kommune_cvr=str(record["kommuneCvr"]), sektor=Sektor.BESKAEFTIGELSE,
                system=API.system, system_uuid=SYSTEM_UUID, hentet=hentet)
    raw_gruppe = record["kontaktgruppe"]
    gruppe = kode_plain(raw_gruppe["kodeliste"], raw_gruppe["kode"], raw_gruppe["tekst"])
    cpr = API.cpr_of(record)
    sager_raw = record["sager"]
    kle = str(sager_raw[0]["kle"]) if sager_raw else "15.20.00"
    ctx = _Ctx(meta=meta, cpr=cpr, kle=kle, enhed=str(record["jobcenter"]["enhedId"]))
    view = BeskaeftigelsesView(cpr=cpr, kontaktgruppe=gruppe,
                               sager=[_sag(ctx, raw, gruppe) for raw in sager_raw])
    if record.get("minPlan"):
        view.plan = _plan(ctx, record["minPlan"])
        for sag in view.sager:
            if str(sag.id) == str(record["minPlan"]["sagId"]):
                sag.min_plan, sag.indsatser = view.plan, list(view.plan.indsatser)
    plan_parts = () if view.plan is None else (view.plan, *view.plan.maal,
                                                *view.plan.indsatser, *view.plan.aftaler)
    for obj in (*view.sager, *plan_parts):
        view.objects[str(obj.id)] = obj
    return view

"""Build the uddannelse subgraph's objects from one Ungedatabasen record (one citizen)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from subgraphs.common.build import Meta, kode_plain, parse_date, parse_instant, periode
from subgraphs.common.types import (
    MaalStatus,
    MaalType,
    PlanStatus,
    PlanType,
    SagFremdrift,
    Sektor,
    VurderetAf,
)
from subgraphs.uddannelse.client import API, HAENDELSESTYPE_SYSTEM, SYSTEM_UUID
from subgraphs.uddannelse.schema import (
    Institution,
    UddannelsesHaendelse,
    UddannelsesMaal,
    Uddannelsespaalaeg,
    Uddannelsesplan,
    UddannelsesSag,
)

__all__ = ["UddannelsesView", "build_view"]

_FORTROLIG = "FORTROLIGE_PERSONOPLYSNINGER"
_TYPER = {"OPTAG": "Optag", "AFBRUD": "Afbrud", "FRAFALDSTRUET": "Frafaldstruet",
          "FULDFOERT": "Fuldført"}


@dataclass(slots=True)
class UddannelsesView:
    """One young citizen as Ungedatabasen / KUI know them."""

    cpr: str
    sager: list[UddannelsesSag] = field(default_factory=list)
    haendelser: list[UddannelsesHaendelse] = field(default_factory=list)
    plan: Uddannelsesplan | None = None
    paalaeg: Uddannelsespaalaeg | None = None
    objects: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Ctx:
    meta: Meta
    cpr: str
    kle: str
    enhed: str


def _haendelse(c: _Ctx, raw: dict[str, Any]) -> UddannelsesHaendelse:
    kind = str(raw["Haendelsestype"])
    uddannelse = raw.get("Uddannelse")
    institution = raw.get("Institution")
    return UddannelsesHaendelse(
        **c.meta.fields(raw["HaendelseId"], kle=c.kle, foelsomhed=str(raw["Foelsomhed"]),
                        enhed=c.enhed, synlig=bool(raw["VisesForBorger"]),
                        tid=parse_instant(raw["Dato"]), tekst=_TYPER.get(kind, kind)),
        cpr=c.cpr, haendelsestype=kode_plain(HAENDELSESTYPE_SYSTEM, kind, _TYPER.get(kind)),
        dato=parse_instant(raw["Dato"]).date(),
        institution=Institution(nummer=str(institution["Institutionsnummer"]),
                                navn=str(institution["Navn"])) if institution else None,
        uddannelse=kode_plain(uddannelse["Kodeliste"], uddannelse["Kode"], uddannelse["Tekst"])
        if uddannelse else None)


def _maal(c: _Ctx, raw: dict[str, Any]) -> UddannelsesMaal:
    return UddannelsesMaal(
        **c.meta.fields(raw["MaalId"], kle=c.kle, foelsomhed=_FORTROLIG, enhed=c.enhed,
                        synlig=bool(raw["VisesForBorger"]), tid=parse_instant(raw["Frist"]),
                        tekst="Frist for uddannelsesmål"),
        cpr=c.cpr, type=MaalType.UDDANNELSESMAAL, maaltype=None,
        beskrivelse=str(raw["Beskrivelse"]), formuleret_af=VurderetAf.FAELLES,
        forventet_niveau=None, frist=parse_date(raw["Frist"]),
        status=MaalStatus.AKTIV if raw["Status"] == "AKTIV" else MaalStatus.OPNAAET)


def _plan(c: _Ctx, raw: dict[str, Any]) -> Uddannelsesplan:
    return Uddannelsesplan(
        **c.meta.fields(raw["PlanId"], kle=c.kle, foelsomhed=_FORTROLIG, enhed=c.enhed,
                        synlig=bool(raw["VisesForBorger"]), tid=parse_instant(raw["Oprettet"]),
                        tekst="Uddannelsesplan oprettet"),
        cpr=c.cpr, type=PlanType.UDDANNELSESPLAN, status=PlanStatus(str(raw["Status"])),
        periode=periode(raw["Oprettet"], None), maal=[_maal(c, m) for m in raw["Maal"]],
        indsatser=[], aftaler=[], borger_godkendt=None, version=1,
        oensker=[str(o) for o in raw.get("Oensker", [])])


def _paalaeg(c: _Ctx, raw: dict[str, Any]) -> Uddannelsespaalaeg:
    return Uddannelsespaalaeg(
        **c.meta.fields(raw["PaalaegId"], kle=c.kle, foelsomhed=_FORTROLIG, enhed=c.enhed,
                        synlig=bool(raw["VisesForBorger"]), tid=parse_instant(raw["Givet"]),
                        tekst="Uddannelsespålæg givet"),
        cpr=c.cpr, type=PlanType.UDDANNELSESPAALAEG, status=PlanStatus(str(raw["Status"])),
        periode=periode(raw["Givet"], raw["Frist"]), maal=[], indsatser=[], aftaler=[],
        borger_godkendt=None, version=1, frist=parse_date(raw["Frist"]),
        uddannelsesretning=raw.get("Uddannelsesretning"))


def _sag(c: _Ctx, raw: dict[str, Any], view: UddannelsesView) -> UddannelsesSag:
    oprettet = parse_instant(raw["Oprettet"])
    planer = [p for p in (view.plan, view.paalaeg) if p is not None]
    return UddannelsesSag(
        **c.meta.fields(raw["SagId"], kle=raw["Kle"], foelsomhed=str(raw["Foelsomhed"]),
                        enhed=raw["AnsvarligEnhed"], synlig=bool(raw["VisesForBorger"]),
                        tid=oprettet, tekst=f"Sag oprettet: {raw['Titel']}"),
        cpr=c.cpr, sagsnummer=str(raw["Sagsnummer"]), titel=str(raw["Titel"]), kle_titel=None,
        fremdrift=SagFremdrift.OPLYST if raw["Status"] == "AKTIV" else SagFremdrift.AFSLUTTET,
        hjemmel=[], kategorier=[], er_hoi_sag=False, oprettet=oprettet,
        virkning=periode(raw["Oprettet"], None), indsatser=[], haendelser=list(view.haendelser),
        planer=planer)


def build_view(record: dict[str, Any], hentet: datetime) -> UddannelsesView:
    """The :class:`UddannelsesView` of one UDB record, every object indexed by id."""
    meta = Meta(kommune_cvr=str(record["KommuneCvr"]), sektor=Sektor.UDDANNELSE,
                system=API.system, system_uuid=SYSTEM_UUID, hentet=hentet)
    sag_raw = record["Sag"]
    c = _Ctx(meta=meta, cpr=API.cpr_of(record), kle=str(sag_raw["Kle"]),
             enhed=str(sag_raw["AnsvarligEnhed"]))
    view = UddannelsesView(cpr=c.cpr)
    view.haendelser = sorted((_haendelse(c, h) for h in record["Haendelser"]),
                             key=lambda h: (h.tidslinje_tid, str(h.id)))
    if record.get("Uddannelsesplan"):
        view.plan = _plan(c, record["Uddannelsesplan"])
    if record.get("Uddannelsespaalaeg"):
        view.paalaeg = _paalaeg(c, record["Uddannelsespaalaeg"])
    view.sager = [_sag(c, sag_raw, view)]
    plan_parts = () if view.plan is None else (view.plan, *view.plan.maal)
    for obj in (*view.sager, *view.haendelser, *plan_parts, view.paalaeg):
        if obj is not None:
            view.objects[str(obj.id)] = obj
    return view

"""Build the sundhed subgraph's objects from one health record (one citizen)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from subgraphs.common.build import Meta, hjemmel, kode_fhir, parse_instant, periode
from subgraphs.common.types import (
    AftaleStatus,
    AftaleType,
    IndsatsStatus,
    SagFremdrift,
    Sektor,
    TilstandStatus,
    VurderetAf,
)
from subgraphs.sundhed.client import API, SYSTEM_UUID
from subgraphs.sundhed.schema import SundhedsAftale, SundhedsIndsats, SundhedsSag, SygeplejeTilstand

__all__ = ["SundhedView", "build_view"]

_FOELSOM = "FOELSOMME_PERSONOPLYSNINGER"  # health data (rule A7, DOMAIN §7)
_AFTALE = {"booked": AftaleStatus.BEKRAEFTET, "fulfilled": AftaleStatus.AFHOLDT,
           "cancelled": AftaleStatus.AFLYST, "noshow": AftaleStatus.UDEBLEVET}
_DEFAULT_KLE = "29.24.00"


@dataclass(slots=True)
class SundhedView:
    """One citizen as the health systems know them."""

    cpr: str
    sager: list[SundhedsSag] = field(default_factory=list)
    aftaler: list[SundhedsAftale] = field(default_factory=list)
    tilstande: list[SygeplejeTilstand] = field(default_factory=list)
    objects: dict[str, Any] = field(default_factory=dict)


def _aftale(meta: Meta, cpr: str, raw: dict[str, Any], kle: str, enhed: Any) -> SundhedsAftale:
    organisation = raw.get("organisation", {}).get("navn")
    return SundhedsAftale(
        **meta.fields(raw["aftaleId"], kle=kle, foelsomhed=_FOELSOM, enhed=enhed,
                      synlig=bool(raw["visesPaaSundhedDk"]), tid=parse_instant(raw["start"]),
                      tekst="Sundhedsaftale"),
        cpr=cpr, type=AftaleType.SUNDHEDSAFTALE, titel=f"Aftale: {organisation}",
        tidspunkt=periode(raw["start"], raw["slut"]), sted=organisation,
        status=_AFTALE[raw["status"]], aftalt_indhold=None, aarsagstekst=raw.get("aarsagstekst"),
        organisation=organisation)


def _tilstand(meta: Meta, cpr: str, raw: dict[str, Any], kle: str, enhed: Any) -> SygeplejeTilstand:
    when = parse_instant(raw["registreret"])
    return SygeplejeTilstand(
        **meta.fields(raw["tilstandId"], kle=kle, foelsomhed=_FOELSOM, enhed=enhed,
                      synlig=bool(raw["visesPaaSundhedDk"]), tid=when,
                      tekst="Sygeplejetilstand registreret"),
        cpr=cpr, tema=kode_fhir(raw["tilstandskode"]), niveau=None, niveau_kilde=None,
        stoettebehov=None, vurderet_af=VurderetAf.FAGPERSON, borgerens_oplevelse=None,
        faglig_vurdering=raw.get("fagligNotat"), tidspunkt=when,
        status=TilstandStatus.AKTIV if raw["status"] == "aktiv" else TilstandStatus.INAKTIV,
        omraade=kode_fhir(raw["omraade"]) if raw.get("omraade") else None)


def _indsats(meta: Meta, cpr: str, raw: dict[str, Any], forloeb: dict[str, Any]) -> SundhedsIndsats:
    kode = kode_fhir(raw["indsatskode"])
    done = raw["status"] == "afsluttet"
    return SundhedsIndsats(
        **meta.fields(raw["indsatsId"], kle=forloeb["kle"], foelsomhed=_FOELSOM,
                      enhed=forloeb["ansvarligEnhed"], synlig=bool(forloeb["visesPaaSundhedDk"]),
                      tid=parse_instant(raw["start"]), tekst="Sundhedsindsats"),
        cpr=cpr, type=kode, titel=str(kode.tekst), hjemmel=[hjemmel(forloeb["lovgrundlag"])],
        status=IndsatsStatus.AFSLUTTET if done else IndsatsStatus.IGANGVAERENDE,
        bevilget_periode=periode(raw["start"], raw["slut"]),
        faktisk_periode=periode(raw["start"], raw["slut"]), leverandoer=None, maalgrupper=[],
        opfoelgning=[])


def _sag(meta: Meta, cpr: str, raw: dict[str, Any], aftaler: list[SundhedsAftale],
         forloeb_of: dict[str, str]) -> SundhedsSag:
    start = parse_instant(raw["startdato"])
    sag_id = str(raw["forloebId"])
    return SundhedsSag(
        **meta.fields(sag_id, kle=raw["kle"], foelsomhed=_FOELSOM, enhed=raw["ansvarligEnhed"],
                      synlig=bool(raw["visesPaaSundhedDk"]), tid=start,
                      tekst=f"Forløb startet: {raw['titel']}"),
        cpr=cpr, sagsnummer=sag_id, titel=str(raw["titel"]), kle_titel=None,
        fremdrift=SagFremdrift.AFSLUTTET if raw["status"] == "afsluttet" else SagFremdrift.AFGJORT,
        hjemmel=[hjemmel(raw["lovgrundlag"])], kategorier=[], er_hoi_sag=False, oprettet=start,
        virkning=periode(raw["startdato"], raw["slutdato"]),
        indsatser=[_indsats(meta, cpr, i, raw) for i in raw["indsatser"]],
        aftaler=[a for a in aftaler if forloeb_of.get(str(a.id)) == sag_id])


def build_view(record: dict[str, Any], hentet: datetime) -> SundhedView:
    """The :class:`SundhedView` of one health record, every object indexed by id."""
    meta = Meta(kommune_cvr=str(record["kommuneCvr"]), sektor=Sektor.SUNDHED, system=API.system,
                system_uuid=SYSTEM_UUID, hentet=hentet)
    cpr = API.cpr_of(record)
    forloeb = {str(f["forloebId"]): f for f in record["forloeb"]}
    first = next(iter(forloeb.values()), {"kle": _DEFAULT_KLE, "ansvarligEnhed": None})
    view = SundhedView(cpr=cpr)
    for raw in record["aftaler"]:
        owner = forloeb.get(str(raw.get("forloebId")), first)
        view.aftaler.append(_aftale(meta, cpr, raw, owner["kle"], owner["ansvarligEnhed"]))
    forloeb_of = {str(raw["aftaleId"]): str(raw.get("forloebId")) for raw in record["aftaler"]}
    view.sager = [_sag(meta, cpr, raw, view.aftaler, forloeb_of) for raw in forloeb.values()]
    view.tilstande = [_tilstand(meta, cpr, raw, first["kle"], first["ansvarligEnhed"])
                      for raw in record["sygeplejetilstande"]]
    for obj in (*view.sager, *(i for s in view.sager for i in s.indsatser), *view.aftaler,
                *view.tilstande):
        view.objects[str(obj.id)] = obj
    return view

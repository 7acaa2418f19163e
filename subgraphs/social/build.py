"""Build the social subgraph's objects from one FFB fagsystem record (one citizen)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from subgraphs.common.build import Meta, hjemmel, kode_fhir, parse_date, parse_instant, periode
from subgraphs.common.types import (
    Funktionsevneniveau,
    IndsatsStatus,
    MaalStatus,
    MaalType,
    Opfoelgning,
    SagFremdrift,
    Sektor,
    Stoettebehov,
    Tilbud,
    TilstandStatus,
    VurderetAf,
)
from subgraphs.social.client import API, SYSTEM_UUID
from subgraphs.social.schema import SocialIndsats, SocialMaal, SocialSag, SocialTilstand

__all__ = ["SocialView", "build_view"]

_NIVEAU = {"Ingen": Funktionsevneniveau.INGEN, "Let": Funktionsevneniveau.LET,
           "Moderat": Funktionsevneniveau.MODERAT, "Svært": Funktionsevneniveau.SVAER,
           "Fuldstændig": Funktionsevneniveau.FULDSTAENDIG,
           "Ikke": Funktionsevneniveau.IKKE_VURDERET}
_STOETTE = {"Intet": Stoettebehov.INTET, "Let": Stoettebehov.LET,
            "Moderat": Stoettebehov.MODERAT, "Højt": Stoettebehov.HOEJT,
            "Fuldstændigt": Stoettebehov.FULDSTAENDIGT, "Ikke": Stoettebehov.IKKE_VURDERET}
_STATUS = {"bevilget": IndsatsStatus.BEVILGET, "igang": IndsatsStatus.IGANGVAERENDE,
           "afsluttet": IndsatsStatus.AFSLUTTET}
_SENSITIVE = "FOELSOMME_PERSONOPLYSNINGER"  # rule A7: SEL/ABL indsatser and all tilstande


@dataclass(slots=True)
class SocialView:
    """One citizen as the FFB fagsystem knows them."""

    cpr: str
    sager: list[SocialSag] = field(default_factory=list)
    objects: dict[str, Any] = field(default_factory=dict)


def _first_word(coding: dict[str, Any]) -> str:
    return str(coding["display"]).split()[0]


def _tilstand(meta: Meta, cpr: str, raw: dict[str, Any], kle: str, enhed: Any) -> SocialTilstand:
    when = parse_instant(raw["vurderingstidspunkt"])
    tema = kode_fhir(raw["tema"])
    return SocialTilstand(
        **meta.fields(raw["id"], kle=kle, foelsomhed=_SENSITIVE, enhed=enhed,
                      synlig=bool(raw["borgerSynlig"]), tid=when,
                      tekst=f"Tilstand vurderet: {tema.tekst}"),
        cpr=cpr, tema=tema, niveau=_NIVEAU.get(_first_word(raw["funktionsevneniveau"])),
        niveau_kilde=kode_fhir(raw["funktionsevneniveau"]),
        stoettebehov=_STOETTE.get(_first_word(raw["stoettebehov"])),
        vurderet_af=VurderetAf(raw["vurderetAf"]),
        borgerens_oplevelse=raw.get("borgerensOplevelse"),
        faglig_vurdering=raw.get("fagligVurdering"), tidspunkt=when,
        status=TilstandStatus.AKTIV if raw["status"] == "aktiv" else TilstandStatus.INAKTIV)


def _maal(meta: Meta, cpr: str, raw: dict[str, Any], kle: str, enhed: Any,
          tilstande: dict[str, SocialTilstand]) -> SocialMaal:
    frist = parse_date(raw["frist"])
    return SocialMaal(
        **meta.fields(raw["id"], kle=kle, foelsomhed=_SENSITIVE, enhed=enhed,
                      synlig=bool(raw["borgerSynlig"]), tid=parse_instant(raw["frist"]),
                      tekst="Frist for indsatsmål"),
        cpr=cpr, type=MaalType.INDSATSMAAL, maaltype=kode_fhir(raw["maaltype"]),
        beskrivelse=str(raw["beskrivelse"]), formuleret_af=VurderetAf(raw["formuleretAf"]),
        forventet_niveau=_NIVEAU.get(_first_word(raw["forventetNiveau"])), frist=frist,
        status=MaalStatus.AKTIV, tilstand=tilstande.get(str(raw["tilstand"])))


def _indsats(meta: Meta, cpr: str, raw: dict[str, Any], enhed: Any,
             tilstande: dict[str, SocialTilstand], maal: list[SocialMaal]) -> SocialIndsats:
    bevilling = raw["bevillingsperiode"]
    tilbud = raw["tilbud"]
    return SocialIndsats(
        **meta.fields(raw["id"], kle=raw["kle"], foelsomhed=_SENSITIVE, enhed=enhed,
                      synlig=bool(raw["borgerSynlig"]), tid=parse_instant(bevilling["start"]),
                      tekst=f"Indsats: {raw['titel']}"),
        cpr=cpr, type=kode_fhir(raw["ydelse"]), titel=str(raw["titel"]),
        hjemmel=[hjemmel(raw["paragraf"])], status=_STATUS[raw["status"]],
        bevilget_periode=periode(bevilling["start"], bevilling["slut"]),
        faktisk_periode=periode(raw["leveringsperiode"]["start"], raw["leveringsperiode"]["slut"]),
        leverandoer=Tilbud(navn=str(tilbud["navn"]), tilbudstype=kode_fhir(tilbud["tilbudstype"]),
                           cvr=tilbud.get("cvr")),
        maalgrupper=[kode_fhir(m) for m in raw["maalgrupper"]],
        opfoelgning=[Opfoelgning(tid=parse_instant(o["dato"]), resultat=kode_fhir(o["beslutning"]),
                                 naeste_opfoelgning=parse_instant(o["naesteOpfoelgning"]))
                     for o in raw["opfoelgning"]],
        adresserer=[tilstande[str(t)] for t in raw["adresserer"] if str(t) in tilstande],
        maal=maal, sag=None)


def _sag(meta: Meta, cpr: str, raw: dict[str, Any]) -> SocialSag:
    kle = str(raw["kle"]["nummer"])
    enhed = raw["ansvarligOrganisation"]["id"]
    tilstande = {str(t["id"]): _tilstand(meta, cpr, t, kle, enhed) for t in raw["tilstande"]}
    maal = [_maal(meta, cpr, m, kle, enhed, tilstande) for m in raw["maal"]]
    indsatser = [_indsats(meta, cpr, i, enhed, tilstande, maal) for i in raw["indsatser"]]
    oprettet = parse_instant(raw["oprettetDato"])
    sag = SocialSag(
        **meta.fields(raw["id"], kle=kle, foelsomhed=str(raw["foelsomhed"]), enhed=enhed,
                      synlig=bool(raw["borgerSynlig"]), tid=oprettet,
                      tekst=f"Sag oprettet: {raw['titel']}"),
        cpr=cpr, sagsnummer=str(raw["sagsnummer"]), titel=str(raw["titel"]),
        kle_titel=raw["kle"].get("titel"), fremdrift=SagFremdrift(str(raw["fremdrift"]).upper()),
        hjemmel=[hjemmel(raw["paragraf"])], kategorier=[], er_hoi_sag=False, oprettet=oprettet,
        virkning=periode(raw["oprettetDato"], raw["lukketDato"]), indsatser=list(indsatser),
        tilstande=list(tilstande.values()), maal=maal)
    for indsats in indsatser:
        indsats.sag = sag
    return sag


def build_view(record: dict[str, Any], hentet: datetime) -> SocialView:
    """The :class:`SocialView` of one FFB record, every object indexed by id."""
    meta = Meta(kommune_cvr=str(record["kommuneCvr"]), sektor=Sektor.SOCIAL, system=API.system,
                system_uuid=SYSTEM_UUID, hentet=hentet)
    cpr = API.cpr_of(record)
    view = SocialView(cpr=cpr, sager=[_sag(meta, cpr, raw) for raw in record["sager"]])
    for sag in view.sager:
        for obj in (sag, *sag.indsatser, *sag.tilstande, *sag.maal):
            view.objects[str(obj.id)] = obj
    return view

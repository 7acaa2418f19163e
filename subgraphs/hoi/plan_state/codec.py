"""The plan's content to and from the JSON stored in ``hoi_plan_version.indhold``.

Keys are the GraphQL field names (camelCase), as in :mod:`authz.store.codec`; instants are
ISO 8601 in UTC. Decoding is strict: a stored value that does not fit raises ``KeyError`` or
``ValueError``, which the store reports as an unavailable store (damaged data), never guesses.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from authz.store import Sektor
from authz.store.codec import actor_from_json, actor_to_json, kode_from_json, kode_to_json
from authz.store.values import ensure_aware
from subgraphs.hoi.plan_state.plan import (
    AftaleStatus,
    AftaleType,
    Bekraeftelse,
    BorgerBidrag,
    BorgerBidragType,
    Godkendelse,
    IndsatsReference,
    MaalStatus,
    MaalType,
    PlanAftale,
    PlanIndhold,
    PlanMaal,
    Stempel,
    Synlighed,
    VurderetAf,
)

__all__ = ["indhold_from_json", "indhold_to_json"]

JsonDict = dict[str, Any]


def _drop_none(values: JsonDict) -> JsonDict:
    return {key: value for key, value in values.items() if value is not None}


def _instant(value: datetime | None) -> str | None:
    return None if value is None else ensure_aware(value, "instant").isoformat()


def _parse_instant(value: Any) -> datetime:
    return ensure_aware(datetime.fromisoformat(str(value)), "instant")


def _opt_instant(value: Any) -> datetime | None:
    return None if value is None else _parse_instant(value)


def _sektor(value: Any) -> Sektor | None:
    return None if value is None else Sektor(value)


def _stempel_to_json(stempel: Stempel) -> JsonDict:
    return {"tid": _instant(stempel.tid), "aktoer": actor_to_json(stempel.aktoer),
            "version": stempel.version}


def _stempel(raw: JsonDict) -> Stempel:
    return Stempel(tid=_parse_instant(raw["tid"]), aktoer=actor_from_json(raw["aktoer"]),
                   version=int(raw["version"]))


def _maal_to_json(maal: PlanMaal) -> JsonDict:
    return _drop_none({
        "id": maal.id, "type": maal.type.value, "beskrivelse": maal.beskrivelse,
        "formuleretAf": maal.formuleret_af.value, "status": maal.status.value,
        "maaltype": None if maal.maaltype is None else kode_to_json(maal.maaltype),
        "forventetNiveau": maal.forventet_niveau,
        "frist": None if maal.frist is None else maal.frist.isoformat(),
        "fagomraade": None if maal.fagomraade is None else maal.fagomraade.value,
        "synlighed": maal.synlighed.value, "oprettet": _stempel_to_json(maal.oprettet),
        "aendret": _stempel_to_json(maal.aendret)})


def _maal(raw: JsonDict) -> PlanMaal:
    return PlanMaal(
        id=str(raw["id"]), type=MaalType(raw["type"]), beskrivelse=str(raw["beskrivelse"]),
        formuleret_af=VurderetAf(raw["formuleretAf"]), status=MaalStatus(raw["status"]),
        maaltype=None if raw.get("maaltype") is None else kode_from_json(raw["maaltype"]),
        forventet_niveau=raw.get("forventetNiveau"),
        frist=None if raw.get("frist") is None else date.fromisoformat(raw["frist"]),
        fagomraade=_sektor(raw.get("fagomraade")), synlighed=Synlighed(raw["synlighed"]),
        oprettet=_stempel(raw["oprettet"]), aendret=_stempel(raw["aendret"]))


def _aftale_to_json(aftale: PlanAftale) -> JsonDict:
    bekraeftet = aftale.borger_bekraeftet
    return _drop_none({
        "id": aftale.id, "type": aftale.type.value, "titel": aftale.titel,
        "fra": _instant(aftale.fra), "til": _instant(aftale.til), "sted": aftale.sted,
        "status": aftale.status.value, "aftaltIndhold": aftale.aftalt_indhold,
        "fagomraade": None if aftale.fagomraade is None else aftale.fagomraade.value,
        "synlighed": aftale.synlighed.value,
        "borgerBekraeftet": None if bekraeftet is None else _drop_none(
            {"tid": _instant(bekraeftet.tid), "kanal": bekraeftet.kanal}),
        "oprettet": _stempel_to_json(aftale.oprettet),
        "aendret": _stempel_to_json(aftale.aendret)})


def _aftale(raw: JsonDict) -> PlanAftale:
    bekraeftet = raw.get("borgerBekraeftet")
    return PlanAftale(
        id=str(raw["id"]), type=AftaleType(raw["type"]), titel=str(raw["titel"]),
        fra=_parse_instant(raw["fra"]), til=_opt_instant(raw.get("til")),
        sted=raw.get("sted"), status=AftaleStatus(raw["status"]),
        aftalt_indhold=raw.get("aftaltIndhold"), fagomraade=_sektor(raw.get("fagomraade")),
        synlighed=Synlighed(raw["synlighed"]),
        borger_bekraeftet=None if bekraeftet is None else Bekraeftelse(
            tid=_parse_instant(bekraeftet["tid"]), kanal=bekraeftet.get("kanal")),
        oprettet=_stempel(raw["oprettet"]), aendret=_stempel(raw["aendret"]))


def _indsats_to_json(ref: IndsatsReference) -> JsonDict:
    return {"id": ref.id, "type": ref.type, "sektor": ref.sektor.value,
            "oprettet": _stempel_to_json(ref.oprettet)}


def _indsats(raw: JsonDict) -> IndsatsReference:
    return IndsatsReference(id=str(raw["id"]), type=str(raw["type"]),
                            sektor=Sektor(raw["sektor"]), oprettet=_stempel(raw["oprettet"]))


def _bidrag_to_json(bidrag: BorgerBidrag) -> JsonDict:
    return _drop_none({"id": bidrag.id, "type": bidrag.type.value, "tekst": bidrag.tekst,
                       "tid": _instant(bidrag.tid), "relateretTil": bidrag.relateret_til,
                       "version": bidrag.version})


def _bidrag(raw: JsonDict) -> BorgerBidrag:
    return BorgerBidrag(id=str(raw["id"]), type=BorgerBidragType(raw["type"]),
                        tekst=str(raw["tekst"]), tid=_parse_instant(raw["tid"]),
                        relateret_til=raw.get("relateretTil"), version=int(raw["version"]))


def indhold_to_json(indhold: PlanIndhold) -> JsonDict:
    """The plan content as stored."""
    godkendelse = indhold.godkendelse
    return {
        "maal": [_maal_to_json(m) for m in indhold.maal],
        "aftaler": [_aftale_to_json(a) for a in indhold.aftaler],
        "indsatser": [_indsats_to_json(i) for i in indhold.indsatser],
        "bidrag": [_bidrag_to_json(b) for b in indhold.bidrag],
        "godkendelse": None if godkendelse is None else _drop_none({
            "version": godkendelse.version, "tid": _instant(godkendelse.tid),
            "kanal": godkendelse.kanal}),
        "indholdVersion": indhold.indhold_version,
    }


def indhold_from_json(raw: JsonDict) -> PlanIndhold:
    """The plan content from storage (KeyError/ValueError when damaged)."""
    godkendelse = raw.get("godkendelse")
    return PlanIndhold(
        maal=tuple(_maal(m) for m in raw["maal"]),
        aftaler=tuple(_aftale(a) for a in raw["aftaler"]),
        indsatser=tuple(_indsats(i) for i in raw["indsatser"]),
        bidrag=tuple(_bidrag(b) for b in raw["bidrag"]),
        godkendelse=None if godkendelse is None else Godkendelse(
            version=int(godkendelse["version"]), tid=_parse_instant(godkendelse["tid"]),
            kanal=godkendelse.get("kanal")),
        indhold_version=int(raw["indholdVersion"]))

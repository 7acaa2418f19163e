"""A source record's metadata rows, read from the sector subgraph's own objects.

Each record is first built into the sector subgraph's objects (the builders hoi already uses),
so a row carries exactly the ``sektor``, ``kommuneCvr``, ``kle``, ``foelsomhed`` and
``ansvarligEnhed`` the gateway's policy sees on that object. Only metadata is kept: kind,
status, dates, type code and hjemmel — never titles, descriptions, notes or other content.

When a row counts as *active*:

* a sag: its fremdrift is not ``AFSLUTTET``;
* an indsats: ``VISITERET``, ``BEVILGET``, ``PLANLAGT``, ``IGANGVAERENDE`` or ``PAUSE``;
* a plan (Min Plan, uddannelsesplan, uddannelsespålæg): ``UDKAST``, ``AKTIV`` or
  ``TIL_GODKENDELSE``;
* a kontaktgruppe: no ``gyldigTil``, or one not before the sync date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from authz.principal import Foelsomhed
from subgraphs.common import interfaces
from subgraphs.common.build import parse_date
from subgraphs.common.types import Hjemmel, Periode
from subgraphs.hoi.index.model import PLANTYPE_SYSTEM, AccessKey, Art, MetadataRow

__all__ = ["ACTIVE_INDSATS", "ACTIVE_PLAN", "key_of", "rows_of"]

ACTIVE_INDSATS = frozenset({"VISITERET", "BEVILGET", "PLANLAGT", "IGANGVAERENDE", "PAUSE"})
ACTIVE_PLAN = frozenset({"UDKAST", "AKTIV", "TIL_GODKENDELSE"})


def key_of(obj: Any) -> AccessKey:
    """The access key of an ``AdgangsStyret`` object."""
    return AccessKey(sektor=obj.sektor.value, kommune_cvr=str(obj.kommune_cvr),
                     kle=None if obj.kle is None else str(obj.kle),
                     foelsomhed=Foelsomhed.parse(obj.foelsomhed.value),
                     ansvarlig_enhed=None if obj.ansvarlig_enhed is None
                     else str(obj.ansvarlig_enhed))


def _dates(periode: Periode | None) -> tuple[date | None, date | None]:
    if periode is None:
        return None, None
    return (None if periode.fra is None else periode.fra.date(),
            None if periode.til is None else periode.til.date())


def _hjemmel(hjemler: list[Hjemmel]) -> dict[str, str | None]:
    first = hjemler[0] if hjemler else None
    return {"hjemmel_lov": None if first is None else first.lov,
            "hjemmel_paragraf": None if first is None else first.paragraf}


def _sag(obj: interfaces.Sag) -> MetadataRow:
    fra, til = _dates(obj.virkning)
    return MetadataRow(art=Art.SAG, objekt_id=str(obj.id), key=key_of(obj),
                       aktiv=obj.fremdrift.value != "AFSLUTTET", status=obj.fremdrift.value,
                       fra=fra, til=til, **_hjemmel(obj.hjemmel))


def _indsats(obj: interfaces.Indsats) -> MetadataRow:
    fra, til = _dates(obj.bevilget_periode or obj.faktisk_periode)
    return MetadataRow(art=Art.INDSATS, objekt_id=str(obj.id), key=key_of(obj),
                       aktiv=obj.status.value in ACTIVE_INDSATS, status=obj.status.value,
                       fra=fra, til=til, type_system=obj.type.system, type_kode=obj.type.kode,
                       type_tekst=obj.type.tekst, **_hjemmel(obj.hjemmel))


def _plan(obj: interfaces.Plan) -> MetadataRow:
    fra, til = _dates(obj.periode)
    return MetadataRow(art=Art.PLAN, objekt_id=str(obj.id), key=key_of(obj),
                       aktiv=obj.status.value in ACTIVE_PLAN, status=obj.status.value,
                       fra=fra, til=til, type_system=PLANTYPE_SYSTEM, type_kode=obj.type.value)


def _kontaktgruppe(record: dict[str, Any], view: Any, today: date) -> list[MetadataRow]:
    """DFDG's kontaktgruppe, under the access metadata of the sag that carries it."""
    raw = record.get("kontaktgruppe")
    carrier = next(iter(view.sager), None) or view.plan
    if not raw or carrier is None or view.kontaktgruppe is None:
        return []
    til = parse_date(raw.get("gyldigTil"))
    return [MetadataRow(art=Art.KONTAKTGRUPPE, objekt_id=None, key=key_of(carrier),
                        aktiv=til is None or til >= today,
                        status="AKTIV" if til is None or til >= today else "OPHOERT",
                        fra=parse_date(raw.get("gyldigFra")), til=til,
                        type_system=view.kontaktgruppe.system,
                        type_kode=view.kontaktgruppe.kode, type_tekst=view.kontaktgruppe.tekst)]


def _object_rows(objects: Iterable[Any]) -> list[MetadataRow]:
    rows: list[MetadataRow] = []
    for obj in objects:
        if isinstance(obj, interfaces.Sag):
            rows.append(_sag(obj))
        elif isinstance(obj, interfaces.Indsats):
            rows.append(_indsats(obj))
        elif isinstance(obj, interfaces.Plan):
            rows.append(_plan(obj))
    return rows


def rows_of(source: str, record: dict[str, Any], view: Any, hentet: datetime) -> list[MetadataRow]:
    """The metadata rows of one citizen's record in ``source`` (its built ``view``).

    Rows come in a stable order (sager, indsatser and plans as the view holds them, then
    the kontaktgruppe), so a record always yields the same rows with the same numbers.
    """
    rows = _object_rows(view.objects.values())
    if source == "beskaeftigelse":
        rows += _kontaktgruppe(record, view, hentet.date())
    return rows

"""Helpers for turning a source system's JSON into the unified model's objects."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from subgraphs.common.scalars import CVR, KLE
from subgraphs.common.types import Foelsomhed, Hjemmel, Kilde, Kode, Periode, Sektor, Synlighed

__all__ = [
    "Meta",
    "hjemmel",
    "kode_fhir",
    "kode_plain",
    "opt_uuid",
    "parse_date",
    "parse_instant",
    "periode",
]


def parse_instant(value: Any) -> datetime:
    """An ISO date or date-time as an aware ``datetime`` (a date means midnight UTC)."""
    if not isinstance(value, str):
        raise ValueError("expected an ISO date or date-time")
    if len(value) == 10:
        return datetime.combine(date.fromisoformat(value), datetime.min.time(), tzinfo=UTC)
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_date(value: Any) -> date | None:
    """An ISO date (or the date part of a date-time), or ``None``."""
    return None if value is None else parse_instant(value).date()


def periode(start: Any, end: Any) -> Periode:
    """A :class:`Periode` from two optional ISO values."""
    return Periode(fra=None if start is None else parse_instant(start),
                   til=None if end is None else parse_instant(end))


def opt_uuid(value: Any) -> uuid.UUID | None:
    """A UUID from text, or ``None``."""
    return None if value is None else uuid.UUID(str(value))


def kode_fhir(coding: dict[str, Any], version: str | None = None) -> Kode:
    """A :class:`Kode` from a FHIR Coding (``system``/``code``/``display``)."""
    return Kode(system=str(coding["system"]), kode=str(coding["code"]),
                tekst=coding.get("display"), version=version)


def kode_plain(system: str, code: Any, text: Any = None) -> Kode:
    """A :class:`Kode` from separate parts."""
    return Kode(system=system, kode=str(code), tekst=None if text is None else str(text))


def hjemmel(raw: dict[str, Any]) -> Hjemmel:
    """A :class:`Hjemmel` from ``{"lov": ..., "paragraf": ...}``."""
    return Hjemmel(lov=str(raw["lov"]), paragraf=str(raw["paragraf"]), stk=raw.get("stk"))


@dataclass(frozen=True, slots=True)
class Meta:
    """What every object of one record shares: municipality, sector, source, fetch time."""

    kommune_cvr: str
    sektor: Sektor
    system: str
    system_uuid: uuid.UUID
    hentet: datetime

    def fields(self, object_id: Any, *, kle: Any, foelsomhed: str, enhed: Any,
               synlig: bool, tid: datetime, tekst: str) -> dict[str, Any]:
        """Keyword arguments for the ``AdgangsStyret`` + ``TidslinjeElement`` fields."""
        return {
            "id": uuid.UUID(str(object_id)), "kommune_cvr": CVR(self.kommune_cvr),
            "sektor": self.sektor, "kle": None if kle is None else KLE(str(kle)),
            "foelsomhed": Foelsomhed(foelsomhed), "ansvarlig_enhed": opt_uuid(enhed),
            "kilde": Kilde(it_system_uuid=self.system_uuid, system_navn=self.system,
                           kilde_id=str(object_id), hentet_tid=self.hentet),
            "synlighed": Synlighed.BORGER_SYNLIG if synlig else Synlighed.INTERN,
            "tidslinje_tid": tid, "tidslinje_tekst": tekst,
        }

"""Small helpers shared by the sector record generators: dates, timestamps, units, ids."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta

from mocks.population.ids import IdKind, make_id
from mocks.population.people import REFERENCE_DATE, SECTORS

__all__ = [
    "SECTOR_CODES",
    "Ids",
    "day_between",
    "iso_date",
    "iso_time",
    "unit_id",
]

SECTOR_CODES = {name: number for number, name in enumerate(SECTORS, start=1)}
"""Sector name -> the sector number used inside ids (0 is the person register)."""


def iso_date(value: date | None) -> str | None:
    """``YYYY-MM-DD`` or ``None``."""
    return value.isoformat() if value is not None else None


def iso_time(value: date, hour: int = 9, minute: int = 0) -> str:
    """An ISO 8601 timestamp with offset (UTC) on ``value`` at ``hour:minute``."""
    return datetime.combine(value, time(hour, minute), tzinfo=UTC).isoformat()


def day_between(rng: random.Random, first_offset: int, last_offset: int) -> date:
    """A date ``first_offset``..``last_offset`` days from :data:`REFERENCE_DATE`."""
    return REFERENCE_DATE + timedelta(days=rng.randint(first_offset, last_offset))


def unit_id(sector: str, number: int) -> uuid.UUID:
    """The OrgEnhed UUID of unit ``number`` in ``sector`` (a handful per sector)."""
    return make_id(SECTOR_CODES[sector], IdKind.ENHED, 0, number)


class Ids:
    """Hands out sequential, decodable ids for one citizen's records in one sector."""

    def __init__(self, sector: str, index: int) -> None:
        self._sector = SECTOR_CODES[sector]
        self._index = index
        self._next: dict[IdKind, int] = {}

    def new(self, kind: IdKind) -> str:
        """The next id of ``kind`` as a string."""
        seq = self._next.get(kind, 0)
        self._next[kind] = seq + 1
        return str(make_id(self._sector, kind, self._index, seq))

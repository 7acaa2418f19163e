"""Deterministic, decodable UUIDs for the synthetic population's people and records.

An id encodes (sector, kind, citizen index, item number) in an RFC 4122 version-4 shaped
UUID, with the citizen index scrambled so ids look unordered. A mock can therefore answer
"give me object X" by regenerating only the one citizen X belongs to: no global index, so
a population of 100,000 starts instantly.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import IntEnum

__all__ = ["IdKind", "IdParts", "decode_id", "make_id"]

_INDEX_BITS = 40
_INDEX_MASK = (1 << _INDEX_BITS) - 1
_MULTIPLIER = 0x9E3779B97F & _INDEX_MASK | 1
_INVERSE = pow(_MULTIPLIER, -1, 1 << _INDEX_BITS)
_ADDEND = 0x5DEECE66D & _INDEX_MASK
_TAG = 0x4E1B
_MIDDLE = 0x5C3A
_SEQ_BITS = 16


class IdKind(IntEnum):
    """What an id names; part of the id so decoding says which record to look in."""

    BORGER = 1
    SAG = 2
    INDSATS = 3
    TILSTAND = 4
    MAAL = 5
    AFTALE = 6
    PLAN = 7
    HAENDELSE = 8
    ENHED = 9


@dataclass(frozen=True, slots=True)
class IdParts:
    """The decoded content of a population id."""

    sector: int
    """0 = person register, 1–4 = the sector systems (see ``SECTOR_CODES``)."""
    kind: IdKind
    """What kind of record the id names."""
    index: int
    """The citizen's index in the population."""
    seq: int
    """The item number within that citizen's records of this kind."""


def make_id(sector: int, kind: IdKind, index: int, seq: int = 0) -> uuid.UUID:
    """The id of item ``seq`` of ``kind`` for citizen ``index`` in ``sector``."""
    scrambled = (index * _MULTIPLIER + _ADDEND) & _INDEX_MASK
    high = (_TAG << 48) | (sector << 40) | (int(kind) << 32) | (_MIDDLE << 16) | 0x42D1
    low = (0x8 << 60) | (scrambled << _SEQ_BITS) | (seq & 0xFFFF)
    return uuid.UUID(int=(high << 64) | low)


def decode_id(value: uuid.UUID | str) -> IdParts | None:
    """Decode an id made by :func:`make_id`; ``None`` for any other UUID or text."""
    try:
        number = (value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))).int
    except ValueError:
        return None
    high, low = number >> 64, number & ((1 << 64) - 1)
    if high >> 48 != _TAG or (high >> 16) & 0xFFFF != _MIDDLE or (high >> 12) & 0xF != 4:
        return None
    try:
        kind = IdKind((high >> 32) & 0xFF)
    except ValueError:
        return None
    scrambled = (low >> _SEQ_BITS) & _INDEX_MASK
    index = ((scrambled - _ADDEND) * _INVERSE) & _INDEX_MASK
    parts = IdParts(sector=(high >> 40) & 0xFF, kind=kind, index=index, seq=low & 0xFFFF)
    if make_id(parts.sector, kind, index, parts.seq) != uuid.UUID(int=number):
        return None
    return parts

"""Fictitious CPR numbers: day + 60 (DOMAIN §9.2), century rule (§9.1), never modulus 11.

Every CPR number the synthetic population produces has a day of month in 61–91, so it can
never belong to a real person. :func:`is_fictitious` is what tests and guards use.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["FICTITIOUS_DAY_OFFSET", "birth_date", "format_cpr", "is_fictitious", "parse_cpr"]

FICTITIOUS_DAY_OFFSET = 60
"""Added to the day of month in synthetic CPR numbers (STIL/UNI-Login convention)."""

_CPR = re.compile(r"^(\d{2})(\d{2})(\d{2})-?(\d)(\d{3})$")


def _century(digit7: int, yy: int) -> int:
    """The birth century from the 7th digit and the two-digit year (DOMAIN §9.1 table)."""
    if digit7 <= 3:
        return 1900
    if digit7 in (4, 9):
        return 2000 if yy <= 36 else 1900
    if yy <= 57:
        return 2000
    return 1800


def format_cpr(birth: date, digit7: int, last3: int) -> str:
    """Build a fictitious CPR number (10 digits, no hyphen) for ``birth``."""
    day = birth.day + FICTITIOUS_DAY_OFFSET
    return f"{day:02d}{birth.month:02d}{birth.year % 100:02d}{digit7}{last3:03d}"


def parse_cpr(cpr: str) -> tuple[int, int, int, int, int] | None:
    """Split a CPR into (day, month, yy, digit7, last3), or ``None`` when malformed."""
    match = _CPR.match(cpr)
    if match is None:
        return None
    day, month, yy, digit7, last3 = (int(part) for part in match.groups())
    return day, month, yy, digit7, last3


def birth_date(cpr: str) -> date | None:
    """The birth date a (real or fictitious) CPR encodes, or ``None`` if it encodes none."""
    parts = parse_cpr(cpr)
    if parts is None:
        return None
    day, month, yy, digit7, _ = parts
    if day > 31:
        day -= FICTITIOUS_DAY_OFFSET
    try:
        return date(_century(digit7, yy) + yy, month, day)
    except ValueError:
        return None


def is_fictitious(cpr: str) -> bool:
    """True when ``cpr`` is a well-formed day+60 number (day 61–91) with a valid date."""
    parts = parse_cpr(cpr)
    if parts is None:
        return False
    day = parts[0]
    return 61 <= day <= 91 and birth_date(cpr) is not None

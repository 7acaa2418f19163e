"""Fictitious CPR numbers: day + 60, century rule, no modulus 11."""

from __future__ import annotations

from datetime import date

import pytest

from mocks.population.cpr import birth_date, format_cpr, is_fictitious, parse_cpr


def test_format_adds_sixty_to_the_day() -> None:
    assert format_cpr(date(1998, 5, 11), 4, 17) == "7105984017"
    assert format_cpr(date(2001, 12, 31), 5, 3) == "9112015003"


@pytest.mark.parametrize(("cpr", "born"), [
    ("7105984017", date(1998, 5, 11)),
    ("6101004123", date(2000, 1, 1)),
    ("6101371123", date(1937, 1, 1)),
    ("6101585123", date(1858, 1, 1)),
    ("0101901234", date(1990, 1, 1)),
])
def test_birth_date_follows_the_century_table(cpr: str, born: date) -> None:
    assert birth_date(cpr) == born


def test_is_fictitious() -> None:
    assert is_fictitious("7105984017")
    assert is_fictitious("710598-4017")
    assert not is_fictitious("1105984017"), "a real-range day is not fictitious"
    assert not is_fictitious("9202984017"), "day 92 does not exist"
    assert not is_fictitious("9102984017"), "31 February does not exist"
    assert not is_fictitious("71059840")
    assert parse_cpr("abc") is None

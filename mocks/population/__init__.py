"""A deterministic synthetic population for the mock sector systems.

Seeded and lazy: ``Population(seed, size)`` generates any citizen or sector record on demand
from (seed, index), so 100,000 citizens start instantly. Every CPR number is fictitious
(day + 60, DOMAIN §9.2). :data:`DEMO_CITIZEN` is known to all four sectors, whatever the seed.
"""

from __future__ import annotations

from mocks.population.cpr import birth_date, is_fictitious
from mocks.population.people import (
    KOMMUNE_CVR,
    REFERENCE_DATE,
    SECTORS,
    Person,
    make_person,
)
from mocks.population.population import DEFAULT_SEED, DEFAULT_SIZE, Population

__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_SIZE",
    "DEMO_CITIZEN",
    "KOMMUNE_CVR",
    "REFERENCE_DATE",
    "SECTORS",
    "Person",
    "Population",
    "birth_date",
    "is_fictitious",
]

DEMO_CITIZEN: Person = make_person(DEFAULT_SEED, 0)
"""The demo citizen (index 0): fictitious CPR ``7105984017``, cases in all four sectors."""

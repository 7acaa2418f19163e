"""The deterministic synthetic population: people and their sector records, made on demand.

``Population(seed=1, size=1000)`` costs nothing to create; a person or a sector record is
generated the first time it is asked for (and memoised in a bounded cache). Lookups by CPR
or by any record id are O(1) because both encode the citizen's index.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mocks.population import beskaeftigelse, social, sundhed, uddannelse
from mocks.population.common import SECTOR_CODES
from mocks.population.ids import decode_id
from mocks.population.people import MAX_POPULATION, SECTORS, Person, index_of_cpr, make_person

__all__ = ["DEFAULT_SEED", "DEFAULT_SIZE", "Population"]

DEFAULT_SEED = 20260301
DEFAULT_SIZE = 1000
_CACHE = 4096

_GENERATORS: dict[str, Callable[[int, Person], dict[str, Any]]] = {
    "beskaeftigelse": beskaeftigelse.generate,
    "social": social.generate,
    "uddannelse": uddannelse.generate,
    "sundhed": sundhed.generate,
}


@dataclass(frozen=True, slots=True)
class Population:
    """A seeded population of ``size`` citizens (index 0 is always the demo citizen)."""

    seed: int = DEFAULT_SEED
    size: int = DEFAULT_SIZE

    def __post_init__(self) -> None:
        if not 1 <= self.size <= MAX_POPULATION:
            raise ValueError(f"population size must be 1..{MAX_POPULATION}")

    def person(self, index: int) -> Person:
        """Citizen ``index`` (``IndexError`` outside ``0..size-1``)."""
        if not 0 <= index < self.size:
            raise IndexError(index)
        return _person(self.seed, index)

    def people(self, start: int = 0) -> Iterator[Person]:
        """Every citizen from ``start`` on, in index order."""
        for index in range(start, self.size):
            yield self.person(index)

    def by_cpr(self, cpr: str) -> Person | None:
        """The citizen with this CPR, or ``None``."""
        index = index_of_cpr(cpr)
        if index is None or not 0 <= index < self.size:
            return None
        person = self.person(index)
        return person if person.cpr == cpr else None

    def by_id(self, person_id: uuid.UUID | str) -> Person | None:
        """The citizen with this person id, or ``None``."""
        parts = decode_id(person_id)
        if parts is None or parts.sector != 0 or not 0 <= parts.index < self.size:
            return None
        return self.person(parts.index)

    def record(self, sector: str, person: Person) -> dict[str, Any] | None:
        """``person``'s record in ``sector``'s system, or ``None`` if that system lacks them."""
        if sector not in person.sectors:
            return None
        return _record(self.seed, sector, person.index)

    def owner_of(self, sector: str, object_id: uuid.UUID | str) -> Person | None:
        """The citizen whose ``sector`` record holds the object with this id, if any."""
        parts = decode_id(object_id)
        if parts is None or parts.sector != SECTOR_CODES[sector]:
            return None
        if not 0 <= parts.index < self.size:
            return None
        person = self.person(parts.index)
        return person if sector in person.sectors else None


@lru_cache(maxsize=_CACHE)
def _person(seed: int, index: int) -> Person:
    return make_person(seed, index)


@lru_cache(maxsize=_CACHE)
def _record(seed: int, sector: str, index: int) -> dict[str, Any]:
    if sector not in SECTORS:
        raise KeyError(sector)
    return _GENERATORS[sector](seed, _person(seed, index))

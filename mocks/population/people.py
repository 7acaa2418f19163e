"""The people of the synthetic population: identity, birth, CPR and which sectors know them.

A person is a pure function of (seed, index): nothing is stored, so any one of 100,000
people is generated in microseconds. Index 0 is always the demo citizen (fixed CPR, id and
name, known to all four sectors, independent of the seed).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, replace
from datetime import date, timedelta

from mocks.population.cpr import birth_date, format_cpr, parse_cpr
from mocks.population.ids import IdKind, make_id

__all__ = [
    "BIRTH_FIRST",
    "DEMO_INDEX",
    "KOMMUNE_CVR",
    "KOMMUNEKODE",
    "MAX_POPULATION",
    "REFERENCE_DATE",
    "SECTORS",
    "Person",
    "index_of_cpr",
    "make_person",
    "rng_for",
]

REFERENCE_DATE = date(2026, 11, 1)
"""The population's "today": every date is relative to it, so data never drift with the clock."""

KOMMUNE_CVR = "11111111"
"""Korsbæk Kommune, the fictitious demo municipality (DOMAIN §9.2, appendix)."""

KOMMUNEKODE = "999"
"""Korsbæk's (fictitious) kommunekode; a few citizens live elsewhere (guests, rule A12)."""

SECTORS = ("beskaeftigelse", "social", "uddannelse", "sundhed")
"""The four sector systems, in their fixed order (also their id sector codes 1–4)."""

BIRTH_FIRST = date(1945, 1, 1)
_BIRTH_DAYS = (date(2010, 12, 31) - BIRTH_FIRST).days + 1
_DEMO_BIRTH = date(1998, 5, 11)
_SLOT_STEP = 7919  # coprime with _BIRTH_DAYS: spreads consecutive indexes over all dates
_SLOT_OFFSET = (_DEMO_BIRTH - BIRTH_FIRST).days
_SLOT_INVERSE = pow(_SLOT_STEP, -1, _BIRTH_DAYS)
DEMO_INDEX = 0
MAX_POPULATION = 10 * _BIRTH_DAYS
"""Largest supported population (serial digit 8 carries index // days-in-range)."""

_FORNAVNE = ("Anna", "Mette", "Sofie", "Ida", "Freja", "Emma", "Laura", "Maja", "Karen",
             "Lone", "Mikkel", "Frederik", "Oliver", "Lucas", "Jonas", "Rasmus", "Mads",
             "Niels", "Søren", "Kasper", "Jens", "Ahmed", "Fatima", "Yasmin", "Ali")
_EFTERNAVNE = ("Korsbæk", "Skjern", "Varnæs", "Andersen", "Holm", "Lund", "Bech", "Krogh",
               "Dam", "Vinter", "Mose", "Brink", "Kjær", "Storm", "Lauritsen", "Winther",
               "Fjord", "Bakke", "Lyng", "Eng")
_ANDRE_KOMMUNER = ("101", "751", "461", "851")


@dataclass(frozen=True, slots=True)
class Person:
    """One citizen as the person register knows them (no sector data)."""

    index: int
    id: uuid.UUID
    cpr: str
    fornavn: str
    efternavn: str
    foedselsdato: date
    adressebeskyttet: bool
    bopaelskommune: str
    sectors: frozenset[str]

    @property
    def alder(self) -> int:
        """Age in whole years on :data:`REFERENCE_DATE`."""
        born = self.foedselsdato
        before = (REFERENCE_DATE.month, REFERENCE_DATE.day) < (born.month, born.day)
        return REFERENCE_DATE.year - born.year - int(before)


def rng_for(seed: int, index: int, label: str) -> random.Random:
    """A private RNG for one (citizen, topic): independent streams keep generation lazy."""
    return random.Random(f"{seed}:{index}:{label}")


def _birth(index: int) -> date:
    slot = ((index % _BIRTH_DAYS) * _SLOT_STEP + _SLOT_OFFSET) % _BIRTH_DAYS
    return BIRTH_FIRST + timedelta(days=slot)


def _digit7(rng: random.Random, born: date) -> int:
    if born.year >= 2000:
        return rng.choice((4, 5, 6, 7, 8, 9))
    if born.year >= 1937:
        return rng.choice((0, 1, 2, 3, 4, 9))
    return rng.choice((0, 1, 2, 3))


def _cpr(seed: int, index: int, born: date) -> str:
    if index == DEMO_INDEX:
        return format_cpr(born, 4, 17)
    rng = rng_for(seed, index, "cpr")
    return format_cpr(born, _digit7(rng, born), (index // _BIRTH_DAYS) * 100 + rng.randrange(100))


def index_of_cpr(cpr: str) -> int | None:
    """The index a CPR maps to if it was generated here (the caller must verify by regenerating)."""
    parts = parse_cpr(cpr)
    born = birth_date(cpr)
    if parts is None or born is None or not BIRTH_FIRST <= born < BIRTH_FIRST + timedelta(
            days=_BIRTH_DAYS):
        return None
    slot = (born - BIRTH_FIRST).days
    rest = ((slot - _SLOT_OFFSET) * _SLOT_INVERSE) % _BIRTH_DAYS
    return (parts[4] // 100) * _BIRTH_DAYS + rest


def _sectors(rng: random.Random, age: int) -> frozenset[str]:
    if rng.random() < 0.07 and 18 <= age <= 66:  # complex needs: the HOI target group
        chosen = {"beskaeftigelse", "social", "sundhed"}
        if age <= 29:
            chosen.add("uddannelse")
        return frozenset(chosen)
    chosen = set()
    if 18 <= age <= 66 and rng.random() < 0.25:
        chosen.add("beskaeftigelse")
    if age >= 18 and rng.random() < 0.08:
        chosen.add("social")
    if 15 <= age <= 29 and rng.random() < 0.55:
        chosen.add("uddannelse")
    if rng.random() < (0.45 if age >= 65 else 0.15):
        chosen.add("sundhed")
    return frozenset(chosen)


def make_person(seed: int, index: int) -> Person:
    """Generate citizen ``index`` (0 is the demo citizen)."""
    born = _birth(index)
    rng = rng_for(seed, index, "person")
    person = Person(
        index=index, id=make_id(0, IdKind.BORGER, index), cpr=_cpr(seed, index, born),
        fornavn=rng.choice(_FORNAVNE), efternavn=rng.choice(_EFTERNAVNE), foedselsdato=born,
        adressebeskyttet=rng.random() < 0.02,
        bopaelskommune=KOMMUNEKODE if rng.random() < 0.95 else rng.choice(_ANDRE_KOMMUNER),
        sectors=frozenset(),
    )
    if index == DEMO_INDEX:
        return _demo(person)
    sectors = _sectors(rng_for(seed, index, "sektorer"), person.alder)
    return replace(person, sectors=sectors)


def _demo(person: Person) -> Person:
    return replace(person, fornavn="Dorthe", efternavn="Korsbæk", adressebeskyttet=False,
                   bopaelskommune=KOMMUNEKODE, sectors=frozenset(SECTORS))

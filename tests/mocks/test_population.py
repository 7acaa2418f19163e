"""The synthetic population: determinism, fictitious CPRs, laziness, sectors, real codes."""

from __future__ import annotations

import time
from typing import Any

import orjson
import pytest

from mocks.population import DEMO_CITIZEN, SECTORS, Population, is_fictitious
from mocks.population.codes import FFB_SYSTEM, FSIII_SYSTEM, ffb, fsiii
from mocks.population.ids import IdKind, decode_id, make_id


def _dump(population: Population, count: int) -> bytes:
    rows = []
    for person in population.people():
        if person.index >= count:
            break
        rows.append([person.cpr, str(person.id), person.fornavn,
                     [population.record(s, person) for s in SECTORS]])
    return orjson.dumps(rows)


def test_same_seed_gives_identical_population() -> None:
    assert _dump(Population(seed=7, size=200), 200) == _dump(Population(seed=7, size=200), 200)


def test_other_seed_gives_other_population_but_same_demo_citizen() -> None:
    first, second = Population(seed=1, size=50), Population(seed=2, size=50)
    assert _dump(first, 50) != _dump(second, 50)
    assert first.person(0) == second.person(0) == DEMO_CITIZEN


def test_every_cpr_is_fictitious_and_unique() -> None:
    population = Population(size=20_000)
    cprs = [person.cpr for person in population.people()]
    assert len(set(cprs)) == len(cprs)
    for cpr in cprs:
        assert 61 <= int(cpr[:2]) <= 91, "day must be day+60"
        assert is_fictitious(cpr)


def test_100k_population_starts_instantly_and_looks_up_lazily() -> None:
    started = time.perf_counter()
    population = Population(size=100_000)
    last = population.person(99_999)
    assert population.by_cpr(last.cpr) == last
    assert population.by_id(last.id) == last
    for sector in last.sectors:
        record = population.record(sector, last)
        assert record is not None
    assert time.perf_counter() - started < 1.0


def test_lookup_by_cpr_and_id_round_trips() -> None:
    population = Population(size=500)
    for person in population.people():
        assert population.by_cpr(person.cpr) == person
        assert population.by_id(person.id) == person
    assert population.by_cpr("7105984018") is None
    assert population.by_cpr("0101001234") is None
    assert Population(size=10).by_cpr(Population(size=500).person(400).cpr) is None


def test_demo_citizen_is_known_to_all_four_sectors() -> None:
    population = Population()
    assert DEMO_CITIZEN.cpr == "7105984017"
    assert set(DEMO_CITIZEN.sectors) == set(SECTORS)
    assert 25 <= DEMO_CITIZEN.alder <= 29  # HOI skal-målgruppe (25+) and UDB (15–29)
    for sector in SECTORS:
        assert population.record(sector, DEMO_CITIZEN)


def test_sector_membership_is_plausible() -> None:
    population = Population(size=3000)
    counts = dict.fromkeys(SECTORS, 0)
    for person in population.people():
        for sector in person.sectors:
            counts[sector] += 1
        if "uddannelse" in person.sectors:
            assert 15 <= person.alder <= 29
    assert all(150 < count < 1500 for count in counts.values()), counts
    assert sum(1 for p in population.people() if len(p.sectors) == 4) >= 2


def test_object_ids_decode_to_their_owner() -> None:
    population = Population(size=300)
    for person in population.people():
        record = population.record("social", person)
        if record is None:
            continue
        for sag in record["sager"]:
            assert population.owner_of("social", sag["id"]) == person
            assert population.owner_of("sundhed", sag["id"]) is None
    parts = decode_id(make_id(3, IdKind.HAENDELSE, 12345, 7))
    assert parts is not None
    assert (parts.sector, parts.kind, parts.index, parts.seq) == (3, IdKind.HAENDELSE, 12345, 7)


def _codes(value: Any, system: str) -> set[str]:
    if isinstance(value, dict):
        found = {str(value["code"])} if value.get("system") == system else set()
        return found.union(*(_codes(v, system) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_codes(v, system) for v in value))
    return set()


def _all_codes(concepts: Any) -> set[str]:
    result: set[str] = set()
    for concept in concepts:
        result.add(concept.code)
        result |= _all_codes(concept.children)
    return result


@pytest.mark.parametrize(("sector", "system"), [("social", FFB_SYSTEM),
                                                ("sundhed", FSIII_SYSTEM)])
def test_codes_come_from_the_kl_code_systems(sector: str, system: str) -> None:
    known = _all_codes((ffb() if system == FFB_SYSTEM else fsiii()).roots)
    population = Population(size=400)
    used: set[str] = set()
    for person in population.people():
        used |= _codes(population.record(sector, person), system)
    assert used
    assert used <= known

"""The SQL search against the oracle: every filter, pagination and counting, per persona.

One population is synced once per database kind; each case walks every page of the search
and compares the ids with the oracle's plain-Python evaluation of the same criteria.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.principal import Medarbejder
from authz.store.engine import Database
from mocks.population import DEMO_CITIZEN, Population
from subgraphs.hoi.index import search
from subgraphs.hoi.index.access import may_search, visible_key_ids
from subgraphs.hoi.index.criteria import CodeRef, Criteria, IndsatsMatch, load_preset
from subgraphs.hoi.index.database import open_index_database, read_keys
from subgraphs.hoi.index.model import PLANTYPE_SYSTEM, AccessKey
from subgraphs.hoi.index.search import (
    Hit,
    count_matches,
    decode_cursor,
    encode_cursor,
    find_page,
)
from tests.subgraphs.maalgruppe.support import Oracle, persona, serve_mocks, sync_for
from tests.support.databases import postgres_schema_url, sqlite_url

pytestmark = pytest.mark.asyncio(loop_scope="module")

TODAY = date(2026, 12, 1)
SKAL = load_preset().criteria
SEL85 = IndsatsMatch(lov="SEL", paragraf="85")
MENTOR = IndsatsMatch(type=CodeRef("urn:dk:star:dfdg:tilbudstype", "MENTOR"))
PAALAEG = IndsatsMatch(type=CodeRef(PLANTYPE_SYSTEM, "UDDANNELSESPAALAEG"))
CASES = {
    "everyone": Criteria(),
    "2 sectors": Criteria(min_sektorer=2),
    "3 sectors": Criteria(min_sektorer=3),
    "SEL §85": Criteria(indsatser=((SEL85,),)),
    "mentor (code)": Criteria(indsatser=((MENTOR,),)),
    "mentor (code and LAB §78)": Criteria(indsatser=((IndsatsMatch(
        type=MENTOR.type, lov="LAB", paragraf="78"),),)),
    "uddannelsespålæg": Criteria(indsatser=((PAALAEG,),)),
    "SEL §85 or mentor": Criteria(indsatser=((SEL85, MENTOR),)),
    "SEL §85 and mentor": Criteria(indsatser=((SEL85,), (MENTOR,))),
    "kontanthjælp": Criteria(kontaktgrupper=((
        CodeRef("urn:dk:star:dfdg:kontaktgruppe", "KH-AP"),
        CodeRef("urn:dk:star:dfdg:kontaktgruppe", "KH-JP")),)),
    "Min Plan": Criteria(har_min_plan=True),
    "no Min Plan, 2 sectors": Criteria(har_min_plan=False, min_sektorer=2),
    "no Min Plan": Criteria(har_min_plan=False),
    "25 or older": Criteria(min_alder=25),
    "18 to 29": Criteria(min_alder=18, max_alder=29),
    "skal-målgruppe": SKAL,
    "skal-målgruppe in 3 sectors": SKAL.and_(Criteria(min_sektorer=3)),
}
PERSONAS = ("jobcenter", "socialraadgiver", "ungevejleder", "sygeplejerske")


@dataclass
class Indexed:
    database: Database
    oracle: Oracle


@pytest_asyncio.fixture(scope="module", loop_scope="module",
                        params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def indexed(request: pytest.FixtureRequest,
                  tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Indexed]:
    """800 citizens synced into a database of each kind."""
    population = Population(size=800)
    with _database_url(request.param, tmp_path_factory.mktemp("search")) as url:
        database = await open_index_database(url)
        try:
            async with serve_mocks(population) as running, aiohttp.ClientSession() as session:
                results = await sync_for(database, session, running).sync()
            assert all(r.fuldfoert for r in results)
            yield Indexed(database, Oracle.of(population))
        finally:
            await database.close()


def _database_url(kind: str, directory: Path) -> contextlib.AbstractContextManager[str]:
    if kind == "sqlite":
        return contextlib.nullcontext(sqlite_url(directory))
    return postgres_schema_url()


async def _visible(connection: AsyncConnection, worker: Medarbejder) -> dict[int, AccessKey]:
    keys = dict(await read_keys(connection))
    return {key_id: keys[key_id] for key_id in visible_key_ids(worker, keys.items())}


def _worker(name: str) -> Medarbejder:
    worker = may_search(persona(name))
    assert worker is not None
    return worker


async def _all_pages(database: Database, criteria: Criteria, worker: Medarbejder,
                     size: int) -> list[str]:
    """Every page's citizen ids, in the search's order (checked: by increasing number)."""
    found: list[Hit] = []
    after: int | None = None
    async with database.read() as connection:
        visible = await _visible(connection, worker)
        while True:
            page = await find_page(connection, criteria, visible, today=TODAY, first=size,
                                   after=after)
            found += page.hits
            assert len(page.hits) <= size
            if not page.has_next:
                break
            assert len(page.hits) == size
            after = page.hits[-1].nr
    numbers = [hit.nr for hit in found]
    assert numbers == sorted(set(numbers)), "pages are in number order, without repeats"
    return [hit.borger_id for hit in found]


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize("case", CASES)
async def test_each_filter_finds_exactly_what_the_oracle_finds(indexed: Indexed, case: str,
                                                               name: str) -> None:
    worker = _worker(name)
    expected = indexed.oracle.expected(CASES[case], worker, TODAY)
    assert sorted(await _all_pages(indexed.database, CASES[case], worker, 97)) == expected
    async with indexed.database.read() as connection:
        visible = await _visible(connection, worker)
        assert await count_matches(connection, CASES[case], visible, today=TODAY) == len(expected)


@pytest.mark.parametrize("case", [c for c in CASES if c != "everyone"])
async def test_each_case_selects_some_but_not_all(indexed: Indexed, case: str) -> None:
    """Guards the oracle comparison against trivially empty (or unfiltered) cases."""
    worker = _worker("jobcenter")
    everyone = indexed.oracle.expected(Criteria(), worker, TODAY)
    selected = indexed.oracle.expected(CASES[case], worker, TODAY)
    assert 0 < len(selected) < len(everyone)


async def test_small_pages_walk_the_same_list_without_gaps_or_repeats(indexed: Indexed) -> None:
    worker = _worker("socialraadgiver")
    criteria = Criteria(min_sektorer=2)
    walked = await _all_pages(indexed.database, criteria, worker, 7)
    assert walked == await _all_pages(indexed.database, criteria, worker, 500)
    assert len(set(walked)) == len(walked) > 14


async def test_a_page_after_the_last_citizen_is_empty(indexed: Indexed) -> None:
    async with indexed.database.read() as connection:
        visible = await _visible(connection, _worker("jobcenter"))
        whole = await find_page(connection, Criteria(), visible, today=TODAY, first=500,
                                after=None)
        assert not whole.has_next
        page = await find_page(connection, Criteria(), visible, today=TODAY, first=10,
                               after=whole.hits[-1].nr)
    assert (page.hits, page.has_next) == ((), False)


async def test_cursors_are_opaque_and_checked() -> None:
    cursor = encode_cursor(4711)
    assert "4711" not in cursor and decode_cursor(cursor) == 4711
    for bad in ("", "not-base64!", "bWcxOng=", "bWcyOjE=", encode_cursor(1)[:-2]):
        with pytest.raises(ValueError, match="not a valid cursor"):
            decode_cursor(bad)


async def test_the_demo_citizen_is_in_the_jobcenters_skal_maalgruppe(indexed: Indexed) -> None:
    found = await _all_pages(indexed.database, SKAL, _worker("jobcenter"), 500)
    assert str(DEMO_CITIZEN.id) in found
    async with indexed.database.read() as connection:
        visible = await _visible(connection, _worker("jobcenter"))
        page = await find_page(connection, SKAL, visible, today=TODAY, first=500, after=None)
    demo = next(hit for hit in page.hits if hit.borger_id == str(DEMO_CITIZEN.id))
    assert {row.key.sektor for row in demo.rows} == {"BESKAEFTIGELSE", "SOCIAL", "UDDANNELSE"}
    assert demo.foedselsdato == DEMO_CITIZEN.foedselsdato


@pytest.mark.parametrize("case", ["everyone", "skal-målgruppe", "SEL §85 and mentor"])
async def test_pages_searched_in_many_narrow_ranges_are_the_same(
        indexed: Indexed, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    worker = _worker("jobcenter")
    wide = await _all_pages(indexed.database, CASES[case], worker, 11)
    monkeypatch.setattr(search, "_FIRST_SPAN", 3)  # many ranges per page, doubling
    assert await _all_pages(indexed.database, CASES[case], worker, 11) == wide
    assert sorted(wide) == indexed.oracle.expected(CASES[case], worker, TODAY)

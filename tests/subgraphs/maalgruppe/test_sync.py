"""The index sync: full initial sync, incremental from the change feeds, resume, concurrency.

Each test compares the database with the oracle (rows built straight from the population),
on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.store.engine import Database
from authz.store.errors import StoreUnavailable
from mocks.common.faults import FaultConfig, FaultMode, MockState
from mocks.population import DEMO_CITIZEN, Population
from mocks.population import beskaeftigelse as generate_beskaeftigelse
from mocks.population.common import iso_time
from mocks.population.people import REFERENCE_DATE
from subgraphs.hoi.index.cursor import load_cursor
from subgraphs.hoi.index.model import MetadataRow
from subgraphs.hoi.index.sync import IndexSync
from subgraphs.hoi.index.tables import borger, noegle, objekt
from tests.subgraphs.maalgruppe.support import (
    EditablePopulation,
    Oracle,
    serve_mocks,
    sync_for,
)

Row = tuple[Any, ...]


def _row(borger_id: str, row: MetadataRow) -> Row:
    return (borger_id, row.art.value, row.objekt_id, row.key.sektor, row.key.kommune_cvr,
            row.key.kle, int(row.key.foelsomhed), row.key.ansvarlig_enhed, row.aktiv,
            row.status, row.fra, row.til, row.type_system, row.type_kode, row.hjemmel_lov,
            row.hjemmel_paragraf)


async def _stored(database: Database) -> tuple[Counter[Row], dict[str, Any]]:
    async with database.read() as connection:
        rows = await connection.execute(
            select(borger.c.borger_id, objekt.c.art, objekt.c.objekt_id, noegle.c.sektor,
                   noegle.c.kommune_cvr, noegle.c.kle, noegle.c.foelsomhed,
                   noegle.c.ansvarlig_enhed, objekt.c.aktiv, objekt.c.status, objekt.c.fra,
                   objekt.c.til, objekt.c.type_system, objekt.c.type_kode,
                   objekt.c.hjemmel_lov, objekt.c.hjemmel_paragraf)
            .join(noegle, noegle.c.id == objekt.c.noegle_id)
            .join(borger, borger.c.nr == objekt.c.borger_nr))
        stored = Counter(tuple(r[:8]) + (bool(r[8]),) + tuple(r[9:]) for r in rows)
        born = {r.borger_id: r.foedselsdato
                for r in await connection.execute(select(borger))}
    return stored, born


def _expected(oracle: Oracle) -> tuple[Counter[Row], dict[str, Any]]:
    rows = Counter(_row(b, r) for b, (_, rs) in oracle.citizens.items() for r in rs)
    return rows, {b: born for b, (born, _) in oracle.citizens.items()}


async def test_the_initial_sync_indexes_every_citizen_once(
        database: Database, session: aiohttp.ClientSession) -> None:
    population = Population(size=300)
    async with serve_mocks(population) as running:
        sync = sync_for(database, session, running)
        first = await sync.sync()
        assert all(r.fuldfoert and r.fejl is None for r in first)
        assert await _stored(database) == _expected(Oracle.of(population))
        again = await sync.sync()
    assert [(r.fuldfoert, r.borgere, r.raekker) for r in again] == [(True, 0, 0)] * 4
    assert await _stored(database) == _expected(Oracle.of(population))


def _changed_social(population: EditablePopulation) -> dict[str, Any]:
    """The demo citizen's social record with one sag closed and one indsats running again."""
    record = population.record("social", DEMO_CITIZEN)
    assert record is not None
    changed = {**record, "sidstAendret": iso_time(REFERENCE_DATE + timedelta(days=1), 9)}
    first, second = record["sager"]
    running = {**second["indsatser"][0], "status": "igang"}
    changed["sager"] = [{**first, "fremdrift": "Afsluttet"},
                        {**second, "indsatser": [running]}]
    return changed


async def test_the_change_feed_brings_only_what_changed(
        database: Database, session: aiohttp.ClientSession) -> None:
    population = EditablePopulation(size=300)
    newcomer = next(p for p in population.people(1)
                    if "beskaeftigelse" not in p.sectors and 30 <= p.alder <= 60)
    async with serve_mocks(population) as running:
        sync = sync_for(database, session, running)
        await sync.sync()
        population.overrides[("social", 0)] = _changed_social(population)
        fresh = generate_beskaeftigelse.generate(population.seed, newcomer)
        population.overrides[("beskaeftigelse", newcomer.index)] = {
            **fresh, "sidstAendret": iso_time(REFERENCE_DATE + timedelta(days=2), 9)}
        social: MockState = running.apps["social"].state.mock
        social.calls.clear()
        results = {r.kilde: r for r in await sync.sync()}
    assert {k: r.borgere for k, r in results.items()} == {
        "beskaeftigelse": 1, "social": 1, "uddannelse": 0, "sundhed": 0}
    lookups = [c for c in social.calls if c.path.endswith("/borgere/soeg")]
    assert [c.keys for c in lookups] == [1], "only the changed citizen is looked up"
    oracle = Oracle.of(population)
    assert await _stored(database) == _expected(oracle)
    demo = oracle.citizens[str(DEMO_CITIZEN.id)][1]
    assert [(r.art.value, r.aktiv) for r in demo if r.key.sektor == "SOCIAL"] == [
        ("SAG", False), ("INDSATS", False), ("SAG", True), ("INDSATS", True)]
    assert str(newcomer.id) in oracle.citizens


async def _position(database: Database, name: str) -> tuple[int, int | None]:
    async with database.write() as connection:
        cursor = await load_cursor(connection, name, datetime.now(UTC))
    return cursor.version, cursor.efter


async def test_a_sync_that_fails_part_way_resumes_without_duplicates(
        database: Database, session: aiohttp.ClientSession) -> None:
    population = Population(size=600)
    async with serve_mocks(population) as running:
        sync = sync_for(database, session, running, page_size=40)
        started = await sync.sync_source("beskaeftigelse", max_pages=2)
        assert (started.sider, started.fuldfoert) == (2, False)
        async with database.read() as connection:
            before = (await connection.execute(select(func.count()).select_from(objekt))).one()
        position = await _position(database, "beskaeftigelse")
        cpr: MockState = running.apps["cpr"].state.mock
        cpr.fault = FaultConfig(FaultMode.FAIL, count=1)  # the page's person lookup fails
        failed = await sync.sync_source("beskaeftigelse")
        assert (failed.sider, failed.fuldfoert) == (0, False)
        assert failed.fejl is not None and "CPR" in failed.fejl
        async with database.read() as connection:
            after = (await connection.execute(select(func.count()).select_from(objekt))).one()
        assert after == before, "a failed page must leave nothing behind"
        assert await _position(database, "beskaeftigelse") == position
        resumed = await sync.sync()
        assert all(r.fuldfoert for r in resumed)
        beskaeftigelse = next(r for r in resumed if r.kilde == "beskaeftigelse")
        total = started.borgere + beskaeftigelse.borgere
        assert total == sum(1 for p in population.people() if "beskaeftigelse" in p.sectors)
        assert await _stored(database) == _expected(Oracle.of(population))
        await sync.reset()  # a full resync replaces rows, never doubles them
        await sync.sync()
    assert await _stored(database) == _expected(Oracle.of(population))


async def test_two_syncs_at_once_apply_each_page_once(
        database: Database, session: aiohttp.ClientSession) -> None:
    population = Population(size=500)
    async with serve_mocks(population) as running:
        one = sync_for(database, session, running, page_size=30)
        two = sync_for(database, session, running, page_size=30)
        first, second = await asyncio.gather(one.sync(), two.sync())
        pages = {a.kilde: a.sider + b.sider for a, b in zip(first, second, strict=True)}
        citizens = {a.kilde: a.borgere + b.borgere for a, b in zip(first, second, strict=True)}
    expected = {name: sum(1 for p in population.people() if name in p.sectors)
                for name in pages}
    assert citizens == expected, "every citizen's page was applied exactly once"
    assert all(count > 0 for count in pages.values())
    assert await _stored(database) == _expected(Oracle.of(population))


class _FlakyDatabase(Database):
    """The real database, except that chosen write transactions fail to begin."""

    def __init__(self, url: str, failing: set[int]) -> None:
        super().__init__(url)
        self.failing = failing
        self.writes = 0

    @contextlib.asynccontextmanager
    async def write(self, unavailable: type[StoreUnavailable] = StoreUnavailable,
                    ) -> AsyncIterator[AsyncConnection]:
        self.writes += 1
        if self.writes in self.failing:
            raise unavailable("the database failed")
        async with super().write(unavailable) as connection:
            yield connection


async def test_a_busy_database_is_retried_and_then_resumed(
        database: Database, database_url: str, session: aiohttp.ClientSession) -> None:
    population = Population(size=300)
    async with serve_mocks(population) as running:
        flaky = _FlakyDatabase(database_url, failing={2, 3})  # the first page's apply, twice
        try:
            sync = IndexSync(flaky, session, person_url=running.urls["cpr"],
                             sector_urls={"social": running.urls["social"]}, retry_delay=0.01)
            (retried,) = await sync.sync()
            assert (retried.fuldfoert, retried.fejl) == (True, None)
            flaky.failing, flaky.writes = {2, 3, 4, 5}, 0  # more failures than retries
            await sync.reset()
            flaky.writes = 0
            (stopped,) = await sync.sync()
            assert (stopped.fuldfoert, stopped.fejl) == (False, "the database failed")
            (resumed,) = await sync.sync()
            assert resumed.fuldfoert
        finally:
            await flaky.close()
    expected = Oracle.of(population)
    expected.citizens = {b: (born, [r for r in rows if r.key.sektor == "SOCIAL"])
                         for b, (born, rows) in expected.citizens.items()
                         if any(r.key.sektor == "SOCIAL" for r in rows)}
    assert await _stored(database) == _expected(expected)

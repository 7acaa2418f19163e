"""The membership history: entry and exit through syncs, the report's figure, reproducibility.

The mocks run on loopback; a record is changed through the change feed so the demo citizen
leaves the skal-målgruppe and comes back. Each test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select, update

from authz.store.engine import Database
from authz.store.errors import StoreUnavailable
from mocks.population import DEMO_CITIZEN
from mocks.population.common import iso_time
from mocks.population.people import KOMMUNE_CVR, REFERENCE_DATE
from subgraphs.hoi.index.criteria import load_preset
from subgraphs.hoi.index.historik import criteria_version, members_between
from subgraphs.hoi.index.historik_tables import medlemskab
from subgraphs.hoi.index.kilde import IndexMaalgruppe
from subgraphs.hoi.index.sync import IndexSync
from subgraphs.hoi.index.tables import borger
from subgraphs.hoi.plan_state import HoiStore
from subgraphs.hoi.report import Format, Pseudonymiser, indberetning
from tests.subgraphs.maalgruppe.support import EditablePopulation, Mocks, Oracle, serve_mocks

KEY = b"a test key of the municipality, 32+"
PRESET = load_preset()
T1 = datetime(2026, 3, 2, 10, tzinfo=UTC)
"""The initial sync."""
T2 = datetime(2026, 3, 10, 10, tzinfo=UTC)
"""The demo citizen's social cases are closed: they leave."""
T3 = datetime(2026, 4, 10, 10, tzinfo=UTC)
"""Their social record is back as before: they enter again."""
AFTER = datetime(2026, 6, 1, tzinfo=UTC)
DEMO = str(DEMO_CITIZEN.id)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _closed_social(population: EditablePopulation, days: int) -> dict[str, Any]:
    """The demo citizen's social record with every sag and indsats ended."""
    record = population.record("social", DEMO_CITIZEN)
    assert record is not None
    return {**record, "sidstAendret": iso_time(REFERENCE_DATE + timedelta(days=days), 9),
            "sager": [{**sag, "fremdrift": "Afsluttet",
                       "indsatser": [{**i, "status": "afsluttet"} for i in sag["indsatser"]]}
                      for sag in record["sager"]]}


def _touched_social(population: EditablePopulation, days: int) -> dict[str, Any]:
    """The demo citizen's generated social record, listed by the feed again."""
    population.overrides.pop(("social", DEMO_CITIZEN.index), None)
    record = population.record("social", DEMO_CITIZEN)
    assert record is not None
    return {**record, "sidstAendret": iso_time(REFERENCE_DATE + timedelta(days=days), 9)}


def _sync(database: Database, session: aiohttp.ClientSession, running: Mocks,
          clock: Clock) -> IndexSync:
    return IndexSync(database, session, person_url=running.urls["cpr"],
                     sector_urls=running.sector_urls, clock=clock, preset=PRESET)


async def _members(database: Database, fra: datetime, til: datetime) -> frozenset[str]:
    async with database.read() as connection:
        return await members_between(connection, criteria_version(PRESET), KOMMUNE_CVR,
                                     fra, til)


async def _events(database: Database) -> list[tuple[str, datetime]]:
    async with database.read() as connection:
        rows = await connection.execute(
            select(medlemskab.c.haendelse, medlemskab.c.tid)
            .join(borger, borger.c.nr == medlemskab.c.borger_nr)
            .where(borger.c.borger_id == DEMO).order_by(medlemskab.c.id))
        return [(r.haendelse, r.tid) for r in rows]


async def _history(database: Database, session: aiohttp.ClientSession,
                   population: EditablePopulation) -> frozenset[str]:
    """Sync at T1, T2 (demo leaves), T3 (demo is back); the members found at T1."""
    clock = Clock(T1)
    async with serve_mocks(population) as running:
        sync = _sync(database, session, running, clock)
        await sync.sync()
        assert sync.vurdering is not None and sync.vurdering.siden is None
        at_start = await _members(database, T1, T1 + timedelta(seconds=1))
        assert sync.vurdering.ind == len(at_start)
        clock.now = T1 + timedelta(hours=1)
        await sync.sync()
        assert (sync.vurdering.ind, sync.vurdering.ud) == (0, 0)
        population.overrides[("social", DEMO_CITIZEN.index)] = _closed_social(population, 1)
        clock.now = T2
        await sync.sync()
        assert (sync.vurdering.ind, sync.vurdering.ud) == (0, 1)
        assert sync.vurdering.borgere < 10, "only the touched citizens are evaluated"
        population.overrides[("social", DEMO_CITIZEN.index)] = _touched_social(population, 2)
        clock.now = T3
        await sync.sync()
        assert (sync.vurdering.ind, sync.vurdering.ud) == (1, 0)
    return at_start


async def test_citizens_enter_and_leave_the_target_group_through_the_change_feed(
        database: Database, session: aiohttp.ClientSession) -> None:
    population = EditablePopulation(size=300)
    at_start = await _history(database, session, population)
    expected = Oracle.of(population, now=T1).members(PRESET.criteria, KOMMUNE_CVR, T1.date())
    assert at_start == expected and DEMO in at_start
    assert await _events(database) == [("IND", T1), ("UD", T2), ("IND", T3)]
    between = await _members(database, T2 + timedelta(days=1), T3)
    assert between == at_start - {DEMO}
    assert await _members(database, T2 - timedelta(seconds=1), T2) == at_start
    assert await _members(database, T2, T2 + timedelta(days=1)) == at_start - {DEMO}
    assert await _members(database, T3, AFTER) == at_start
    assert await _members(database, T1 - timedelta(days=9), T1) == frozenset()


async def test_the_history_is_append_only(database: Database,
                                          session: aiohttp.ClientSession) -> None:
    async with serve_mocks(EditablePopulation(size=60)) as running:
        await _sync(database, session, running, Clock(T1)).sync()
    with pytest.raises(StoreUnavailable):
        async with database.write() as connection:
            await connection.execute(update(medlemskab).values(haendelse="UD"))
    with pytest.raises(StoreUnavailable):
        async with database.write() as connection:
            await connection.execute(medlemskab.delete())


async def _report(database_url: str, database: Database, fra: date, til: date) -> bytes:
    store = await HoiStore.open(database_url)
    try:
        _, data = await indberetning(store, KOMMUNE_CVR, fra, til, pseudonym=Pseudonymiser(KEY),
                                     now=AFTER, maalgruppe=IndexMaalgruppe(database, PRESET),
                                     form=Format.JSON)
    finally:
        await store.close()
    return data


async def _cli(database_url: str) -> bytes:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "subgraphs.hoi.report", "--fra", "2026-03-11", "--til",
        "2026-03-31", "--format", "json", "--kommune-cvr", KOMMUNE_CVR, "--database-url",
        database_url, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "HELHED_HOI_PSEUDONYM_KEY": KEY.decode()})
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, err.decode()
    return out


async def test_the_report_counts_the_members_of_its_period_the_same_every_time(
        database_url: str, database: Database, session: aiohttp.ClientSession) -> None:
    population = EditablePopulation(size=300)
    at_start = await _history(database, session, population)
    after_exit = json.loads(await _report(database_url, database, date(2026, 3, 11),
                                          date(2026, 3, 31)))
    before_exit = json.loads(await _report(database_url, database, date(2026, 3, 1),
                                           date(2026, 3, 9)))
    assert after_exit["totaler"]["fundet_i_maalgruppe"] == len(at_start) - 1
    assert before_exit["totaler"]["fundet_i_maalgruppe"] == len(at_start)
    assert after_exit["maalgruppe_kilde"].endswith(f"(kriterier {criteria_version(PRESET)})")
    pseudonym = Pseudonymiser(KEY)
    assert {r["pseudonym"] for r in after_exit["borgere"] if r["fundet_i_maalgruppe"]} == {
        pseudonym(b) for b in at_start - {DEMO}}
    first = await _report(database_url, database, date(2026, 3, 11), date(2026, 3, 31))
    async with serve_mocks(population) as running:  # a later sync appends, changes nothing
        population.overrides[("social", DEMO_CITIZEN.index)] = _closed_social(population, 4)
        await _sync(database, session, running, Clock(AFTER - timedelta(days=1))).sync()
    assert await _report(database_url, database, date(2026, 3, 11), date(2026, 3, 31)) == first
    assert await _cli(database_url) == first

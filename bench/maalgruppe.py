"""Benchmark the target-group search at scale: sync N citizens, then time typical searches.

Starts the five mocks (own processes) over ``--size`` citizens (loopback HTTP), runs the full
initial sync into a fresh SQLite file (and a fresh PostgreSQL schema with ``--postgres-url``),
the membership evaluation a sync ends with (every citizen; nothing touched), an incremental
sync with nothing changed, and then times, per database:

* the search's SQL as the hoi subgraph runs it (visible keys, one page, the count), for the
  jobcenter worker and the ungevejleder: first page, a deep page (a cursor ~90% through the
  result), the must-offer ready filter (page and ``totalCount``), a combined filter;
* one whole GraphQL request to the hoi subgraph over HTTP (token verification included).

Not a test: figures depend on the machine. Run:
``python -m bench.maalgruppe --size 100000 [--postgres-url postgresql://postgres@127.0.0.1/test]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import aiohttp
import psycopg
from psycopg import sql
from sqlalchemy import func, select, text

from authz.principal import Medarbejder, principal_from_claims
from authz.store.engine import Database
from mocks.common.serve import serve_app
from mocks.idp import DEFAULT_AUDIENCE, fetch_persona_token, serve_idp
from mocks.idp.claims import build_claims
from mocks.idp.personas import PERSONAS
from subgraphs.common.app import SubgraphSettings
from subgraphs.common.identity import IdentityConfig
from subgraphs.hoi.app import create_app
from subgraphs.hoi.index.access import may_search
from subgraphs.hoi.index.criteria import Criteria, IndsatsMatch, load_preset
from subgraphs.hoi.index.database import open_index_database
from subgraphs.hoi.index.historik import OVERLAP, evaluate
from subgraphs.hoi.index.model import AccessKey
from subgraphs.hoi.index.runtime import IndexSettings, MaalgruppeIndex
from subgraphs.hoi.index.sync import IndexSync
from subgraphs.hoi.index.tables import borger, objekt
from tests.support.gateway_process import free_port

__all__ = ["main"]

_MOCKS = ("beskaeftigelse", "social", "uddannelse", "sundhed", "cpr")
_HTTP_QUERY = """query($f: MaalgruppeFilter!) { maalgruppe(filter: $f, first: 50) {
  totalCount edges { cursor node { borgerId alder aktiveSektorer harMinPlan
  metadata { art sektor kle status type { kode } hjemmel { lov paragraf } } } } } }"""
_HTTP_PAGE_ONLY = """query($f: MaalgruppeFilter!) { maalgruppe(filter: $f, first: 50) {
  pageInfo { endCursor } edges { node { borgerId alder aktiveSektorer harMinPlan } } } }"""


@dataclass(frozen=True, slots=True)
class Timing:
    """Latency of one measured operation over its repeats, in milliseconds."""

    name: str
    median: float
    p95: float
    best: float
    result: str

    def line(self) -> str:
        """One table row."""
        return (f"  {self.name:46} {self.median:8.1f} {self.p95:8.1f} {self.best:8.1f}  "
                f"{self.result}")


async def _time(name: str, repeat: int, work: Callable[[], Awaitable[Any]],
                describe: Callable[[Any], str]) -> Timing:
    await work()  # warm-up
    spent = []
    result: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = await work()
        spent.append((time.perf_counter() - start) * 1000)
    spent.sort()
    return Timing(name, statistics.median(spent), spent[max(0, round(len(spent) * 0.95) - 1)],
                  spent[0], describe(result))


def _worker(name: str) -> Medarbejder:
    claims = build_claims(PERSONAS[name], issuer="bench", audience="bench", now=0, lifetime=60)
    worker = may_search(principal_from_claims(claims))
    if worker is None:
        raise SystemExit(f"{name} may not search")
    return worker


@contextlib.contextmanager
def _postgres_schema(url: str) -> Iterator[str]:
    schema = f"helhed_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                sql.Identifier(schema)))


async def _sync(database: Database, session: aiohttp.ClientSession,
                urls: dict[str, str]) -> None:
    sync = IndexSync(database, session, person_url=urls["cpr"],
                     sector_urls={n: u for n, u in urls.items() if n != "cpr"})
    start = time.perf_counter()
    results = await sync.sync()
    spent = time.perf_counter() - start
    if not all(r.fuldfoert for r in results):
        raise SystemExit(f"the sync did not complete: {results}")
    async with database.read() as connection:
        citizens = (await connection.execute(select(func.count()).select_from(borger))).scalar()
        rows = (await connection.execute(select(func.count()).select_from(objekt))).scalar()
    pages = sum(r.sider for r in results)
    print(f"  full initial sync: {spent:.1f} s ({pages} feed pages, {citizens} citizens, "
          f"{rows} metadata rows)", flush=True)
    await _evaluations(database)
    start = time.perf_counter()
    again = await sync.sync()
    print(f"  incremental sync, nothing changed: {(time.perf_counter() - start) * 1000:.0f} ms "
          f"({sum(r.borgere for r in again)} citizens re-read)", flush=True)


async def _evaluations(database: Database) -> None:
    """Time the membership evaluation a sync ends with: every citizen (the initial sync),
    again within the overlap (everyone re-read, nothing appended), and nothing touched."""
    preset = load_preset()
    now = datetime.now(UTC)
    for label, later in (("every citizen", 0), ("every citizen again", 2), ("nothing touched", 4)):
        start = time.perf_counter()
        at = now + OVERLAP * later
        done = await evaluate(database, preset, itertools.repeat(at).__next__)
        print(f"  membership evaluation, {label}: {(time.perf_counter() - start) * 1000:.0f} ms "
              f"({done.borgere} citizens, {done.ind} entered, {done.ud} left)", flush=True)


async def _deep_cursor(index: MaalgruppeIndex, criteria: Criteria,
                       visible: Mapping[int, AccessKey]) -> tuple[int | None, int]:
    """The number ~90% through the result (found by walking 500-pages), and the result size."""
    numbers: list[int] = []
    after = None
    while True:
        page = await index.page(criteria, visible, first=500, after=after)
        numbers += [hit.nr for hit in page.hits]
        if not page.has_next:
            break
        after = numbers[-1]
    return (numbers[int(len(numbers) * 0.9)] if numbers else None), len(numbers)


async def _searches(index: MaalgruppeIndex, persona: str, repeat: int) -> list[Timing]:
    worker = _worker(persona)
    visible = await index.visible(worker)
    skal = index.preset.criteria
    two = Criteria(min_sektorer=2)
    combined = Criteria(min_alder=25, indsatser=((IndsatsMatch(lov="SEL", paragraf="85"),),),
                        har_min_plan=True)
    deep, size = await _deep_cursor(index, two, visible)

    def hits(page: Any) -> str:
        return f"{len(page.hits)} hits"

    def count(value: Any) -> str:
        return f"{value} citizens"

    return [
        await _time(f"{persona}: visible keys", repeat, lambda: index.visible(worker),
                    lambda keys: f"{len(keys)} keys"),
        await _time(f"{persona}: 2+ sectors, first page", repeat,
                    lambda: index.page(two, visible, first=50, after=None), hits),
        await _time(f"{persona}: 2+ sectors, deep page (90% of {size})", repeat,
                    lambda: index.page(two, visible, first=50, after=deep), hits),
        await _time(f"{persona}: 2+ sectors, totalCount", repeat,
                    lambda: index.count(two, visible), count),
        await _time(f"{persona}: skal-målgruppe, first page", repeat,
                    lambda: index.page(skal, visible, first=50, after=None), hits),
        await _time(f"{persona}: skal-målgruppe, totalCount", repeat,
                    lambda: index.count(skal, visible), count),
        await _time(f"{persona}: 25+, SEL §85, Min Plan, first page", repeat,
                    lambda: index.page(combined, visible, first=50, after=None), hits),
        await _time(f"{persona}: everyone, first page", repeat,
                    lambda: index.page(Criteria(), visible, first=50, after=None), hits),
    ]


async def _over_http(urls: dict[str, str], database_url: str, repeat: int) -> list[Timing]:
    async with serve_idp() as idp, aiohttp.ClientSession() as http:
        identity = IdentityConfig(issuer=idp.url, audience=DEFAULT_AUDIENCE,
                                  jwks_url=idp.jwks_url)
        app = create_app(mock_url=urls["cpr"],
                         sector_urls={n: u for n, u in urls.items() if n != "cpr"},
                         identity=identity, index=IndexSettings(database_url=database_url),
                         settings=SubgraphSettings(name="hoi"))
        token = await fetch_persona_token(idp.url, "jobcenter", session=http)
        async with serve_app(app) as hoi:
            async def ask(filter_: dict[str, Any], query: str = _HTTP_QUERY) -> dict[str, Any]:
                async with http.post(f"{hoi.url}/graphql",
                                     headers={"authorization": f"Bearer {token}"},
                                     json={"query": query, "variables": {"f": filter_}}
                                     ) as answer:
                    body: dict[str, Any] = await answer.json()
                if "errors" in body:
                    raise SystemExit(f"the search failed: {body['errors']}")
                return body

            def total(body: Any) -> str:
                return f"{body['data']['maalgruppe']['totalCount']} citizens"

            return [
                await _time("HTTP jobcenter: skal-målgruppe page + count", repeat,
                            lambda: ask({"skalMaalgruppe": True}), total),
                await _time("HTTP jobcenter: 2+ sectors page + count", repeat,
                            lambda: ask({"minAktiveSektorer": 2}), total),
                await _time("HTTP jobcenter: skal-målgruppe page, no metadata", repeat,
                            lambda: ask({"skalMaalgruppe": True}, _HTTP_PAGE_ONLY),
                            lambda body: f"{len(body['data']['maalgruppe']['edges'])} hits"),
            ]


async def _bench_database(label: str, url: str, urls: dict[str, str], repeat: int,
                          analyze: bool) -> None:
    print(f"\n{label}", flush=True)
    database = await open_index_database(url, timeout=600.0)
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
            await _sync(database, session, urls)
        if analyze:
            async with database.write() as connection:
                await connection.execute(text("ANALYZE"))
            print("  (ANALYZE run after the sync)")
        index = MaalgruppeIndex(database, load_preset(), today=lambda: datetime.now(UTC).date())
        print(f"  {'operation':46} {'median':>8} {'p95':>8} {'best':>8}  result (ms)")
        for persona in ("jobcenter", "ungevejleder"):
            for timing in await _searches(index, persona, repeat):
                print(timing.line(), flush=True)
        for timing in await _over_http(urls, url, repeat):
            print(timing.line(), flush=True)
    finally:
        await database.close()


@contextlib.asynccontextmanager
async def _mocks(size: int) -> AsyncIterator[dict[str, str]]:
    """The five mocks as their own processes (as the sector systems are: not in hoi's loop)."""
    ports = {name: free_port() for name in _MOCKS}
    processes = [subprocess.Popen(  # noqa: ASYNC220 - started once, before any measurement
        [sys.executable, "-m", f"mocks.{name}", "--port", str(port), "--size", str(size)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for name, port in ports.items()]
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    try:
        async with aiohttp.ClientSession() as http:
            for url in urls.values():
                await _wait_healthy(http, url)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


async def _wait_healthy(http: aiohttp.ClientSession, url: str) -> None:
    for _ in range(300):
        with contextlib.suppress(aiohttp.ClientError):
            async with http.get(f"{url}/health") as answer:
                if answer.status == 200:
                    return
        await asyncio.sleep(0.1)
    raise SystemExit(f"the mock at {url} did not start")


async def _run(args: argparse.Namespace) -> None:
    print(f"målgruppe search benchmark: {args.size} citizens, {args.repeat} repeats per search")
    async with _mocks(args.size) as urls:
        with tempfile.TemporaryDirectory(prefix="helhed-bench-") as directory:
            await _bench_database("SQLite", f"sqlite:///{directory}/index.db", urls,
                                  args.repeat, args.analyze)
        if args.postgres_url:
            with _postgres_schema(args.postgres_url) as url:
                await _bench_database("PostgreSQL", url, urls, args.repeat, args.analyze)


def main(argv: Sequence[str] | None = None) -> None:
    """Parse options and run the benchmark."""
    parser = argparse.ArgumentParser(prog="python -m bench.maalgruppe")
    parser.add_argument("--size", type=int, default=100_000, help="citizens (default 100000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per search")
    parser.add_argument("--postgres-url", help="also benchmark PostgreSQL (a fresh schema is "
                                               "created in this database and dropped after)")
    parser.add_argument("--analyze", action="store_true",
                        help="run ANALYZE after the sync (planner statistics)")
    asyncio.run(_run(parser.parse_args(argv)))


if __name__ == "__main__":
    main()

"""``Query.maalgruppe`` through the hoi subgraph over real HTTP, with real persona tokens.

The mock IdP signs the tokens, the mocks serve 600 citizens, the hoi subgraph verifies the
bearer token itself and searches the index (synced before the tests; the background sync
has its own test).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from authz.principal import Medarbejder
from mocks.common.serve import serve_app
from mocks.idp import DEFAULT_AUDIENCE, fetch_persona_token, serve_idp
from mocks.population import DEMO_CITIZEN, Population
from subgraphs.common.app import SubgraphSettings
from subgraphs.common.identity import IdentityConfig
from subgraphs.hoi.app import create_app
from subgraphs.hoi.index.access import may_search
from subgraphs.hoi.index.criteria import load_preset
from subgraphs.hoi.index.database import open_index_database
from subgraphs.hoi.index.runtime import IndexSettings
from tests.subgraphs.maalgruppe.support import Mocks, Oracle, persona, serve_mocks, sync_for
from tests.support.databases import sqlite_url

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

DEMO = str(DEMO_CITIZEN.id)
SEARCH = """query($filter: MaalgruppeFilter!, $first: Int, $after: String) {
  maalgruppe(filter: $filter, first: $first, after: $after) {
    totalCount kriterier
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { borger { id navn } alder foedselsdato aktiveSektorer harMinPlan
      metadata { art sektor kle foelsomhed status aktiv type { system kode }
                 hjemmel { lov paragraf } } } } } }"""


@dataclass
class Running:
    url: str
    idp_url: str
    identity: IdentityConfig
    mocks: Mocks
    population: Population
    database_url: str
    http: aiohttp.ClientSession
    tokens: dict[str, str] = field(default_factory=dict)

    async def ask(self, persona_name: str | None, query: str = SEARCH, *, url: str | None = None,
                  **variables: Any) -> dict[str, Any]:
        headers = {}
        if persona_name is not None:
            if persona_name not in self.tokens:
                self.tokens[persona_name] = await fetch_persona_token(
                    self.idp_url, persona_name, session=self.http)
            headers["authorization"] = f"Bearer {self.tokens[persona_name]}"
        async with self.http.post(url or self.url, headers=headers,
                                  json={"query": query, "variables": variables}) as answer:
            assert answer.status == 200
            body: dict[str, Any] = await answer.json()
            return body


def _hoi(running_mocks: Mocks, identity: IdentityConfig | None,
         index: IndexSettings | None) -> Any:
    return create_app(mock_url=running_mocks.urls["cpr"], sector_urls=running_mocks.sector_urls,
                      identity=identity, index=index,
                      settings=SubgraphSettings(name="hoi", timeout=5.0))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def running(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Running]:
    population = Population(size=600)
    database_url = sqlite_url(tmp_path_factory.mktemp("hoi"), "helhed.db")
    async with contextlib.AsyncExitStack() as stack:
        idp = await stack.enter_async_context(serve_idp())
        identity = IdentityConfig(issuer=idp.url, audience=DEFAULT_AUDIENCE,
                                  jwks_url=idp.jwks_url)
        mocks = await stack.enter_async_context(serve_mocks(population))
        http = await stack.enter_async_context(aiohttp.ClientSession())
        database = await open_index_database(database_url)
        stack.push_async_callback(database.close)
        assert all(r.fuldfoert for r in await sync_for(database, http, mocks).sync())
        hoi = await stack.enter_async_context(serve_app(_hoi(
            mocks, identity, IndexSettings(database_url=database_url))))
        yield Running(url=f"{hoi.url}/graphql", idp_url=idp.url, identity=identity,
                      mocks=mocks, population=population, database_url=database_url,
                      http=http)


def _worker(name: str) -> Medarbejder:
    worker = may_search(persona(name))
    assert worker is not None
    return worker


def _ids(body: dict[str, Any]) -> list[str]:
    return [edge["node"]["borger"]["id"] for edge in body["data"]["maalgruppe"]["edges"]]


def _code(body: dict[str, Any]) -> str:
    assert body["data"] is None
    (error,) = body["errors"]
    return str(error["extensions"]["code"])


async def test_the_jobcenter_finds_the_demo_citizen_in_the_skal_maalgruppe(
        running: Running) -> None:
    body = await running.ask("jobcenter", filter={"skalMaalgruppe": True}, first=500)
    assert "errors" not in body, body.get("errors")
    result = body["data"]["maalgruppe"]
    expected = Oracle.of(running.population).expected(
        load_preset().criteria, _worker("jobcenter"), datetime.now(UTC).date())
    assert sorted(_ids(body)) == expected and result["totalCount"] == len(expected)
    demo = next(e["node"] for e in result["edges"] if e["node"]["borger"]["id"] == DEMO)
    assert demo["borger"]["navn"] == "Dorthe Korsbæk"
    assert (demo["foedselsdato"], demo["harMinPlan"]) == ("1998-05-11", True)
    assert demo["aktiveSektorer"] == ["BESKAEFTIGELSE", "SOCIAL", "UDDANNELSE"]
    arts = {(m["art"], m["sektor"]) for m in demo["metadata"]}
    assert {("KONTAKTGRUPPE", "BESKAEFTIGELSE"), ("PLAN", "BESKAEFTIGELSE"),
            ("SAG", "SOCIAL")} <= arts
    assert all(m["aktiv"] and m["sektor"] != "SUNDHED" for m in demo["metadata"])
    assert result["kriterier"] == "maalgruppe: skalMaalgruppe=true; first=500"


@pytest.mark.parametrize(("name", "finds_demo"), [
    ("jobcenter", True), ("socialraadgiver", True), ("hoi-koordinator", True),
    ("ungevejleder", False), ("sygeplejerske", False)])
async def test_what_each_persona_finds(running: Running, name: str, finds_demo: bool) -> None:
    body = await running.ask(name, filter={"skalMaalgruppe": True}, first=500)
    assert (DEMO in _ids(body)) is finds_demo
    today = datetime.now(UTC).date()
    oracle = Oracle.of(running.population)
    assert sorted(_ids(body)) == oracle.expected(load_preset().criteria, _worker(name), today)
    sectors = await running.ask(name, filter={"minAktiveSektorer": 1}, first=500)
    seen = {m["sektor"] for e in sectors["data"]["maalgruppe"]["edges"]
            for m in e["node"]["metadata"]}
    assert ("SUNDHED" in seen) is (name == "sygeplejerske")


@pytest.mark.parametrize(("name", "code"), [(None, "UNAUTHENTICATED"), ("borger", "FORBIDDEN"),
                                            ("revisor", "FORBIDDEN")])
async def test_who_may_not_search(running: Running, name: str | None, code: str) -> None:
    assert _code(await running.ask(name, filter={"minAktiveSektorer": 1})) == code


async def test_pages_follow_the_cursor_to_the_end(running: Running) -> None:
    whole = await running.ask("socialraadgiver", filter={"minAktiveSektorer": 2}, first=500)
    walked: list[str] = []
    after = None
    while True:
        body = await running.ask("socialraadgiver", filter={"minAktiveSektorer": 2}, first=6,
                                 after=after)
        page = body["data"]["maalgruppe"]
        walked += _ids(body)
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        assert page["totalCount"] == whole["data"]["maalgruppe"]["totalCount"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]
    assert walked == _ids(whole) and len(walked) > 12


@pytest.mark.parametrize("variables", [
    {"filter": {"indsatser": [{"system": "urn:x", "kode": "0105981234"}]}},
    {"filter": {"indsatser": [{"lov": "SEL"}]}},
    {"filter": {"minAlder": -1}},
    {"filter": {}, "first": 0},
    {"filter": {}, "first": 501},
    {"filter": {}, "after": "bm90LWEtY3Vyc29y"},
    {"filter": {"harMinPlan": False, "skalMaalgruppe": True}},
])
async def test_bad_input_is_refused_without_echo(running: Running,
                                                 variables: dict[str, Any]) -> None:
    body = await running.ask("jobcenter", **variables)
    assert _code(body) == "BAD_USER_INPUT"
    assert "0105981234" not in str(body)


async def test_without_an_index_the_search_is_unavailable(running: Running) -> None:
    async with serve_app(_hoi(running.mocks, running.identity, None)) as bare:
        body = await running.ask("jobcenter", url=f"{bare.url}/graphql",
                                 filter={"minAktiveSektorer": 1})
    assert _code(body) == "SERVICE_UNAVAILABLE"


async def test_the_background_sync_fills_a_new_index(running: Running, tmp_path: Path) -> None:
    settings = IndexSettings(database_url=sqlite_url(tmp_path, "fresh.db"), sync_interval=0.2)
    async with serve_app(_hoi(running.mocks, running.identity, settings)) as fresh:
        url = f"{fresh.url}/graphql"
        first = await running.ask("jobcenter", url=url, filter={"skalMaalgruppe": True})
        for _ in range(100):
            body = await running.ask("jobcenter", url=url, filter={"skalMaalgruppe": True},
                                     first=500)
            if DEMO in _ids(body):
                break
            await asyncio.sleep(0.1)
    assert DEMO in _ids(body)
    assert first["data"]["maalgruppe"]["totalCount"] <= body["data"]["maalgruppe"]["totalCount"]

"""End to end through the gateway with authorization on: the jobcenter worker's must-offer
search finds the demo citizen; the search itself is refused to a citizen.

IdP, mocks, six subgraphs and the gateway run on loopback (tests/authz/environment.py); the
index is synced into the shared database before the searches.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from mocks.idp.personas import PERSONAS
from mocks.population import DEMO_CITIZEN
from subgraphs.hoi.index.database import open_index_database
from subgraphs.hoi.index.sync import IndexSync
from tests.authz.environment import AccessEnvironment, access_environment

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

DEMO = str(DEMO_CITIZEN.id)
SKAL = """{ maalgruppe(filter: {skalMaalgruppe: true}, first: 100) {
  totalCount
  edges { node { borgerId borger { id navn } alder aktiveSektorer harMinPlan
                 metadata { art sektor kle type { kode } hjemmel { lov paragraf } } } } } }"""


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[AccessEnvironment]:
    database_url = f"sqlite:///{Path(tmp_path_factory.mktemp('maalgruppe')) / 'helhed.db'}"
    async with access_environment(database_url) as running:
        database = await open_index_database(database_url)
        try:
            urls = running.stack.mock_urls
            sync = IndexSync(database, running.http, person_url=urls["cpr"],
                             sector_urls={n: u for n, u in urls.items() if n != "cpr"})
            assert all(r.fuldfoert for r in await sync.sync())
        finally:
            await database.close()
        yield running


def _nodes(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {edge["node"]["borger"]["id"]: edge["node"]
            for edge in body["data"]["maalgruppe"]["edges"]}


async def test_the_jobcenter_worker_finds_the_demo_citizen(env: AccessEnvironment) -> None:
    status, body = await env.ask("jobcenter", SKAL)
    assert status == 200 and "errors" not in body, body.get("errors")
    demo = _nodes(body)[DEMO]
    assert demo["borgerId"] == DEMO and demo["borger"]["navn"] == "Dorthe Korsbæk"
    assert demo["aktiveSektorer"] == ["BESKAEFTIGELSE", "SOCIAL", "UDDANNELSE"]
    assert demo["harMinPlan"] is True and demo["alder"] >= 25
    assert {"kode": "KH-AP"} in [m["type"] for m in demo["metadata"]]
    assert {"lov": "SEL", "paragraf": "85"} in [m["hjemmel"] for m in demo["metadata"]]
    assert body["data"]["maalgruppe"]["totalCount"] == len(_nodes(body))
    page = await env.store.audit.for_viewer(PERSONAS["jobcenter"].subject, first=50)
    assert DEMO in {record.borger_id for record in page.records}, "the search is audited"


async def test_the_ungevejleder_cannot_count_what_they_cannot_see(
        env: AccessEnvironment) -> None:
    status, body = await env.ask("ungevejleder", SKAL)
    assert status == 200 and "errors" not in body
    assert DEMO not in _nodes(body)  # her ydelse and Min Plan lie under KLE 32.24.04


async def test_a_citizen_cannot_search(env: AccessEnvironment) -> None:
    status, body = await env.ask("borger", SKAL)
    assert status == 200 and body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]

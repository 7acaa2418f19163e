"""A withdrawal takes effect on the very next request on every gateway sharing the database.

Two real gateway processes (``python -m gateway serve --auth-issuer ... --database-url
postgresql://...``) share one PostgreSQL schema. A samtykke given through one store is seen by
both gateways; withdrawn, the next request to *either* gateway no longer shows the sector.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from authz.store import (
    Actor,
    ActorKind,
    GivetAf,
    Kode,
    MyndighedRef,
    NewSamtykke,
    PartType,
    Periode,
    SamtykkeForm,
    SamtykkeHandling,
    SamtykkeType,
    Sektor,
    Store,
)
from mocks.idp.client import fetch_persona_token
from mocks.idp.server import serve_idp
from mocks.population import DEMO_CITIZEN
from mocks.stack import run_stack
from subgraphs.snapshots import SUPERGRAPH_PATH
from tests.support.databases import postgres_schema_url
from tests.support.gateway_process import GatewayProcess

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

QUERY = "query($cpr: CPR!) { borger(cpr: $cpr) { sager { sektor } } }"


@pytest.fixture
def database_url() -> Iterator[str]:
    with postgres_schema_url() as url:
        yield url


@contextlib.asynccontextmanager
async def _gateway(env: dict[str, str]) -> AsyncIterator[GatewayProcess]:
    process = GatewayProcess.helhed(SUPERGRAPH_PATH, env=env)
    await asyncio.to_thread(process.start)  # the IdP answers discovery from this loop
    try:
        yield process
    finally:
        await asyncio.to_thread(process.close)


async def _sectors(http: aiohttp.ClientSession, url: str, token: str) -> set[str]:
    async with http.post(url, json={"query": QUERY, "variables": {"cpr": DEMO_CITIZEN.cpr}},
                         headers={"authorization": f"Bearer {token}"}) as response:
        body: dict[str, Any] = await response.json()
    assert response.status == 200, body
    return {sag["sektor"] for sag in body["data"]["borger"]["sager"]}


async def test_withdrawal_is_seen_by_both_gateways_on_the_next_request(
        database_url: str) -> None:
    async with contextlib.AsyncExitStack() as stack:
        idp = await stack.enter_async_context(serve_idp())
        running = await stack.enter_async_context(run_stack(size=200, timeout=3.0))
        env = {"GATEWAY_AUTH_ISSUER": idp.url, "GATEWAY_DATABASE_URL": database_url,
               "GATEWAY_SUBGRAPH_URLS": ",".join(f"{n}={u}" for n, u in
                                                 running.subgraph_urls.items())}
        first = await stack.enter_async_context(_gateway(env))
        second = await stack.enter_async_context(_gateway(env))
        store = await Store.open(database_url)
        stack.push_async_callback(store.close)
        http = await stack.enter_async_context(aiohttp.ClientSession())
        token = await fetch_persona_token(idp.url, "jobcenter", session=http)
        urls = (first.graphql_url, second.graphql_url)

        for url in urls:
            assert await _sectors(http, url, token) == {"BESKAEFTIGELSE"}
        given = await store.samtykker.give(NewSamtykke(
            borger_id=str(DEMO_CITIZEN.id), givet_af=GivetAf(type=PartType.BORGER),
            formaal=Kode(system="urn:helhed:formaal", kode="HOI"),
            handlinger=(SamtykkeHandling.SE,), type=SamtykkeType.GIVET,
            omraader=(Sektor.SOCIAL,), form=SamtykkeForm.DIGITAL_MITID,
            gyldighed=Periode(fra=datetime.now(UTC) - timedelta(minutes=1)),
            modtagere=(MyndighedRef(cvr="11111111"),)),
            Actor(kind=ActorKind.BORGER, id=str(DEMO_CITIZEN.id)))
        for url in urls:
            assert await _sectors(http, url, token) == {"BESKAEFTIGELSE", "SOCIAL"}
        await store.samtykker.withdraw(given.id, Actor(kind=ActorKind.BORGER,
                                                       id=str(DEMO_CITIZEN.id)), "MitID")
        for url in reversed(urls):
            assert await _sectors(http, url, token) == {"BESKAEFTIGELSE"}
        records = (await store.audit.for_borger(str(DEMO_CITIZEN.id), first=50)).records
        assert len(records) == 6  # one per request and citizen, from both processes
        assert sum(1 for r in records if r.samtykke_ider == (given.id,)) == 2

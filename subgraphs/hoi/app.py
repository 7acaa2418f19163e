"""The hoi subgraph's ASGI app: the person register, the four sector systems, the HOI state.

With ``database_url`` the lifespan opens the HOI store (the sag and plan tables, next to the
samtykke registry in the same database), every ``sweep_interval`` seconds records the lapse
of samtykker behind open HOI cases, and every ``writeback.interval`` seconds delivers queued
plan items to their sector systems (Min Plan at the beskæftigelse URL; on by default,
``WritebackSettings(interval=0)`` turns it off); ``report`` gives the indberetning its
pseudonymisation key (default: ``HELHED_HOI_PSEUDONYM_KEY``, else the report is refused);
with ``index`` it opens the målgruppe index (its database, and its background sync if
configured: see :mod:`subgraphs.hoi.index`), whose membership history then gives the report
its "found in the target group" figure (unless ``report`` names another source); with
``identity`` the HOI and search fields check the caller's forwarded bearer token (as the
adgang subgraph does). Without them those fields answer ``SERVICE_UNAVAILABLE`` /
``UNAUTHENTICATED`` and everything else works as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Mapping
from typing import Any

import aiohttp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from authz.store import StoreUnavailable
from subgraphs.common.app import SubgraphSettings
from subgraphs.common.client import PersonClient
from subgraphs.common.identity import Caller, IdentityConfig, create_verifier
from subgraphs.hoi.client import HoiClients
from subgraphs.hoi.index.kilde import IndexMaalgruppe
from subgraphs.hoi.index.query import MaalgruppeContext
from subgraphs.hoi.index.runtime import IndexSettings, open_index
from subgraphs.hoi.loaders import HoiContext, HoiLoaders
from subgraphs.hoi.plan.context import PlanContext
from subgraphs.hoi.plan_state import DEFAULT_SETTINGS, HoiSettings, HoiStore
from subgraphs.hoi.report.settings import ReportSettings
from subgraphs.hoi.schema import schema
from subgraphs.hoi.writeback import WritebackSettings
from subgraphs.hoi.writeback.setup import minplan_worker

__all__ = ["create_app"]

logger = logging.getLogger(__name__)


class _GraphQL(GraphQL[HoiContext, None]):
    def __init__(self, mock_url: str, sector_urls: Mapping[str, str]) -> None:
        super().__init__(schema, graphql_ide=None)
        self._mock_url = mock_url
        self._sector_urls = sector_urls

    async def get_context(self, request: Request | WebSocket, response: Any) -> HoiContext:
        state = request.state
        session: aiohttp.ClientSession = state.session
        caller = Caller(state.verifier, request.headers.get("authorization"),
                        PersonClient(session, self._mock_url))
        return HoiContext(loaders=HoiLoaders(HoiClients.create(session, self._mock_url,
                                                               self._sector_urls)),
                          hoi_plan=PlanContext(state.hoi_store, caller, state.hoi_report),
                          maalgruppe=MaalgruppeContext(index=state.index, caller=caller))


async def _sweep(store: HoiStore, interval: float) -> None:
    """Record samtykke lapses of open cases now and then (readers see them at once anyway)."""
    while True:
        await asyncio.sleep(interval)
        try:
            recorded = await store.sager.registrer_alle_ophoer()
        except StoreUnavailable:
            logger.warning("HOI sweep: the store is unavailable")
            continue
        if recorded:
            logger.info("HOI sweep: recorded %d lapsed samtykke(r)", recorded)


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def create_app(*, mock_url: str, sector_urls: Mapping[str, str],
               settings: SubgraphSettings | None = None, database_url: str | None = None,
               identity: IdentityConfig | None = None,
               hoi_settings: HoiSettings = DEFAULT_SETTINGS,
               sweep_interval: float = 30.0, index: IndexSettings | None = None,
               writeback: WritebackSettings | None = None,
               report: ReportSettings | None = None) -> Starlette:
    """The hoi subgraph; ``mock_url`` is the person register, ``sector_urls`` the sectors."""
    settings = settings or SubgraphSettings(name="hoi")
    urls = dict(sector_urls)
    writeback = writeback or WritebackSettings()
    report = report or ReportSettings.from_environment()

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[dict[str, Any]]:
        timeout = aiohttp.ClientTimeout(total=settings.timeout)
        connector = aiohttp.TCPConnector(limit=settings.connections)
        async with contextlib.AsyncExitStack() as stack:
            session = await stack.enter_async_context(
                aiohttp.ClientSession(timeout=timeout, connector=connector))
            store = None
            if database_url is not None:
                store = await HoiStore.open(database_url, settings=hoi_settings)
                stack.push_async_callback(store.close)
                if sweep_interval > 0:
                    task = asyncio.create_task(_sweep(store, sweep_interval))
                    stack.push_async_callback(_stop, task)
                if writeback.interval > 0 and "beskaeftigelse" in sector_urls:
                    worker = minplan_worker(store, session, person_url=mock_url,
                                            beskaeftigelse_url=sector_urls["beskaeftigelse"],
                                            settings=writeback)
                    stack.push_async_callback(_stop, asyncio.create_task(worker.run_forever()))
            opened = None if index is None else await stack.enter_async_context(
                open_index(index, session, person_url=mock_url, sector_urls=urls))
            hoi_report = report
            if opened is not None and report.maalgruppe is None:
                hoi_report = dataclasses.replace(report, maalgruppe=IndexMaalgruppe(
                    opened.database, opened.preset))
            yield {"session": session, "hoi_store": store, "hoi_report": hoi_report,
                   "index": opened, "verifier": create_verifier(identity, session)}

    async def health(_request: Request) -> Response:
        return JSONResponse({"status": "ok", "subgraph": settings.name})

    return Starlette(routes=[Route("/graphql", _GraphQL(mock_url, urls),
                                   methods=["GET", "POST"]),
                             Route("/health", health, methods=["GET"])],
                     lifespan=lifespan)

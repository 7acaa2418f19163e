"""The hoi subgraph's ASGI app: the person register plus the four sector systems behind it.

The lifespan opens one aiohttp session and, when ``index`` is given, the målgruppe index
(its database, and its background sync if configured: see :mod:`subgraphs.hoi.index`).
Each request gets fresh loaders and a :class:`~subgraphs.common.identity.Caller` carrying
the forwarded ``Authorization`` header, verified against ``identity`` when a field needs it.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from typing import Any

import aiohttp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from subgraphs.common.app import SubgraphSettings
from subgraphs.common.identity import Caller, IdentityConfig, create_verifier
from subgraphs.hoi.client import HoiClients
from subgraphs.hoi.index.query import MaalgruppeContext
from subgraphs.hoi.index.runtime import IndexSettings, open_index
from subgraphs.hoi.loaders import HoiContext, HoiLoaders
from subgraphs.hoi.schema import schema

__all__ = ["create_app"]


class _GraphQL(GraphQL[HoiContext, None]):
    def __init__(self, mock_url: str, sector_urls: Mapping[str, str]) -> None:
        super().__init__(schema, graphql_ide=None)
        self._mock_url = mock_url
        self._sector_urls = dict(sector_urls)

    async def get_context(self, request: Request | WebSocket, response: Any) -> HoiContext:
        state = request.state
        clients = HoiClients.create(state.session, self._mock_url, self._sector_urls)
        caller = Caller(state.verifier, request.headers.get("authorization"))
        return HoiContext(loaders=HoiLoaders(clients),
                          maalgruppe=MaalgruppeContext(index=state.index, caller=caller))


def create_app(*, mock_url: str, sector_urls: Mapping[str, str],
               settings: SubgraphSettings | None = None, identity: IdentityConfig | None = None,
               index: IndexSettings | None = None) -> Starlette:
    """The hoi subgraph; ``mock_url`` is the person register, ``sector_urls`` the sectors.

    Without ``identity`` the search answers UNAUTHENTICATED; without ``index`` it answers
    SERVICE_UNAVAILABLE (the rest of the subgraph works either way).
    """
    settings = settings or SubgraphSettings(name="hoi")
    urls = dict(sector_urls)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[dict[str, Any]]:
        timeout = aiohttp.ClientTimeout(total=settings.timeout)
        connector = aiohttp.TCPConnector(limit=settings.connections)
        async with contextlib.AsyncExitStack() as stack:
            session = await stack.enter_async_context(
                aiohttp.ClientSession(timeout=timeout, connector=connector))
            opened = None if index is None else await stack.enter_async_context(
                open_index(index, session, person_url=mock_url, sector_urls=urls))
            yield {"session": session, "verifier": create_verifier(identity, session),
                   "index": opened}

    async def health(_request: Request) -> Response:
        return JSONResponse({"status": "ok", "subgraph": settings.name})

    return Starlette(routes=[Route("/graphql", _GraphQL(mock_url, urls), methods=["GET", "POST"]),
                             Route("/health", health, methods=["GET"])],
                     lifespan=lifespan)

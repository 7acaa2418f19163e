"""The adgang subgraph's ASGI app: the store, the token verifier and the person register.

The Starlette lifespan opens the :class:`~authz.store.Store` (running its migrations) and
one aiohttp session (for the JWKS and the person register), and closes both on shutdown.
Each request gets a fresh :class:`AdgangContext` carrying the ``Authorization`` header.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from authz.store import DEFAULT_DATABASE_URL, Store
from subgraphs.adgang.context import AdgangContext
from subgraphs.adgang.schema import schema
from subgraphs.common.app import SubgraphSettings
from subgraphs.common.client import PersonClient
from subgraphs.common.identity import Caller, IdentityConfig, create_verifier

__all__ = ["IdentityConfig", "create_app"]


class _GraphQL(GraphQL[AdgangContext, None]):
    def __init__(self) -> None:
        super().__init__(schema, graphql_ide=None)

    async def get_context(self, request: Request | WebSocket, response: Any) -> AdgangContext:
        state = request.state
        return AdgangContext(store=state.store, persons=PersonClient(state.session,
                                                                     state.person_url),
                             caller=Caller(state.verifier,
                                           request.headers.get("authorization")))


def create_app(*, person_url: str, database_url: str = DEFAULT_DATABASE_URL,
               identity: IdentityConfig | None = None,
               settings: SubgraphSettings | None = None) -> Starlette:
    """The adgang subgraph; without ``identity`` every protected field is refused."""
    settings = settings or SubgraphSettings(name="adgang")

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[dict[str, Any]]:
        timeout = aiohttp.ClientTimeout(total=settings.timeout)
        connector = aiohttp.TCPConnector(limit=settings.connections)
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session, \
                await Store.open(database_url) as store:
            verifier = create_verifier(identity, session)
            yield {"session": session, "store": store, "verifier": verifier,
                   "person_url": person_url}

    async def health(_request: Request) -> Response:
        return JSONResponse({"status": "ok", "subgraph": settings.name})

    return Starlette(routes=[Route("/graphql", _GraphQL(), methods=["GET", "POST"]),
                             Route("/health", health, methods=["GET"])],
                     lifespan=lifespan)

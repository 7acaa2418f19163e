"""The ASGI app of a subgraph: Strawberry's GraphQL view on ``/graphql`` plus ``/health``.

One aiohttp ``ClientSession`` per process, created in the Starlette lifespan with an
explicit timeout and connection limit, handed to the per-request context factory, which
builds fresh DataLoaders for every request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.federation import Schema

__all__ = ["ContextFactory", "SubgraphSettings", "create_subgraph_app"]

ContextFactory = Callable[[aiohttp.ClientSession], Any]
"""Builds the per-request context (with new DataLoaders) from the shared session."""


@dataclass(frozen=True, slots=True)
class SubgraphSettings:
    """Runtime settings of one subgraph process."""

    name: str
    timeout: float = 5.0
    """Seconds a source-system call may take before its sector counts as unavailable."""
    connections: int = 50
    """aiohttp connection pool limit."""


class _GraphQL(GraphQL[Any, None]):
    def __init__(self, schema: Schema, make_context: ContextFactory) -> None:
        super().__init__(schema, graphql_ide=None)
        self._make_context = make_context

    async def get_context(self, request: Request | WebSocket, response: Any) -> Any:
        return self._make_context(request.state.session)


def create_subgraph_app(schema: Schema, make_context: ContextFactory,
                        settings: SubgraphSettings) -> Starlette:
    """The subgraph's Starlette app; run it with its lifespan on."""

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[dict[str, Any]]:
        timeout = aiohttp.ClientTimeout(total=settings.timeout)
        connector = aiohttp.TCPConnector(limit=settings.connections)
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            yield {"session": session}

    async def health(_request: Request) -> Response:
        return JSONResponse({"status": "ok", "subgraph": settings.name})

    return Starlette(routes=[Route("/graphql", _GraphQL(schema, make_context),
                                   methods=["GET", "POST"]),
                             Route("/health", health, methods=["GET"])],
                     lifespan=lifespan)

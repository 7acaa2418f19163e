"""The Starlette application: routes, middleware and lifespan, all given at construction.

``create_app()`` with no arguments reads :meth:`Settings.from_env`, so
``uvicorn --factory gateway.http.app:create_app`` works; the CLI passes its own settings and a
pipeline factory around the supergraph it has already loaded. No module-level state: every
app has its own :class:`GatewayState`.
"""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route

from gateway.config import Settings
from gateway.errors import INTERNAL_SERVER_ERROR
from gateway.http.endpoint import GraphQLEndpoint
from gateway.http.graphiql import STATIC_PATH, static_assets_app
from gateway.http.lifespan import GatewayState, PipelineFactory, build_pipeline, make_lifespan
from gateway.http.middleware import RequestIdMiddleware
from gateway.http.responses import error_response, graphql_response

__all__ = ["create_app", "GRAPHQL_PATH", "HEALTH_PATH"]

logger = logging.getLogger("gateway.http")

GRAPHQL_PATH = "/graphql"
HEALTH_PATH = "/health"


class _Health:
    """``GET /health``: 200 once the supergraph is loaded and the pipeline built, else 503."""

    def __init__(self, state: GatewayState) -> None:
        self.state = state

    async def respond(self, request: Request) -> Response:
        """Answer the readiness probe."""
        if self.state.ready:
            return graphql_response({"status": "ok"}, headers={"cache-control": "no-store"})
        return graphql_response(
            {"status": "starting"}, status=503, headers={"cache-control": "no-store"}
        )


async def _root(request: Request) -> Response:
    """Send people who open the bare address to the endpoint (and so to GraphiQL)."""
    return RedirectResponse(GRAPHQL_PATH)


async def _internal_error(request: Request, exc: Exception) -> Response:
    """Last resort for exceptions outside the GraphQL endpoint: no trace to the client."""
    return error_response(500, "Internal server error", INTERNAL_SERVER_ERROR)


def create_app(
    settings: Settings | None = None, *, pipeline_factory: PipelineFactory | None = None
) -> Starlette:
    """Build the gateway's ASGI app.

    Args:
        settings: the configuration; read from ``GATEWAY_*`` variables when omitted.
        pipeline_factory: builds the request pipeline inside the lifespan, given the settings
            and the shared aiohttp session; the default loads ``settings.supergraph``.
    """
    settings = settings if settings is not None else Settings.from_env()
    state = GatewayState()
    routes = [
        Route(GRAPHQL_PATH, GraphQLEndpoint(state, max_body_bytes=settings.max_body_bytes)),
        Route(HEALTH_PATH, _Health(state).respond, methods=["GET"]),
        Route("/", _root, methods=["GET"]),
        Mount(STATIC_PATH, app=static_assets_app(), name="graphiql-static"),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(RequestIdMiddleware)],
        exception_handlers={Exception: _internal_error},
        lifespan=make_lifespan(settings, state, pipeline_factory or build_pipeline),
    )

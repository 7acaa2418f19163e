"""Process-wide resources: the aiohttp session, the supergraph and the request pipeline.

They are created in the Starlette lifespan (never at import time) and closed on shutdown.
Readiness is one mutable :class:`GatewayState` shared by the lifespan and the endpoints of a
single app; ``GET /health`` reports on it.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass

import aiohttp
import orjson
from starlette.applications import Starlette

from gateway.config import Settings
from gateway.errors import SupergraphError
from gateway.http.access import AccessControl
from gateway.http.contract import Pipeline
from gateway.http.pipeline import RequestPipeline
from gateway.supergraph import Supergraph, parse_supergraph, read_supergraph_source

__all__ = [
    "GatewayState",
    "PipelineFactory",
    "build_client_session",
    "load_supergraph",
    "build_pipeline",
    "pipeline_factory_for",
    "build_access_control",
    "make_lifespan",
    "SUPERGRAPH_READ_TIMEOUT",
    "KEEPALIVE_SECONDS",
]

logger = logging.getLogger("gateway.http")

SUPERGRAPH_READ_TIMEOUT = 10.0
"""Seconds allowed for fetching a supergraph from a URL."""

KEEPALIVE_SECONDS = 30.0
"""How long an idle pooled connection to a subgraph is kept open."""

PipelineFactory = Callable[[Settings, aiohttp.ClientSession], Awaitable[Pipeline]]
"""Builds the request pipeline once the shared session exists (inside the lifespan)."""


@dataclass(slots=True)
class GatewayState:
    """What the lifespan has made ready; ``pipeline`` is None before start-up and after."""

    pipeline: Pipeline | None = None
    """The request pipeline, set once the supergraph is loaded and parsed."""

    @property
    def ready(self) -> bool:
        """True while requests can be answered."""
        return self.pipeline is not None


def build_client_session(settings: Settings) -> aiohttp.ClientSession:
    """Create the one pooled, keep-alive session used for every subgraph request.

    The session timeout is an upper bound; the executor applies each subgraph's own timeout
    per request (``Settings.timeout_for``).
    """
    longest = max([settings.subgraph_timeout, *settings.subgraph_timeouts.values()])
    connector = aiohttp.TCPConnector(
        limit=settings.max_connections,
        limit_per_host=settings.max_connections,
        keepalive_timeout=KEEPALIVE_SECONDS,
    )
    return aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=longest, connect=min(longest, 5.0)),
        json_serialize=lambda value: orjson.dumps(value).decode(),
        raise_for_status=False,
    )


def load_supergraph(settings: Settings) -> Supergraph:
    """Read and parse ``settings.supergraph`` (blocking), checking the URL overrides.

    Raises:
        SupergraphError: the message names the problem (missing file, bad SDL, unknown
            subgraph in an override).
    """
    if not settings.supergraph:
        raise SupergraphError("no supergraph given: pass --supergraph or set GATEWAY_SUPERGRAPH")
    sdl = read_supergraph_source(settings.supergraph, timeout=SUPERGRAPH_READ_TIMEOUT)
    supergraph = parse_supergraph(sdl)
    unknown = sorted(set(settings.subgraph_urls) - set(supergraph.subgraph_urls))
    if unknown:
        known = ", ".join(supergraph.subgraph_urls) or "none"
        raise SupergraphError(
            f"subgraph URL override names unknown subgraph(s) {', '.join(unknown)} "
            f"(the supergraph has: {known})"
        )
    return supergraph


def pipeline_factory_for(supergraph: Supergraph) -> PipelineFactory:
    """Return a factory that builds the pipeline around an already loaded supergraph.

    The CLI loads the supergraph before starting the server, so that a bad one fails start-up
    with a clean message; this hands it to the lifespan without reading it twice.
    """

    async def factory(settings: Settings, session: aiohttp.ClientSession) -> Pipeline:
        access = await build_access_control(settings, session, supergraph)
        return RequestPipeline(supergraph, settings, session, access=access)

    return factory


AccessControlFactory = Callable[[Settings, aiohttp.ClientSession, Supergraph],
                                Awaitable[AccessControl]]
"""What ``Settings.access_control`` names: builds the access control inside the lifespan."""


def _load_access_factory(path: str) -> AccessControlFactory:
    module_name, _, attribute = path.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise SupergraphError(f"access_control: cannot load {path!r}: {exc}") from exc
    if not callable(factory):
        raise SupergraphError(f"access_control: {path!r} is not callable")
    return factory  # type: ignore[no-any-return]


async def build_access_control(settings: Settings, session: aiohttp.ClientSession,
                               supergraph: Supergraph) -> AccessControl | None:
    """The configured access control, or None (said loudly) when authorization is off."""
    if not settings.auth_issuer:
        logger.warning(
            "AUTHORIZATION IS OFF: no identity provider is configured (GATEWAY_AUTH_ISSUER), "
            "so every caller is served every field and nothing is audited. Use this only "
            "for conformance tests and benchmarks, never with personal data.")
        return None
    access = await _load_access_factory(settings.access_control)(settings, session, supergraph)
    logger.info("authorization on: tokens from %s, policy %s", settings.auth_issuer,
                settings.access_control)
    return access


async def build_pipeline(settings: Settings, session: aiohttp.ClientSession) -> Pipeline:
    """The default factory: load the supergraph in a worker thread, then build the pipeline."""
    supergraph = await asyncio.to_thread(load_supergraph, settings)
    return await pipeline_factory_for(supergraph)(settings, session)


def make_lifespan(
    settings: Settings, state: GatewayState, factory: PipelineFactory
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """Return the lifespan: session and pipeline up on start-up, down on shutdown."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        session = build_client_session(settings)
        try:
            state.pipeline = await factory(settings, session)
            logger.info("gateway ready")
            yield
        finally:
            pipeline, state.pipeline = state.pipeline, None
            access = getattr(pipeline, "access", None)
            if access is not None:
                await access.aclose()
            close = getattr(pipeline, "aclose", None)
            if close is not None:
                await close()
            await session.close()

    return lifespan

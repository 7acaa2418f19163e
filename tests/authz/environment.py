"""One running Helhed with authorization on, for the access tests: IdP, mocks, subgraphs, gateway.

The gateway and the adgang subgraph share the database (samtykker given through the graph are
what the gateway's policy reads).

Everything is real HTTP on loopback: the mock identity provider signs persona tokens, the
five mocks and five subgraphs serve the demo population, the gateway runs over the checked-in
supergraph with ``auth_issuer`` set and a samtykke/audit database of the test's choosing.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from authz.store import Store
from gateway.config import Settings
from gateway.http.app import create_app
from mocks.common.serve import serve_app
from mocks.idp import DEFAULT_AUDIENCE
from mocks.idp.client import fetch_persona_token
from mocks.idp.server import RunningIdp, serve_idp
from mocks.stack import RunningStack, run_stack
from subgraphs.adgang.app import IdentityConfig
from subgraphs.snapshots import SUPERGRAPH_PATH

__all__ = ["AccessEnvironment", "access_environment"]


@dataclass
class AccessEnvironment:
    """Handles on the running system, plus a client that speaks as a persona."""

    idp: RunningIdp
    stack: RunningStack
    gateway_url: str
    store: Store
    http: aiohttp.ClientSession
    tokens: dict[str, str] = field(default_factory=dict)

    async def token(self, persona: str, **overrides: Any) -> str:
        """A fresh token (cached per persona when there are no overrides)."""
        if overrides:
            return await fetch_persona_token(self.idp.url, persona, session=self.http,
                                             **overrides)
        if persona not in self.tokens:
            self.tokens[persona] = await fetch_persona_token(self.idp.url, persona,
                                                             session=self.http)
        return self.tokens[persona]

    async def ask(self, persona: str | None, query: str, variables: dict[str, Any] | None = None,
                  *, token: str | None = None, url: str | None = None,
                  headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
        """POST ``query`` as ``persona`` (None: no token); (status, body)."""
        sent = dict(headers or {})
        if token is None and persona is not None:
            token = await self.token(persona)
        if token is not None:
            sent["authorization"] = f"Bearer {token}"
        async with self.http.post(url or self.gateway_url, headers=sent,
                                  json={"query": query, "variables": variables or {}}) as resp:
            return resp.status, await resp.json()


@contextlib.asynccontextmanager
async def access_environment(database_url: str, *, size: int = 300,
                             hoi_options: Mapping[str, Any] | None = None,
                             ) -> AsyncIterator[AccessEnvironment]:
    """Start the whole system with authorization on; stop it on exit.

    ``hoi_options``: more keyword arguments of the hoi subgraph's ``create_app`` (its
    write-back, its report settings).
    """
    async with contextlib.AsyncExitStack() as stack:
        idp = await stack.enter_async_context(serve_idp())
        identity = IdentityConfig(issuer=idp.url, audience=DEFAULT_AUDIENCE,
                                  jwks_url=idp.jwks_url)
        running = await stack.enter_async_context(run_stack(
            size=size, timeout=3.0, identity=identity, database_url=database_url,
            hoi_options=hoi_options))
        settings = Settings(supergraph=str(SUPERGRAPH_PATH), subgraph_timeout=5.0,
                            subgraph_urls=dict(running.subgraph_urls), auth_issuer=idp.url,
                            database_url=database_url)
        gateway = await stack.enter_async_context(serve_app(create_app(settings)))
        store = await Store.open(database_url)
        stack.push_async_callback(store.close)
        http = await stack.enter_async_context(aiohttp.ClientSession())
        yield AccessEnvironment(idp=idp, stack=running, gateway_url=f"{gateway.url}/graphql",
                                store=store, http=http)

"""A running adgang subgraph for tests: mock IdP, person register mock, the subgraph itself."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp

import mocks.cpr
from mocks.common.serve import serve_apps
from mocks.idp import DEFAULT_AUDIENCE, RunningIdp, fetch_persona_token, serve_idp
from mocks.population import Population
from subgraphs.adgang.app import IdentityConfig, create_app

__all__ = ["AdgangEnv", "run_adgang"]


@dataclass
class AdgangEnv:
    """URLs of the running pieces plus helpers to call the subgraph as a persona."""

    idp: RunningIdp
    urls: list[str]
    """GraphQL URL of each adgang subgraph process (sharing one database)."""
    database_url: str
    http: aiohttp.ClientSession
    population: Population
    _tokens: dict[str, str] = field(default_factory=dict)

    async def token(self, persona: str) -> str:
        """A valid token for ``persona`` (cached for the test)."""
        if persona not in self._tokens:
            self._tokens[persona] = await fetch_persona_token(self.idp.url, persona,
                                                              session=self.http)
        return self._tokens[persona]

    async def call(self, query: str, variables: dict[str, Any] | None = None, *,
                   persona: str | None = None, token: str | None = None,
                   instance: int = 0) -> dict[str, Any]:
        """POST a GraphQL request to one subgraph process; the decoded body (HTTP 200)."""
        headers = {}
        if persona is not None:
            token = await self.token(persona)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        async with self.http.post(self.urls[instance], headers=headers,
                                  json={"query": query, "variables": variables or {}}) as answer:
            text = await answer.text()
            assert answer.status == 200, text
            body: dict[str, Any] = await answer.json()
            return body


@contextlib.asynccontextmanager
async def run_adgang(database_url: str, *, instances: int = 1) -> AsyncIterator[AdgangEnv]:
    """The IdP, the person register mock and ``instances`` adgang subgraphs on loopback."""
    population = Population(size=20)
    async with serve_idp() as idp, serve_apps({"cpr": mocks.cpr.create_app(population)}) as m:
        identity = IdentityConfig(issuer=idp.url, audience=DEFAULT_AUDIENCE,
                                  jwks_url=idp.jwks_url)
        apps = {f"adgang{n}": create_app(person_url=m["cpr"].url, database_url=database_url,
                                         identity=identity) for n in range(instances)}
        async with serve_apps(apps) as servers, aiohttp.ClientSession() as http:
            yield AdgangEnv(idp=idp, urls=[f"{s.url}/graphql" for s in servers.values()],
                            database_url=database_url, http=http, population=population)

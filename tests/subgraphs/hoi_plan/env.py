"""A running hoi subgraph with its HOI state, for tests over real HTTP with persona tokens.

The mock IdP, the five mocks and six subgraphs (``run_stack`` with an identity and a SQLite
database), and an open :class:`authz.store.Store` on that database to give samtykker directly.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp

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
from mocks.idp import DEFAULT_AUDIENCE, RunningIdp, fetch_persona_token, serve_idp
from mocks.stack import RunningStack, run_stack
from subgraphs.common.identity import IdentityConfig

__all__ = ["HoiEnv", "codes", "hoi_env"]

KOMMUNE = "11111111"


def codes(body: dict[str, Any]) -> list[str]:
    """The ``extensions.code`` of each error."""
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


@dataclass
class HoiEnv:
    """Handles on the running system, and helpers that speak as a persona."""

    idp: RunningIdp
    stack: RunningStack
    store: Store
    http: aiohttp.ClientSession
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The hoi subgraph's GraphQL URL."""
        return self.stack.subgraph_urls["hoi"]

    async def subject(self, persona: str) -> str:
        """The persona's token subject (what the koordinator is named by)."""
        from mocks.idp.personas import PERSONAS

        return PERSONAS[persona].subject

    async def call(self, persona: str | None, query: str,
                   variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST to the hoi subgraph as ``persona`` (None: no token); the body (HTTP 200)."""
        headers = {}
        if persona is not None:
            if persona not in self.tokens:
                self.tokens[persona] = await fetch_persona_token(self.idp.url, persona,
                                                                 session=self.http)
            headers["authorization"] = f"Bearer {self.tokens[persona]}"
        async with self.http.post(self.url, headers=headers,
                                  json={"query": query, "variables": variables or {}}) as resp:
            text = await resp.text()
            assert resp.status == 200, text
            body: dict[str, Any] = json.loads(text)
            return body

    async def give(self, borger_id: str, *omraader: Sektor, kode: str = "HOI") -> str:
        """A written HOI samtykke of the citizen to the municipality; its id."""
        now = datetime.now(UTC)
        given = await self.store.samtykker.give(NewSamtykke(
            borger_id=borger_id, givet_af=GivetAf(type=PartType.BORGER),
            formaal=Kode(system="urn:helhed:formaal", kode=kode),
            handlinger=(SamtykkeHandling.SE,), type=SamtykkeType.GIVET,
            omraader=omraader or (Sektor.BESKAEFTIGELSE, Sektor.SOCIAL),
            modtagere=(MyndighedRef(cvr=KOMMUNE),),
            gyldighed=Periode(fra=now - timedelta(days=1)), form=SamtykkeForm.SKRIFTLIG),
            Actor(kind=ActorKind.MEDARBEJDER, id="test", cvr=KOMMUNE))
        return given.id

    def person_id(self, index: int) -> str:
        """The internal id of citizen ``index`` of the population."""
        return str(self.stack.population.person(index).id)


@contextlib.asynccontextmanager
async def hoi_env(database_url: str, *, size: int = 50) -> AsyncIterator[HoiEnv]:
    """Start the IdP and the stack on ``database_url``; stop everything on exit."""
    async with contextlib.AsyncExitStack() as stack:
        idp = await stack.enter_async_context(serve_idp())
        identity = IdentityConfig(issuer=idp.url, audience=DEFAULT_AUDIENCE,
                                  jwks_url=idp.jwks_url)
        running = await stack.enter_async_context(run_stack(
            size=size, timeout=3.0, identity=identity, database_url=database_url))
        store = await Store.open(database_url)
        stack.push_async_callback(store.close)
        http = await stack.enter_async_context(aiohttp.ClientSession())
        yield HoiEnv(idp=idp, stack=running, store=store, http=http)


def new_id() -> str:
    """A random UUID (an id nobody has)."""
    return str(uuid.uuid4())

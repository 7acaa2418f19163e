"""Who is calling a subgraph: the forwarded bearer token, verified at most once per request.

The gateway forwards the caller's ``Authorization`` header to every subgraph; subgraphs that
hold state (adgang, the HOI sag and plan in hoi) check the caller themselves, so they are safe
even when called directly. The caller is authenticated only when a field needs it (the
federation ``_service`` query works without a token, so the gateway can compose). A citizen's
CPR is turned into their internal id through the person register, once per request.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp

from authz.errors import AuthenticationError
from authz.principal import Borger, Principal
from authz.tokens import JwksTokenVerifier, TokenVerifier, authenticate
from subgraphs.common.client import PersonClient
from subgraphs.common.errors import SubgraphError

__all__ = ["Caller", "CallerUnauthenticated", "IdentityConfig", "create_verifier"]


@dataclass(frozen=True, slots=True)
class IdentityConfig:
    """The identity provider whose tokens the subgraph accepts (as the gateway's)."""

    issuer: str
    audience: str
    jwks_url: str

    def verifier(self, session: aiohttp.ClientSession) -> JwksTokenVerifier:
        """A verifier for these tokens that fetches the JWKS over ``session``."""
        return JwksTokenVerifier(self.issuer, self.audience, self.jwks_url, session=session)


def create_verifier(identity: IdentityConfig | None,
                    session: aiohttp.ClientSession) -> TokenVerifier | None:
    """The token verifier for ``identity`` (None without one: protected fields refuse)."""
    return None if identity is None else identity.verifier(session)


class CallerUnauthenticated(SubgraphError):
    """No valid bearer token: an ``UNAUTHENTICATED`` GraphQL error whose ``reason`` is fixed
    text that never echoes the token."""

    def __init__(self, reason: str) -> None:
        super().__init__("UNAUTHENTICATED", reason)
        self.reason = reason


class Caller:
    """The caller of one request: principal and (for a citizen) their own borger id."""

    def __init__(self, verifier: TokenVerifier | None, authorization: str | None,
                 persons: PersonClient | None = None) -> None:
        self.verifier = verifier
        """None when no identity provider is configured: every protected field is refused."""
        self.authorization = authorization
        """The request's ``Authorization`` header value."""
        self.persons = persons
        """The person register (needed only to find a citizen caller's own id)."""
        self._principal: asyncio.Task[Principal] | None = None
        self._own_id: asyncio.Task[str | None] | None = None

    async def principal(self) -> Principal:
        """The authenticated caller; UNAUTHENTICATED when the token is missing or bad."""
        if self._principal is None:
            self._principal = asyncio.ensure_future(self._authenticate())
        return await asyncio.shield(self._principal)

    async def _authenticate(self) -> Principal:
        if self.verifier is None:
            raise CallerUnauthenticated("no identity provider is configured")
        try:
            return await authenticate(self.verifier, self.authorization)
        except AuthenticationError as error:
            raise CallerUnauthenticated(error.reason) from None

    async def own_borger_id(self) -> str | None:
        """A citizen caller's internal id (None for employees, or a CPR the register lacks)."""
        principal = await self.principal()
        if not isinstance(principal, Borger):
            return None
        if self._own_id is None:
            self._own_id = asyncio.ensure_future(self._look_up(principal))
        return await asyncio.shield(self._own_id)

    async def _look_up(self, principal: Borger) -> str | None:
        if self.persons is None:
            return None
        cpr = principal.cpr.reveal()
        person: dict[str, Any] | None = (await self.persons.by_cprs([cpr])).get(cpr)
        return None if person is None else str(person.get("personId"))

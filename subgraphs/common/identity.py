"""Who calls a subgraph: the identity provider's settings and the forwarded token, verified once.

The gateway forwards the caller's ``Authorization`` header to every subgraph. A subgraph that
decides on its own (adgang, hoi) verifies that token itself against the same identity
provider, so it is safe even when called directly: :class:`IdentityConfig` names the IdP,
:func:`create_verifier` builds the verifier in the app's lifespan, and one :class:`Caller` per
request turns the header into a :data:`~authz.principal.Principal` at most once, and only when
a field needs it (the federation ``_service`` query works without a token).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import aiohttp

from authz.errors import AuthenticationError
from authz.principal import Principal
from authz.tokens import JwksTokenVerifier, TokenVerifier, authenticate

__all__ = ["Caller", "CallerUnauthenticated", "IdentityConfig", "create_verifier"]


@dataclass(frozen=True, slots=True)
class IdentityConfig:
    """The identity provider whose tokens the subgraph accepts (as the gateway's)."""

    issuer: str
    audience: str
    jwks_url: str


def create_verifier(identity: IdentityConfig | None,
                    session: aiohttp.ClientSession) -> TokenVerifier | None:
    """The token verifier for ``identity`` (None without one: protected fields refuse)."""
    if identity is None:
        return None
    return JwksTokenVerifier(identity.issuer, identity.audience, identity.jwks_url,
                             session=session)


class CallerUnauthenticated(Exception):
    """No valid bearer token; ``reason`` is fixed text that never echoes the token."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class Caller:
    """The caller of one request: authenticated lazily, at most once."""

    verifier: TokenVerifier | None
    """None when no identity provider is configured: every caller is unauthenticated."""
    authorization: str | None
    """The request's ``Authorization`` header value."""
    _principal: asyncio.Task[Principal] | None = field(default=None, init=False)

    async def principal(self) -> Principal:
        """The authenticated caller; :class:`CallerUnauthenticated` when that fails."""
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

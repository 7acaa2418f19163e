"""The identity provider stand-in as a Starlette app: discovery, JWKS, dev token endpoint, admin.

Routes (see README.md):

* ``GET /.well-known/openid-configuration`` -- OIDC discovery metadata.
* ``GET /jwks`` -- current and recently retired public keys (RS256 and ES256).
* ``POST /token`` -- a signed JWT for a named persona (form ``persona=jobcenter``), with
  optional overrides for tests.
* ``GET /personas`` -- persona names, kinds and role names (no personal data).
* ``POST /_admin/rotate`` -- new signing keys become current; old ones stay for the grace period.
* ``GET /_admin/stats`` -- request counters (JWKS fetches, tokens issued).

Development only: anyone who can reach ``/token`` gets a token. Listen on loopback.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import orjson
from joserfc import jwt
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mocks.idp.claims import TokenOverrides, build_claims
from mocks.idp.keys import SIGNING_ALGORITHMS, KeyRing
from mocks.idp.personas import PERSONAS, Persona

__all__ = ["DEFAULT_AUDIENCE", "IdentityProvider", "IdpConfig", "IdpStats", "create_app"]

DEFAULT_AUDIENCE = "helhed-gateway"
"""The ``aud`` of minted tokens unless configured otherwise: the gateway's identifier."""


@dataclass(frozen=True, slots=True, kw_only=True)
class IdpConfig:
    """How the identity provider presents itself."""

    issuer: str
    """The ``iss`` of every token and the base URL of the endpoints (no trailing slash)."""
    audience: str = DEFAULT_AUDIENCE
    """The default ``aud`` of minted tokens."""
    token_lifetime: int = 3600
    """Seconds a token is valid."""
    grace_period: float = 600.0
    """Seconds a retired signing key stays in the JWKS."""


@dataclass(slots=True)
class IdpStats:
    """Request counters, readable in-process and at ``/_admin/stats``."""

    discovery_requests: int = 0
    jwks_requests: int = 0
    tokens_issued: int = 0
    rotations: int = 0


class BadTokenRequest(ValueError):
    """The token request cannot be served; the message is an OAuth2 error description."""


class IdentityProvider:
    """Key ring, personas and counters behind the routes."""

    def __init__(self, config: IdpConfig, *, personas: Mapping[str, Persona] = PERSONAS,
                 clock: Callable[[], float] = time.time) -> None:
        self.config = config
        """The IdP's configuration."""
        self.personas = personas
        """Personas tokens can be minted for."""
        self.keys = KeyRing(grace_period=config.grace_period, clock=clock)
        """The signing keys."""
        self.stats = IdpStats()
        """Request counters."""
        self._clock = clock

    def discovery_document(self) -> dict[str, Any]:
        """OIDC discovery metadata (valid per authlib's ``OpenIDProviderMetadata``)."""
        base = self.config.issuer
        return {
            "issuer": base,
            "jwks_uri": f"{base}/jwks",
            "token_endpoint": f"{base}/token",
            "grant_types_supported": ["client_credentials"],
            "response_types_supported": ["token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": list(SIGNING_ALGORITHMS),
            "token_endpoint_auth_methods_supported": ["none"],
            "claims_supported": ["sub", "iss", "aud", "exp", "nbf", "iat", "jti", "name"],
        }

    def mint(self, persona: str, *, alg: str = "RS256", kid: str | None = None,
             overrides: TokenOverrides | None = None) -> str:
        """A signed token for ``persona``; ``kid`` replaces the header's key id (tests)."""
        found = self.personas.get(persona)
        if found is None:
            raise BadTokenRequest("unknown persona")
        if alg not in SIGNING_ALGORITHMS:
            raise BadTokenRequest("unsupported alg")
        signing = self.keys.current(alg)
        claims = build_claims(found, issuer=self.config.issuer, audience=self.config.audience,
                              now=int(self._clock()), lifetime=self.config.token_lifetime,
                              overrides=overrides)
        header = {"typ": "JWT", "alg": alg, "kid": kid or signing.kid}
        self.stats.tokens_issued += 1
        return jwt.encode(header, claims, signing.key, algorithms=[alg])


def _overrides_from_form(form: Mapping[str, str]) -> TokenOverrides:
    """Read the optional override fields of a token request."""
    try:
        extra = orjson.loads(form["extra_privileges"]) if form.get("extra_privileges") else []
        claims = orjson.loads(form["claims"]) if form.get("claims") else {}
        ints = {name: int(form[name]) for name in
                ("lifetime", "exp_offset", "nbf_offset", "iat_offset") if form.get(name)}
    except (orjson.JSONDecodeError, ValueError):
        raise BadTokenRequest("malformed override") from None
    if not isinstance(extra, list) or not all(isinstance(g, dict) for g in extra):
        raise BadTokenRequest("extra_privileges must be a JSON list of objects")
    if not isinstance(claims, dict):
        raise BadTokenRequest("claims must be a JSON object")
    drop = tuple(r.strip() for r in form.get("drop_roles", "").split(",") if r.strip())
    return TokenOverrides(audience=form.get("aud") or None, issuer=form.get("iss") or None,
                          drop_roles=drop, extra_privilege_groups=tuple(extra), claims=claims,
                          **ints)


async def _read_form(request: Request) -> dict[str, str]:
    """The token request's parameters: a urlencoded form (OAuth2) or a JSON object.

    Parsed here rather than with ``request.form()`` so the mock needs no python-multipart.
    """
    body = await request.body()
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v if isinstance(v, str) else orjson.dumps(v).decode()
                for k, v in data.items() if v is not None}
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=False))


def _oauth_error(description: str, error: str = "invalid_request") -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=400,
                        headers={"Cache-Control": "no-store"})


def create_app(idp: IdentityProvider) -> Starlette:
    """The ASGI app serving ``idp``."""

    async def discovery(request: Request) -> Response:
        idp.stats.discovery_requests += 1
        return JSONResponse(idp.discovery_document())

    async def jwks(request: Request) -> Response:
        idp.stats.jwks_requests += 1
        return JSONResponse(idp.keys.jwks(), headers={"Cache-Control": "max-age=60"})

    async def token(request: Request) -> Response:
        form = await _read_form(request)
        grant_type = form.get("grant_type", "client_credentials")
        if grant_type != "client_credentials":
            return _oauth_error("only client_credentials is supported", "unsupported_grant_type")
        try:
            signed = idp.mint(form.get("persona", ""), alg=form.get("alg") or "RS256",
                              kid=form.get("kid") or None, overrides=_overrides_from_form(form))
        except BadTokenRequest as exc:
            return _oauth_error(str(exc))
        return JSONResponse({"access_token": signed, "token_type": "Bearer",
                             "expires_in": idp.config.token_lifetime},
                            headers={"Cache-Control": "no-store"})

    async def personas(request: Request) -> Response:
        return JSONResponse([{"name": p.name, "kind": p.kind,
                              "roles": [g.role for g in p.grants]}
                             for p in idp.personas.values()])

    async def rotate(request: Request) -> Response:
        kids = idp.keys.rotate()
        idp.stats.rotations += 1
        return JSONResponse({"current": kids,
                             "published": [k.kid for k in idp.keys.published()]})

    async def stats(request: Request) -> Response:
        s = idp.stats
        return JSONResponse({"discovery_requests": s.discovery_requests,
                             "jwks_requests": s.jwks_requests,
                             "tokens_issued": s.tokens_issued, "rotations": s.rotations})

    return Starlette(routes=[
        Route("/.well-known/openid-configuration", discovery, methods=["GET"]),
        Route("/jwks", jwks, methods=["GET"]),
        Route("/token", token, methods=["POST"]),
        Route("/personas", personas, methods=["GET"]),
        Route("/_admin/rotate", rotate, methods=["POST"]),
        Route("/_admin/stats", stats, methods=["GET"]),
    ])

"""Bearer token verification against the identity provider's JWKS (joserfc).

:class:`JwksTokenVerifier` checks, in order: size and shape; the ``alg`` header against an
allow-list of asymmetric algorithms (``none`` and ``HS*`` can never be allowed, so a public key
can never be used as an HMAC secret); a ``kid`` naming a key of the JWKS, whose type must fit
the algorithm; the signature; then ``iss``, ``aud``, ``exp``/``nbf``/``iat`` (with leeway) and
the required claims. The JWKS is cached; an unknown ``kid`` triggers one refresh (key rotation),
shared by concurrent requests and at most one per ``refresh_cooldown`` seconds.

Failures raise :class:`~authz.errors.AuthenticationError` with a short fixed reason. Nothing
here logs or echoes the token or a claim value.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import math
import time
from collections.abc import Callable, Collection, Mapping
from typing import Any, Protocol

import aiohttp
import orjson
from authlib.oidc.discovery import (  # type: ignore[import-untyped]  # no stubs
    OpenIDProviderMetadata,
    get_well_known_url,
)
from joserfc import jws
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError, MissingClaimError
from joserfc.jwk import ECKey, Key, RSAKey, import_key
from joserfc.jwt import JWTClaimsRegistry

from authz.errors import AuthenticationError, IdentityProviderUnavailable
from authz.principal import Principal, principal_from_claims

__all__ = [
    "ASYMMETRIC_ALGORITHMS",
    "JwksTokenVerifier",
    "TokenVerifier",
    "authenticate",
    "bearer_token",
]

logger = logging.getLogger(__name__)

ASYMMETRIC_ALGORITHMS: Mapping[str, tuple[str, str | None]] = {
    "RS256": ("RSA", None), "RS384": ("RSA", None), "RS512": ("RSA", None),
    "PS256": ("RSA", None), "PS384": ("RSA", None), "PS512": ("RSA", None),
    "ES256": ("EC", "P-256"), "ES384": ("EC", "P-384"), "ES512": ("EC", "P-521"),
}
"""Every algorithm a verifier may be allowed, with the key type (and curve) it needs."""

_MIN_RSA_BITS = 2048
_MAX_DOCUMENT_BYTES = 1_000_000
_REFUSED_HEADERS = frozenset({"crit", "b64", "jku", "jwk", "x5u"})


class TokenVerifier(Protocol):
    """Checks a bearer token and returns its claims, or raises AuthenticationError."""

    async def verify(self, token: str) -> dict[str, Any]:
        """Return the verified claims of ``token``."""
        ...


def bearer_token(authorization: str | None) -> str:
    """Extract the token from an ``Authorization: Bearer ...`` header value."""
    if not authorization or not authorization.strip():
        raise AuthenticationError("missing bearer token")
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or " " in token.strip():
        raise AuthenticationError("malformed authorization header")
    return token.strip()


async def authenticate(verifier: TokenVerifier, authorization: str | None) -> Principal:
    """Header value to :data:`Principal`: extract, verify, parse the claims."""
    claims = await verifier.verify(bearer_token(authorization))
    return principal_from_claims(claims)


class _KeyCache:
    """The JWKS as ``kid -> public key``, fetched lazily and refreshed with restraint."""

    def __init__(self, url: str, session: aiohttp.ClientSession, *, algorithms: Collection[str],
                 ttl: float, cooldown: float, timeout: float,
                 monotonic: Callable[[], float]) -> None:
        self._url = url
        self._session = session
        self._algorithms = frozenset(algorithms)
        self._ttl = ttl
        self._cooldown = cooldown
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._monotonic = monotonic
        self._keys: dict[str, Key] | None = None
        self._fresh_until = -math.inf
        self._last_forced = -math.inf
        self._generation = 0
        self._lock = asyncio.Lock()
        self.fetches = 0
        """How many times the JWKS was requested (for tests and metrics)."""

    async def get(self, kid: str) -> Key | None:
        """The key named ``kid``; one refresh (shared, rate-limited) when it is unknown."""
        generation = self._generation
        if self._keys is None or self._monotonic() >= self._fresh_until:
            await self._load(generation, forced=False)
            generation = self._generation
        key = self._lookup(kid)
        if key is None:
            await self._load(generation, forced=True)
            key = self._lookup(kid)
        return key

    async def load(self) -> None:
        """Fetch the JWKS now (e.g. at start-up)."""
        await self._load(self._generation, forced=False)

    def _lookup(self, kid: str) -> Key | None:
        if self._keys is None:
            raise IdentityProviderUnavailable("signing keys unavailable")
        return self._keys.get(kid)

    async def _load(self, seen_generation: int, *, forced: bool) -> None:
        async with self._lock:
            if self._generation != seen_generation:
                return  # another request refreshed while this one waited: share its result
            now = self._monotonic()
            if forced:
                if now - self._last_forced < self._cooldown:
                    return
                self._last_forced = now
            try:
                self._keys = await self._fetch()
                self._fresh_until = now + self._ttl
            except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
                logger.warning("JWKS fetch failed: %s", type(exc).__name__)
                self._fresh_until = now + min(self._ttl, self._cooldown)
            # Not reached when cancelled: then a waiting request makes its own attempt.
            self._generation += 1

    async def _fetch(self) -> dict[str, Key]:
        self.fetches += 1
        document = await _get_json(self._session, self._url, self._timeout)
        if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
            raise ValueError("not a JWK set")
        keys: dict[str, Key] = {}
        for entry in document["keys"]:
            key = _import_public_key(entry, self._algorithms)
            if key is not None and key.kid not in keys:
                keys[str(key.kid)] = key
        logger.debug("JWKS loaded: %d usable keys", len(keys))
        return keys


async def _get_json(session: aiohttp.ClientSession, url: str,
                    timeout: aiohttp.ClientTimeout) -> object:
    """GET a JSON document of at most ``_MAX_DOCUMENT_BYTES``; ValueError for anything else."""
    async with session.get(url, timeout=timeout, allow_redirects=False) as response:
        if response.status != 200:
            raise ValueError("identity provider answered an error status")
        body = bytearray()
        async for chunk in response.content.iter_chunked(65_536):
            body += chunk
            if len(body) > _MAX_DOCUMENT_BYTES:
                raise ValueError("document too large")
    return orjson.loads(body)


def _import_public_key(entry: object, algorithms: frozenset[str]) -> Key | None:
    """A usable public signing key from one JWK, or None (private, symmetric, weak, foreign)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str) or not entry["kid"]:
        return None
    if entry.get("kty") not in {"RSA", "EC"} or "d" in entry:
        return None  # never a symmetric ("oct") key, never a private key
    if entry.get("use", "sig") != "sig" or ("alg" in entry and entry["alg"] not in algorithms):
        return None
    if entry["kty"] == "RSA" and _modulus_bits(entry.get("n")) < _MIN_RSA_BITS:
        return None  # checked before import, which would only warn
    try:
        return import_key(entry)
    except (JoseError, ValueError, TypeError):
        return None


def _modulus_bits(n: object) -> int:
    if not isinstance(n, str):
        return 0
    try:
        raw = base64.urlsafe_b64decode(n + "=" * (-len(n) % 4))
    except ValueError:
        return 0
    return int.from_bytes(raw, "big").bit_length()


def _key_fits(key: Key, alg: str) -> bool:
    """True when ``key`` is of the type (and curve) ``alg`` needs, and does not name another."""
    kty, curve = ASYMMETRIC_ALGORITHMS[alg]
    if key.get("alg") not in (None, alg):
        return False
    if kty == "RSA":
        return isinstance(key, RSAKey)
    return isinstance(key, ECKey) and key.curve_name == curve


class JwksTokenVerifier:
    """Verifies bearer JWTs signed by one issuer, for one audience, with keys from its JWKS."""

    def __init__(self, issuer: str, audience: str, jwks_url: str, *,
                 algorithms: Collection[str] = ("RS256", "ES256"), leeway: int = 30,
                 session: aiohttp.ClientSession,
                 required_claims: Collection[str] = ("iss", "aud", "exp", "iat", "sub"),
                 cache_ttl: float = 300.0, refresh_cooldown: float = 30.0,
                 fetch_timeout: float = 5.0, max_token_bytes: int = 16_384,
                 clock: Callable[[], float] = time.time,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        bad = [a for a in algorithms if a not in ASYMMETRIC_ALGORITHMS]
        if bad or not algorithms:
            raise ValueError("only asymmetric JWS algorithms may be allowed")
        if not issuer or not audience or not 0 <= leeway <= 300:
            raise ValueError("issuer and audience are required; leeway is 0..300 seconds")
        self.issuer = issuer
        """The exact ``iss`` value accepted."""
        self.audience = audience
        """The ``aud`` value this service must find in a token."""
        self.algorithms = tuple(algorithms)
        """The allowed ``alg`` header values."""
        self.leeway = leeway
        """Clock skew tolerated for ``exp``, ``nbf`` and ``iat``, in seconds."""
        self._required = frozenset(required_claims) | {"iss", "aud", "exp"}
        self._registry = jws.JWSRegistry(algorithms=self.algorithms)
        self._max_token_bytes = max_token_bytes
        self._clock = clock
        self._keys = _KeyCache(jwks_url, session, algorithms=self.algorithms, ttl=cache_ttl,
                               cooldown=refresh_cooldown, timeout=fetch_timeout,
                               monotonic=monotonic)

    @classmethod
    async def from_issuer(cls, issuer: str, audience: str, *, session: aiohttp.ClientSession,
                          **options: Any) -> JwksTokenVerifier:
        """Build a verifier by OIDC discovery: read ``/.well-known/openid-configuration``."""
        url = get_well_known_url(issuer, external=True)
        timeout = aiohttp.ClientTimeout(total=float(options.get("fetch_timeout", 5.0)))
        try:
            document = await _get_json(session, url, timeout)
            if not isinstance(document, dict):
                raise ValueError("discovery document is not an object")
            metadata = OpenIDProviderMetadata(document)
            metadata.validate()
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise IdentityProviderUnavailable("OIDC discovery failed") from exc
        if metadata.get("issuer") != issuer:
            raise IdentityProviderUnavailable("OIDC discovery names another issuer")
        return cls(issuer, audience, str(metadata["jwks_uri"]), session=session, **options)

    @property
    def jwks_fetches(self) -> int:
        """How many times the JWKS has been requested."""
        return self._keys.fetches

    async def load_keys(self) -> None:
        """Fetch the JWKS now instead of on the first request."""
        await self._keys.load()

    async def verify(self, token: str) -> dict[str, Any]:
        """Verify ``token`` fully and return its claims (see the module docstring)."""
        signed = self._parse(token)
        header = signed.headers()
        alg, kid = header.get("alg"), header.get("kid")
        if alg not in self.algorithms:
            raise AuthenticationError("algorithm not allowed")
        if not isinstance(kid, str) or not kid:
            raise AuthenticationError("missing key id")
        key = await self._keys.get(kid)
        if key is None:
            raise AuthenticationError("unknown signing key")
        if not _key_fits(key, alg):
            raise AuthenticationError("key does not fit algorithm")
        try:
            valid = jws.validate_compact(signed, key, registry=self._registry)
        except JoseError:
            valid = False
        if not valid:
            raise AuthenticationError("bad signature")
        claims = _decode_claims(signed.payload)
        self._check_claims(claims)
        return claims

    def _parse(self, token: str) -> jws.CompactSignature:
        if not isinstance(token, str) or not token or len(token) > self._max_token_bytes:
            raise AuthenticationError("malformed token")
        if token.count(".") != 2 or not token.isascii():
            raise AuthenticationError("malformed token")
        try:
            signed = jws.extract_compact(token.encode("ascii"))
            header = signed.headers()
            self._registry.check_header(header)
        except (JoseError, ValueError, TypeError):
            raise AuthenticationError("malformed token") from None
        if _REFUSED_HEADERS & set(header):
            raise AuthenticationError("malformed token")
        return signed

    def _check_claims(self, claims: dict[str, Any]) -> None:
        options: dict[str, Any] = {name: {"essential": True} for name in self._required}
        options["iss"] = {"essential": True, "value": self.issuer}
        options["aud"] = {"essential": True, "value": self.audience}
        registry = JWTClaimsRegistry(now=int(self._clock()), leeway=self.leeway, **options)
        try:
            registry.validate(claims)
        except ExpiredTokenError:
            raise AuthenticationError("token expired") from None
        except MissingClaimError:
            raise AuthenticationError("missing required claim") from None
        except ClaimError as exc:
            raise AuthenticationError(_CLAIM_REASONS.get(exc.claim, "invalid claim")) from None


_CLAIM_REASONS = {
    "iss": "wrong issuer",
    "aud": "wrong audience",
    "nbf": "token not yet valid",
    "iat": "token issued in the future",
    "exp": "invalid expiry",
}


def _decode_claims(payload: bytes) -> dict[str, Any]:
    try:
        claims = orjson.loads(payload)
    except orjson.JSONDecodeError:
        raise AuthenticationError("malformed token") from None
    if not isinstance(claims, dict):
        raise AuthenticationError("malformed token")
    return claims

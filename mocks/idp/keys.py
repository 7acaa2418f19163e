"""The IdP's signing keys: one current RSA (RS256) and EC (ES256) key, rotation with a grace period.

After :meth:`KeyRing.rotate` new keys sign every token; the previous ones stay in the JWKS for
``grace_period`` seconds so tokens they signed keep verifying, then disappear.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from joserfc.jwk import ECKey, RSAKey

__all__ = ["SIGNING_ALGORITHMS", "KeyRing", "SigningKey"]

SIGNING_ALGORITHMS = ("RS256", "ES256")
"""The algorithms the IdP signs with (one key each)."""


@dataclass(slots=True)
class SigningKey:
    """A private signing key with the algorithm it is for."""

    key: RSAKey | ECKey
    """The private key (its ``kid`` is the RFC 7638 thumbprint)."""
    alg: str
    """``RS256`` or ``ES256``."""
    retired_at: float | None = None
    """When a rotation replaced it; ``None`` while current."""

    @property
    def kid(self) -> str:
        """The key id put in token headers and the JWKS."""
        return str(self.key.kid)

    def public_jwk(self) -> dict[str, Any]:
        """The public half as a JWK with ``use`` and ``alg``."""
        jwk = self.key.as_dict(private=False)
        jwk.update({"use": "sig", "alg": self.alg, "kid": self.kid})
        return jwk


def _generate(alg: str) -> SigningKey:
    if alg == "RS256":
        return SigningKey(RSAKey.generate_key(2048, auto_kid=True), alg)
    if alg == "ES256":
        return SigningKey(ECKey.generate_key("P-256", auto_kid=True), alg)
    raise ValueError(f"unsupported signing algorithm {alg!r}")


class KeyRing:
    """Current and recently retired signing keys."""

    def __init__(self, *, grace_period: float = 600.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.grace_period = grace_period
        """Seconds a retired key stays published."""
        self._clock = clock
        self._current = {alg: _generate(alg) for alg in SIGNING_ALGORITHMS}
        self._retired: list[SigningKey] = []

    def current(self, alg: str = "RS256") -> SigningKey:
        """The key that signs new tokens with ``alg``."""
        try:
            return self._current[alg]
        except KeyError:
            raise ValueError(f"unsupported signing algorithm {alg!r}") from None

    def rotate(self) -> list[str]:
        """Make fresh keys current; the old ones are kept for the grace period. Returns kids."""
        now = self._clock()
        for key in self._current.values():
            key.retired_at = now
            self._retired.append(key)
        self._current = {alg: _generate(alg) for alg in SIGNING_ALGORITHMS}
        self._prune(now)
        return [key.kid for key in self._current.values()]

    def published(self) -> list[SigningKey]:
        """Current keys first, then retired keys still within their grace period."""
        self._prune(self._clock())
        return [*self._current.values(), *reversed(self._retired)]

    def jwks(self) -> dict[str, Any]:
        """The public JWK Set."""
        return {"keys": [key.public_jwk() for key in self.published()]}

    def _prune(self, now: float) -> None:
        self._retired = [k for k in self._retired
                         if k.retired_at is not None and now - k.retired_at < self.grace_period]

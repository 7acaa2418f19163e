"""Helhed's access control on its own: token verification reuse and expiry, caller facts."""

from __future__ import annotations

import time
from typing import Any

import pytest

from gateway.http.access import AccessDenied
from helhed.access import HelhedAccessControl
from mocks.idp.claims import build_claims
from mocks.idp.personas import PERSONAS


class _CountingVerifier:
    def __init__(self, claims: dict[str, Any]) -> None:
        self.claims = claims
        self.calls = 0

    async def verify(self, token: str) -> dict[str, Any]:
        self.calls += 1
        return self.claims


def _access(verifier: _CountingVerifier) -> HelhedAccessControl:
    return HelhedAccessControl(verifier, store=None, subjects=None,  # type: ignore[arg-type]
                               types=frozenset(), owns_store=False)


def _claims(lifetime: int, now: int) -> dict[str, Any]:
    return build_claims(PERSONAS["jobcenter"], issuer="https://idp", audience="helhed",
                        now=now, lifetime=lifetime)


async def test_a_verified_token_is_reused_until_it_expires() -> None:
    now = int(time.time())
    verifier = _CountingVerifier(_claims(3600, now))
    access = _access(verifier)
    first = await access.authenticate({"authorization": "Bearer a.b.c"})
    second = await access.authenticate({"authorization": "Bearer a.b.c"})
    assert verifier.calls == 1 and first.principal == second.principal
    await access.authenticate({"authorization": "Bearer x.y.z"})
    assert verifier.calls == 2  # another token is verified on its own


async def test_an_expired_token_is_verified_every_time() -> None:
    verifier = _CountingVerifier(_claims(10, int(time.time()) - 20))  # exp 10 s ago
    access = _access(verifier)
    await access.authenticate({"authorization": "Bearer a.b.c"})
    await access.authenticate({"authorization": "Bearer a.b.c"})
    assert verifier.calls == 2


async def test_no_token_is_refused_with_the_bearer_challenge() -> None:
    access = _access(_CountingVerifier({}))
    with pytest.raises(AccessDenied) as refused:
        await access.authenticate({})
    assert refused.value.status == 401
    assert refused.value.headers["www-authenticate"] == 'Bearer realm="helhed"'

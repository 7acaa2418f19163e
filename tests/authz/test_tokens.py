"""JwksTokenVerifier against the real mock IdP over loopback HTTP."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey, RSAKey

from authz.errors import AuthenticationError, IdentityProviderUnavailable
from authz.principal import Borger, Medarbejder, Revisor
from authz.tokens import JwksTokenVerifier, _import_public_key, authenticate, bearer_token
from mocks.idp import DEFAULT_AUDIENCE, PERSONAS, RunningIdp, fetch_persona_token, serve_idp
from mocks.idp.personas import DEMO_CITIZEN_CPR

REASONS = {
    "missing bearer token", "malformed authorization header", "malformed token",
    "algorithm not allowed", "missing key id", "unknown signing key",
    "key does not fit algorithm", "bad signature", "token expired", "token not yet valid",
    "token issued in the future", "wrong issuer", "wrong audience", "missing required claim",
    "invalid claim", "invalid expiry", "signing keys unavailable",
}


@pytest.fixture
async def idp() -> AsyncIterator[RunningIdp]:
    async with serve_idp() as running:
        yield running


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


@pytest.fixture
def verifier(idp: RunningIdp, session: aiohttp.ClientSession) -> JwksTokenVerifier:
    return JwksTokenVerifier(idp.url, DEFAULT_AUDIENCE, idp.jwks_url, session=session)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(header: dict[str, Any], claims: dict[str, Any]) -> str:
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"


def _claims_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


async def _reject(verifier: JwksTokenVerifier, token: str, reason: str) -> None:
    with pytest.raises(AuthenticationError) as caught:
        await verifier.verify(token)
    assert caught.value.reason == reason
    assert str(caught.value) in REASONS
    if token:
        assert token not in str(caught.value)


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
@pytest.mark.parametrize("persona", list(PERSONAS))
async def test_good_token_per_persona(idp, verifier, persona, alg):
    token = await fetch_persona_token(idp.url, persona, alg=alg)
    claims = await verifier.verify(token)
    assert claims["iss"] == idp.url
    assert claims["aud"] == DEFAULT_AUDIENCE
    principal = await authenticate(verifier, f"Bearer {token}")
    expected = {"medarbejder": Medarbejder, "borger": Borger, "revisor": Revisor}
    assert isinstance(principal, expected[PERSONAS[persona].kind])


async def test_expired_token_is_rejected(idp, verifier):
    await _reject(verifier, await fetch_persona_token(idp.url, "jobcenter", exp_offset=-120),
                  "token expired")


async def test_expiry_within_leeway_is_accepted(idp, verifier):
    token = await fetch_persona_token(idp.url, "jobcenter", exp_offset=-10)
    assert (await verifier.verify(token))["sub"] == PERSONAS["jobcenter"].subject


async def test_not_yet_valid_token_is_rejected(idp, verifier):
    await _reject(verifier, await fetch_persona_token(idp.url, "jobcenter", nbf_offset=120),
                  "token not yet valid")


async def test_token_issued_in_the_future_is_rejected(idp, verifier):
    token = await fetch_persona_token(idp.url, "jobcenter", iat_offset=600, lifetime=60)
    await _reject(verifier, token, "token issued in the future")


async def test_wrong_audience_is_rejected(idp, verifier):
    await _reject(verifier, await fetch_persona_token(idp.url, "jobcenter", aud="another-api"),
                  "wrong audience")


async def test_audience_list_containing_ours_is_accepted(idp, verifier):
    token = await fetch_persona_token(idp.url, "jobcenter",
                                      claims={"aud": ["other", DEFAULT_AUDIENCE]})
    assert await verifier.verify(token)


async def test_wrong_issuer_is_rejected(idp, verifier):
    token = await fetch_persona_token(idp.url, "jobcenter", iss="https://idp.evil.example")
    await _reject(verifier, token, "wrong issuer")


@pytest.mark.parametrize("claim", ["sub", "exp", "iat", "aud", "iss"])
async def test_missing_required_claim_is_rejected(idp, verifier, claim):
    token = await fetch_persona_token(idp.url, "jobcenter", claims={claim: None})
    await _reject(verifier, token, "missing required claim")


async def test_forged_signature_with_foreign_key_is_rejected(idp, verifier):
    token = await fetch_persona_token(idp.url, "jobcenter")
    real_kid = idp.idp.keys.current("RS256").kid
    foreign = RSAKey.generate_key(2048)
    forged = jwt.encode({"alg": "RS256", "kid": real_kid}, _claims_of(token), foreign)
    await _reject(verifier, forged, "bad signature")


async def test_foreign_key_under_its_own_kid_is_unknown(idp, verifier):
    token = await fetch_persona_token(idp.url, "jobcenter")
    foreign = ECKey.generate_key("P-256", auto_kid=True)
    forged = jwt.encode({"alg": "ES256", "kid": foreign.kid}, _claims_of(token), foreign)
    await _reject(verifier, forged, "unknown signing key")


async def test_tampered_payload_is_rejected(idp, verifier):
    header, _, signature = (await fetch_persona_token(idp.url, "ungevejleder")).split(".")
    claims = _claims_of(await fetch_persona_token(idp.url, "sygeplejerske"))
    tampered = f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"
    await _reject(verifier, tampered, "bad signature")


async def test_alg_none_is_rejected(idp, verifier):
    claims = _claims_of(await fetch_persona_token(idp.url, "jobcenter"))
    kid = idp.idp.keys.current("RS256").kid
    await _reject(verifier, _unsigned({"alg": "none", "kid": kid}, claims) + ".",
                  "algorithm not allowed")


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
async def test_hmac_signed_with_the_public_key_is_rejected(idp, verifier, alg):
    """The classic confusion attack: HS256 keyed with the published public key's bytes."""
    claims = _claims_of(await fetch_persona_token(idp.url, "jobcenter"))
    signing = idp.idp.keys.current(alg)
    secrets = [signing.key.as_pem(private=False),
               json.dumps(signing.public_jwk()).encode()]
    for secret in secrets:
        signing_input = _unsigned({"alg": "HS256", "kid": signing.kid, "typ": "JWT"}, claims)
        mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        await _reject(verifier, f"{signing_input}.{_b64(mac)}", "algorithm not allowed")


async def test_key_of_another_type_than_alg_is_rejected(idp, session):
    verifier = JwksTokenVerifier(idp.url, DEFAULT_AUDIENCE, idp.jwks_url, session=session,
                                 algorithms=("RS256", "ES256", "PS256"))
    ec_kid = idp.idp.keys.current("ES256").kid
    claims = _claims_of(await fetch_persona_token(idp.url, "jobcenter"))
    token = jwt.encode({"alg": "PS256", "kid": ec_kid}, claims, RSAKey.generate_key(2048),
                       algorithms=["PS256"])
    await _reject(verifier, token, "key does not fit algorithm")


async def test_missing_kid_is_rejected(idp, verifier):
    claims = _claims_of(await fetch_persona_token(idp.url, "jobcenter"))
    token = jwt.encode({"alg": "RS256"}, claims, idp.idp.keys.current("RS256").key)
    await _reject(verifier, token, "missing key id")


@pytest.mark.parametrize("algorithms", [("HS256",), ("none",), ("RS256", "HS512"), ()])
def test_symmetric_or_none_algorithms_cannot_be_allowed(algorithms):
    no_session: Any = None  # never reached: the constructor refuses first
    with pytest.raises(ValueError, match="asymmetric"):
        JwksTokenVerifier("http://idp", "aud", "http://idp/jwks", session=no_session,
                          algorithms=algorithms)


def _jws_header_only(header: dict[str, Any]) -> str:
    return _b64(json.dumps(header).encode()) + "." + _b64(b"{}") + "." + _b64(b"sig")


GARBAGE = [
    "", "abc", "a.b", "a.b.c", "...", "a.b.c.d.e", "x" * 20_000, "ü.ü.ü",
    _b64(b"not json") + "." + _b64(b"{}") + ".",
    _b64(b"[1, 2]") + "." + _b64(b"{}") + ".",
    _jws_header_only({"alg": "RS256", "kid": "k", "crit": ["exp"], "exp": 1}),
    _jws_header_only({"alg": "RS256", "kid": "k", "jku": "https://evil.example/jwks"}),
]


@pytest.mark.parametrize("token", GARBAGE, ids=range(len(GARBAGE)))
async def test_garbage_tokens_are_rejected(verifier, token):
    with pytest.raises(AuthenticationError) as caught:
        await verifier.verify(token)
    assert caught.value.reason in REASONS


async def test_non_object_payload_is_rejected(idp, verifier):
    signing = idp.idp.keys.current("RS256")
    from joserfc import jws
    token = jws.serialize_compact({"alg": "RS256", "kid": signing.kid}, b"[1,2,3]",
                                  signing.key)
    await _reject(verifier, token, "malformed token")


async def test_unknown_kid_triggers_exactly_one_refresh_and_rotation_is_accepted(idp, verifier):
    old_token = await fetch_persona_token(idp.url, "jobcenter")
    await verifier.verify(old_token)
    assert idp.idp.stats.jwks_requests == 1
    await verifier.verify(await fetch_persona_token(idp.url, "socialraadgiver"))
    assert idp.idp.stats.jwks_requests == 1  # cached

    idp.idp.keys.rotate()
    new_token = await fetch_persona_token(idp.url, "jobcenter")
    assert await verifier.verify(new_token)
    assert idp.idp.stats.jwks_requests == 2
    assert await verifier.verify(old_token)  # the retired key is still published
    assert await verifier.verify(await fetch_persona_token(idp.url, "borger", alg="ES256"))
    assert idp.idp.stats.jwks_requests == 2

    for kid in ("nope-1", "nope-2", "nope-3"):
        await _reject(verifier, await fetch_persona_token(idp.url, "jobcenter", kid=kid),
                      "unknown signing key")
    assert idp.idp.stats.jwks_requests == 2  # within the cooldown: no hammering
    assert verifier.jwks_fetches == 2


async def test_concurrent_unknown_kids_share_one_refresh(idp, verifier):
    await verifier.load_keys()
    idp.idp.keys.rotate()
    tokens = [await fetch_persona_token(idp.url, p) for p in PERSONAS for _ in range(3)]
    results = await asyncio.gather(*(verifier.verify(t) for t in tokens))
    assert len(results) == len(tokens)
    assert idp.idp.stats.jwks_requests == 2


async def test_refresh_allowed_again_after_cooldown(idp, session):
    now = [0.0]
    verifier = JwksTokenVerifier(idp.url, DEFAULT_AUDIENCE, idp.jwks_url, session=session,
                                 refresh_cooldown=30, monotonic=lambda: now[0])
    bogus = await fetch_persona_token(idp.url, "jobcenter", kid="bogus")
    await _reject(verifier, bogus, "unknown signing key")  # load + one forced refresh
    assert idp.idp.stats.jwks_requests == 2
    now[0] = 10.0
    await _reject(verifier, bogus, "unknown signing key")
    assert idp.idp.stats.jwks_requests == 2
    now[0] = 31.0
    idp.idp.keys.rotate()
    assert await verifier.verify(await fetch_persona_token(idp.url, "jobcenter"))
    assert idp.idp.stats.jwks_requests == 3


async def test_keys_are_refetched_after_cache_ttl(idp, session):
    now = [0.0]
    verifier = JwksTokenVerifier(idp.url, DEFAULT_AUDIENCE, idp.jwks_url, session=session,
                                 cache_ttl=300, monotonic=lambda: now[0])
    token = await fetch_persona_token(idp.url, "jobcenter")
    await verifier.verify(token)
    now[0] = 301.0
    await verifier.verify(token)
    assert idp.idp.stats.jwks_requests == 2


async def test_key_retired_past_grace_period_is_refused(session):
    async with serve_idp(grace_period=0) as idp:
        old_token = await fetch_persona_token(idp.url, "jobcenter")
        idp.idp.keys.rotate()
        verifier = JwksTokenVerifier(idp.url, DEFAULT_AUDIENCE, idp.jwks_url, session=session)
        await _reject(verifier, old_token, "unknown signing key")


async def test_unreachable_jwks_fails_closed(session):
    async with serve_idp() as idp:
        token = await fetch_persona_token(idp.url, "jobcenter")
        url, jwks_url = idp.url, idp.jwks_url
    verifier = JwksTokenVerifier(url, DEFAULT_AUDIENCE, jwks_url, session=session,
                                 fetch_timeout=2)
    with pytest.raises(IdentityProviderUnavailable):
        await verifier.verify(token)


async def test_discovery_builds_a_working_verifier(idp, session):
    verifier = await JwksTokenVerifier.from_issuer(idp.url, DEFAULT_AUDIENCE, session=session,
                                                   leeway=5)
    assert verifier.leeway == 5
    assert await verifier.verify(await fetch_persona_token(idp.url, "revisor"))
    assert idp.idp.stats.discovery_requests == 1


async def test_discovery_refuses_an_issuer_mismatch(idp, session):
    other_spelling = idp.url + "/"  # same discovery URL, but not the issuer it names
    with pytest.raises(IdentityProviderUnavailable, match="another issuer"):
        await JwksTokenVerifier.from_issuer(other_spelling, DEFAULT_AUDIENCE, session=session)


async def test_discovery_of_unreachable_issuer_fails(session):
    async with serve_idp() as idp:
        url = idp.url
    with pytest.raises(IdentityProviderUnavailable, match="discovery failed"):
        await JwksTokenVerifier.from_issuer(url, DEFAULT_AUDIENCE, session=session,
                                            fetch_timeout=2)


@pytest.mark.parametrize("header", [None, "", "  ", "Basic dXNlcjpwdw==", "Bearer", "Bearer  ",
                                    "Bearer a b", "Token abc"])
def test_bad_authorization_headers(header):
    with pytest.raises(AuthenticationError):
        bearer_token(header)


def test_www_authenticate_header():
    assert AuthenticationError("missing bearer token").www_authenticate == 'Bearer realm="helhed"'
    assert "invalid_token" in AuthenticationError("token expired").www_authenticate


def test_bearer_scheme_is_case_insensitive():
    assert bearer_token("bearer abc.def.ghi") == "abc.def.ghi"
    assert bearer_token("  Bearer abc.def.ghi ") == "abc.def.ghi"


@pytest.mark.parametrize("jwk", [
    {"kty": "oct", "kid": "s", "k": "c2VjcmV0"},
    {"kty": "RSA", "kid": "", "n": "AQAB", "e": "AQAB"},
    {"kty": "EC", "kid": "e", "use": "enc", "crv": "P-256", "x": "", "y": ""},
    "not a key",
])
def test_unusable_jwks_entries_are_skipped(jwk):
    assert _import_public_key(jwk, frozenset({"RS256", "ES256"})) is None


def test_private_symmetric_and_weak_keys_are_skipped():
    algorithms = frozenset({"RS256", "ES256"})
    assert _import_public_key(OctKey.generate_key(256, auto_kid=True).as_dict(), algorithms) is None
    private = RSAKey.generate_key(2048, auto_kid=True)
    assert _import_public_key(private.as_dict(private=True), algorithms) is None
    numbers = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key(
        ).public_numbers()
    weak = {"kty": "RSA", "kid": "weak", "e": "AQAB",
            "n": _b64(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big"))}
    assert _import_public_key(weak, algorithms) is None
    wrong_alg = dict(private.as_dict(private=False), alg="RS512")
    assert _import_public_key(wrong_alg, algorithms) is None
    assert _import_public_key(private.as_dict(private=False), algorithms) is not None


async def test_nothing_secret_is_logged(idp, verifier, caplog):
    caplog.set_level(logging.DEBUG)
    good = await fetch_persona_token(idp.url, "borger")
    bad = await fetch_persona_token(idp.url, "borger", exp_offset=-3600)
    await verifier.verify(good)
    with pytest.raises(AuthenticationError) as caught:
        await verifier.verify(bad)
    for secret in (good, bad, DEMO_CITIZEN_CPR, good.split(".")[1], bad.split(".")[1]):
        assert secret not in caplog.text
        assert secret not in repr(caught.value)

"""The mock identity provider over loopback HTTP: discovery, JWKS, rotation, token endpoint."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from authlib.oidc.discovery import OpenIDProviderMetadata  # type: ignore[import-untyped]
from click.testing import CliRunner
from joserfc import jwt
from joserfc.jwk import KeySet

from mocks.idp import DEFAULT_AUDIENCE, PERSONAS, RunningIdp, fetch_persona_token, serve_idp
from mocks.idp.__main__ import main as idp_main
from mocks.idp.claims import CLAIM_CPR, CLAIM_PRIVILEGES, CLAIM_PROFESSIONAL_CVR
from mocks.idp.client import IdpClientError
from mocks.idp.personas import DEMO_CITIZEN_CPR, DEMO_MUNICIPALITY_CVR


@pytest.fixture
async def idp() -> AsyncIterator[RunningIdp]:
    async with serve_idp() as running:
        yield running


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


async def get_json(session: aiohttp.ClientSession, url: str) -> Any:
    async with session.get(url) as response:
        assert response.status == 200
        return await response.json()


async def post(session: aiohttp.ClientSession, url: str, **kwargs: Any) -> tuple[int, Any]:
    async with session.post(url, **kwargs) as response:
        return response.status, await response.json()


def header_of(token: str) -> dict[str, Any]:
    part = token.split(".")[0]
    return dict(json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))))


async def decode(session: aiohttp.ClientSession, idp: RunningIdp, token: str) -> dict[str, Any]:
    keys = KeySet.import_key_set(await get_json(session, idp.jwks_url))
    return dict(jwt.decode(token, keys, algorithms=["RS256", "ES256"]).claims)


async def test_discovery_document_is_valid_oidc_metadata(idp, session):
    document = await get_json(session, f"{idp.url}/.well-known/openid-configuration")
    OpenIDProviderMetadata(document).validate()
    assert document["issuer"] == idp.url
    assert document["jwks_uri"] == idp.jwks_url
    assert document["token_endpoint"] == f"{idp.url}/token"
    assert set(document["id_token_signing_alg_values_supported"]) == {"RS256", "ES256"}


async def test_jwks_publishes_public_rsa_and_ec_keys(idp, session):
    jwks = await get_json(session, idp.jwks_url)
    assert sorted((k["kty"], k["alg"]) for k in jwks["keys"]) == [("EC", "ES256"),
                                                                   ("RSA", "RS256")]
    for key in jwks["keys"]:
        assert key["use"] == "sig" and key["kid"]
        assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)


async def test_rotation_keeps_previous_keys_published(idp, session):
    first = {k["kid"] for k in (await get_json(session, idp.jwks_url))["keys"]}
    status, body = await post(session, f"{idp.url}/_admin/rotate")
    assert status == 200 and len(body["current"]) == 2
    published = {k["kid"] for k in (await get_json(session, idp.jwks_url))["keys"]}
    assert published == first | set(body["current"])
    token = await fetch_persona_token(idp.url, "jobcenter")
    assert header_of(token)["kid"] in body["current"]


async def test_retired_keys_disappear_after_the_grace_period(session):
    async with serve_idp(grace_period=0) as idp:
        first = {k["kid"] for k in (await get_json(session, idp.jwks_url))["keys"]}
        await post(session, f"{idp.url}/_admin/rotate")
        published = {k["kid"] for k in (await get_json(session, idp.jwks_url))["keys"]}
        assert len(published) == 2 and not published & first


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
@pytest.mark.parametrize("persona", list(PERSONAS))
async def test_token_per_persona_verifies_against_the_jwks(idp, session, persona, alg):
    token = await fetch_persona_token(idp.url, persona, alg=alg)
    header = header_of(token)
    assert header["alg"] == alg and header["typ"] == "JWT"
    claims = await decode(session, idp, token)
    assert claims["iss"] == idp.url and claims["aud"] == DEFAULT_AUDIENCE
    assert claims["sub"] == PERSONAS[persona].subject
    assert claims["exp"] - claims["iat"] == 3600
    if PERSONAS[persona].kind == "borger":
        assert claims[CLAIM_CPR] == DEMO_CITIZEN_CPR
        assert CLAIM_PRIVILEGES not in claims
    else:
        assert CLAIM_CPR not in claims
        assert claims[CLAIM_PROFESSIONAL_CVR] == DEMO_MUNICIPALITY_CVR
        groups = claims[CLAIM_PRIVILEGES]["privilegeGroups"]
        assert len(groups) == len(PERSONAS[persona].grants)
        assert all(g["scope"] == "urn:dk:gov:saml:cvrNumberIdentifier:11111111"
                   for g in groups)


async def test_jobcenter_privilege_layout(idp, session):
    claims = await decode(session, idp, await fetch_persona_token(idp.url, "jobcenter"))
    first = claims[CLAIM_PRIVILEGES]["privilegeGroups"][0]
    assert first == {
        "scope": "urn:dk:gov:saml:cvrNumberIdentifier:11111111",
        "privileges": ["http://hoi.example.dk/roles/usersystemrole/beskaeftigelse-laes/1"],
        "constraints": [
            {"name": "http://sts.kombit.dk/constraints/KLE/1", "value": "15.*,32.*"},
            {"name": "http://sts.kombit.dk/constraints/foelsomhed/1", "value": "2"},
        ],
    }


async def test_sygeplejerske_carries_a_national_health_role(idp, session):
    claims = await decode(session, idp, await fetch_persona_token(idp.url, "sygeplejerske"))
    privileges = [p for g in claims[CLAIM_PRIVILEGES]["privilegeGroups"]
                  for p in g["privileges"]]
    assert any(p.startswith("urn:dk:healthcare:national-federation-role:") for p in privileges)


async def test_overrides(idp, session):
    token = await fetch_persona_token(
        idp.url, "socialraadgiver", aud="other", drop_roles=["se-cpr", "hoi-overblik-laes"],
        extra_privileges=[{"scope": "urn:dk:gov:saml:cvrNumberIdentifier:22222222",
                           "privileges": ["x"], "constraints": []}],
        claims={"name": None, "acr": "test"}, lifetime=60, nbf_offset=30)
    claims = await decode(session, idp, token)
    assert claims["aud"] == "other" and claims["acr"] == "test" and "name" not in claims
    assert claims["exp"] - claims["iat"] == 60 and claims["nbf"] == claims["iat"] + 30
    groups = claims[CLAIM_PRIVILEGES]["privilegeGroups"]
    names = [p for g in groups for p in g["privileges"]]
    assert not any("se-cpr" in n or "hoi-overblik-laes" in n for n in names)
    assert groups[-1]["privileges"] == ["x"]


async def test_expired_override_is_in_the_past(idp):
    token = await fetch_persona_token(idp.url, "jobcenter", exp_offset=-60)
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["exp"] < claims["iat"]


async def test_token_endpoint_accepts_json(idp, session):
    status, body = await post(session, f"{idp.url}/token",
                              json={"persona": "borger", "exp_offset": 5})
    assert status == 200 and body["token_type"] == "Bearer"
    claims = await decode(session, idp, body["access_token"])
    assert claims["exp"] - claims["iat"] == 5


@pytest.mark.parametrize(("form", "error"), [
    ({"persona": "nobody"}, "invalid_request"),
    ({}, "invalid_request"),
    ({"persona": "jobcenter", "alg": "HS256"}, "invalid_request"),
    ({"persona": "jobcenter", "alg": "none"}, "invalid_request"),
    ({"persona": "jobcenter", "exp_offset": "soon"}, "invalid_request"),
    ({"persona": "jobcenter", "claims": "[1]"}, "invalid_request"),
    ({"persona": "jobcenter", "extra_privileges": "{"}, "invalid_request"),
    ({"persona": "jobcenter", "grant_type": "password"}, "unsupported_grant_type"),
])
async def test_bad_token_requests(idp, session, form, error):
    status, body = await post(session, f"{idp.url}/token", data=form)
    assert status == 400 and body["error"] == error


async def test_client_reports_refusals_and_unreachable_idp(idp):
    with pytest.raises(IdpClientError, match="unknown persona"):
        await fetch_persona_token(idp.url, "nobody")
    async with serve_idp() as gone:
        url = gone.url
    with pytest.raises(IdpClientError, match="unreachable"):
        await fetch_persona_token(url, "jobcenter", timeout=2)


async def test_personas_endpoint_lists_names_without_personal_data(idp, session):
    listing = await get_json(session, f"{idp.url}/personas")
    assert [p["name"] for p in listing] == list(PERSONAS)
    assert {p["name"] for p in listing} >= {"jobcenter", "socialraadgiver", "ungevejleder",
                                            "sygeplejerske", "hoi-koordinator", "revisor",
                                            "borger"}
    assert DEMO_CITIZEN_CPR not in json.dumps(listing)


async def test_stats_count_requests(idp, session):
    await get_json(session, idp.jwks_url)
    await get_json(session, idp.jwks_url)
    await fetch_persona_token(idp.url, "jobcenter", session=session)
    stats = await get_json(session, f"{idp.url}/_admin/stats")
    assert stats["jwks_requests"] == 2 and stats["tokens_issued"] == 1
    assert idp.idp.stats.jwks_requests == 2


async def test_server_stops_cleanly(session):
    async with serve_idp() as idp:
        url = idp.url
        await get_json(session, idp.jwks_url)
    with pytest.raises(aiohttp.ClientConnectionError):
        async with session.get(f"{url}/jwks", timeout=aiohttp.ClientTimeout(total=2)):
            pass


def test_cli_help():
    result = CliRunner().invoke(idp_main, ["--help"])
    assert result.exit_code == 0
    assert "--port" in result.output and "--grace-period" in result.output

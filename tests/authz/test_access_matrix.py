"""Personas × queries over the demo population, through the real gateway with authorization on.

For each persona: exactly which sectors come back, which fields are null with which code,
what is absent — and the adgangslog record written for the request, field by field. Then the
samtykke flow: the jobcenter worker sees no social data, sees it once the citizen consents,
and none again after the withdrawal. Tokens that are missing, forged, expired, for another
audience or unsigned get 401 and leave nothing fetched.
"""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from authz.store import AuditRecord, LogHandling, ViewerKind
from mocks.idp.personas import PERSONAS
from mocks.population import DEMO_CITIZEN
from tests.authz.environment import AccessEnvironment, access_environment

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

CPR = DEMO_CITIZEN.cpr
CITIZEN_ID = str(DEMO_CITIZEN.id)
QUERY = """query($cpr: CPR!) { borger(cpr: $cpr) { id navn cpr
  sager { __typename id sektor titel }
  tilstande { __typename sektor
    ... on SocialTilstand { fagligVurdering }
    ... on SygeplejeTilstand { tema { kode } } }
  aftaler { __typename sektor ... on SundhedsAftale { aarsagstekst } } } }"""
SECTORS = {"BESKAEFTIGELSE", "SOCIAL", "UDDANNELSE", "SUNDHED"}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[AccessEnvironment]:
    database = Path(tmp_path_factory.mktemp("access")) / "helhed.db"
    async with access_environment(f"sqlite:///{database}") as running:
        yield running


def _sectors(items: list[dict[str, Any]] | None) -> set[str]:
    return {item["sektor"] for item in items or () if item}


def _codes(body: dict[str, Any]) -> dict[tuple[Any, ...], str]:
    return {tuple(e.get("path", ())): e["extensions"]["code"] for e in body.get("errors", ())}


async def _last_record(env: AccessEnvironment, persona: str) -> AuditRecord:
    page = await env.store.audit.for_viewer(PERSONAS[persona].subject, first=1)
    return page.records[0]


@pytest.mark.parametrize("persona,sectors,sees_cpr", [
    ("jobcenter", {"BESKAEFTIGELSE"}, True),
    ("hoi-koordinator", {"BESKAEFTIGELSE"}, True),
    ("socialraadgiver", {"SOCIAL"}, True),
    ("ungevejleder", {"UDDANNELSE"}, False),
    ("sygeplejerske", {"SUNDHED"}, True),
    ("borger", SECTORS, True),
])
async def test_each_persona_sees_exactly_its_sectors(
        env: AccessEnvironment, persona: str, sectors: set[str], sees_cpr: bool) -> None:
    status, body = await env.ask(persona, QUERY, {"cpr": CPR})
    assert status == 200
    borger = body["data"]["borger"]
    assert borger["id"] == CITIZEN_ID
    assert _sectors(borger["sager"]) == sectors
    assert _sectors(borger["tilstande"]) <= sectors and _sectors(borger["aftaler"]) <= sectors
    codes = _codes(body)
    if sees_cpr:
        assert borger["cpr"] == CPR
    else:
        assert borger["cpr"] is None and codes[("borger", "cpr")] == "FORBIDDEN"
        assert CPR not in json.dumps(body)  # not in the data, not in an error message
    record = await _last_record(env, persona)
    assert record.borger_id == CITIZEN_ID and record.afvist is False
    assert record.viewer_kind is (ViewerKind.BORGER if persona == "borger"
                                  else ViewerKind.MEDARBEJDER)
    shown = {sag["__typename"] for sag in borger["sager"]}
    assert shown <= {e.type for e in record.entiteter}
    assert {f"{t}.titel" for t in shown} <= set(record.felter)
    assert ("Borger.cpr" in record.felter) is sees_cpr
    assert CPR not in repr(record)
    for i, tilstand in enumerate(borger["tilstande"]):
        if tilstand["__typename"] == "SocialTilstand":  # internal: no persona holds the role
            assert tilstand["fagligVurdering"] is None
            assert codes[("borger", "tilstande", i, "fagligVurdering")] == "FORBIDDEN"


@pytest.mark.parametrize("persona", ["jobcenter", "socialraadgiver", "ungevejleder",
                                     "hoi-koordinator", "revisor"])
async def test_no_non_health_role_ever_gets_health_content(
        env: AccessEnvironment, persona: str) -> None:
    _, body = await env.ask(persona, QUERY, {"cpr": CPR})
    text = json.dumps(body)
    assert "SUNDHED" not in text and "Sundheds" not in text and "Sygepleje" not in text
    direct = """query($cpr: CPR!) { borger(cpr: $cpr) { aftaler { ... on SundhedsAftale {
      aarsagstekst titel } } tidslinje { __typename sektor } } }"""
    _, body = await env.ask(persona, direct, {"cpr": CPR})
    assert "SUNDHED" not in json.dumps(body.get("data"))


async def test_the_health_professional_sees_health_content(env: AccessEnvironment) -> None:
    _, body = await env.ask("sygeplejerske", QUERY, {"cpr": CPR})
    tilstande = body["data"]["borger"]["tilstande"]
    assert tilstande and all(t["tema"]["kode"] for t in tilstande)


async def test_the_auditor_sees_no_citizen(env: AccessEnvironment) -> None:
    status, body = await env.ask("revisor", QUERY, {"cpr": CPR})
    assert status == 200 and body["data"] == {"borger": None}
    assert _codes(body) == {("borger",): "FORBIDDEN"}


async def test_a_citizen_cannot_read_another_citizen(env: AccessEnvironment) -> None:
    other = env.stack.population.person(1)
    _, body = await env.ask("borger", QUERY, {"cpr": other.cpr})
    assert body["data"] == {"borger": None}
    assert _codes(body) == {("borger",): "FORBIDDEN"}
    assert other.cpr not in json.dumps(body)


async def test_the_jobcenter_record_names_who_what_and_on_what_basis(
        env: AccessEnvironment) -> None:
    await env.ask("jobcenter", QUERY, {"cpr": CPR}, headers={"x-request-id": "req-matrix-1",
                                                           "x-helhed-formaal": "opf%C3%B8lgning"})
    record = await _last_record(env, "jobcenter")
    assert record.transaktions_id == "req-matrix-1"
    assert (record.viewer_kind, record.kommune_cvr, record.formaal) == (
        ViewerKind.MEDARBEJDER, "11111111", "opfølgning")
    assert record.handling is LogHandling.SOEG
    assert record.soegekriterium == 'borger({"cpr":"<cpr>"})'
    assert CPR not in (record.soegekriterium or "")
    assert record.borger_id == CITIZEN_ID
    shown = {e.type for e in record.entiteter}
    assert "Borger" in shown and "BeskaeftigelsesSag" in shown and "SocialSag" not in shown
    assert "BeskaeftigelsesSag.titel" in record.felter and "Borger.cpr" in record.felter
    assert set(record.hjemmel) == {"opslag", "hjemmel:beskaeftigelse-laes"}
    assert record.samtykke_ider == () and record.afvist is False
    refused = {(d.type, d.code) for d in record.afviste}
    assert ("SocialSag", "CONSENT_REQUIRED") in refused
    assert ("SundhedsSag", "FORBIDDEN") in refused


async def test_the_citizen_record_is_own_data(env: AccessEnvironment) -> None:
    await env.ask("borger", QUERY, {"cpr": CPR})
    record = await _last_record(env, "borger")
    assert (record.viewer_kind, record.borger_id, record.kommune_cvr) == (
        ViewerKind.BORGER, CITIZEN_ID, None)
    assert set(record.hjemmel) == {"egne-data"}


async def test_a_refused_auditor_leaves_a_refused_record(env: AccessEnvironment) -> None:
    await env.ask("revisor", QUERY, {"cpr": CPR})
    record = await _last_record(env, "revisor")
    assert record.viewer_kind is ViewerKind.REVISOR
    assert record.borger_id is None and record.afvist is True
    assert [(d.type, d.code) for d in record.afviste] == [("Query.borger", "FORBIDDEN")]


REGISTER = """mutation($input: RegistrerSamtykkeInput!) {
  registrerSamtykke(input: $input) { id status omraader } }"""
WITHDRAW = """mutation($id: UUID!) { tilbagekaldSamtykke(id: $id, kanal: "MitID") { id status } }"""


async def _give(env: AccessEnvironment, *sectors: str) -> str:
    """The social worker (who holds hoi-samtykke-registrer) registers a written samtykke."""
    status, body = await env.ask("socialraadgiver", REGISTER, {"input": {
        "borgerId": CITIZEN_ID, "formaal": {"system": "urn:helhed:formaal", "kode": "HOI"},
        "handlinger": ["SE"], "omraader": list(sectors), "form": "SKRIFTLIG",
        "modtagere": [{"cvr": "11111111"}]}})
    assert status == 200 and "errors" not in body, body
    assert body["data"]["registrerSamtykke"]["status"] == "AKTIV"
    return str(body["data"]["registrerSamtykke"]["id"])


async def _withdraw(env: AccessEnvironment, samtykke_id: str) -> None:
    """The citizen withdraws it themself."""
    _, body = await env.ask("borger", WITHDRAW, {"id": samtykke_id})
    assert body["data"]["tilbagekaldSamtykke"]["status"] == "TILBAGEKALDT", body


async def test_consent_opens_the_other_sector_and_withdrawal_closes_it_at_once(
        env: AccessEnvironment) -> None:
    _, before = await env.ask("jobcenter", QUERY, {"cpr": CPR})
    assert _sectors(before["data"]["borger"]["sager"]) == {"BESKAEFTIGELSE"}
    samtykke_id = await _give(env, "SOCIAL", "UDDANNELSE")
    _, given = await env.ask("jobcenter", QUERY, {"cpr": CPR})
    assert _sectors(given["data"]["borger"]["sager"]) == {"BESKAEFTIGELSE", "SOCIAL",
                                                          "UDDANNELSE"}
    assert _sectors(given["data"]["borger"]["tilstande"]) == {"SOCIAL"}
    record = await _last_record(env, "jobcenter")
    assert record.samtykke_ider == (samtykke_id,)
    await _withdraw(env, samtykke_id)
    _, after = await env.ask("jobcenter", QUERY, {"cpr": CPR})
    assert _sectors(after["data"]["borger"]["sager"]) == {"BESKAEFTIGELSE"}
    assert _sectors(after["data"]["borger"]["tilstande"]) == set()


async def test_consent_never_opens_health_data(env: AccessEnvironment) -> None:
    samtykke_id = await _give(env, "SUNDHED")
    try:
        _, body = await env.ask("jobcenter", QUERY, {"cpr": CPR})
        assert "SUNDHED" not in json.dumps(body["data"])
    finally:
        await _withdraw(env, samtykke_id)


async def test_samtykker_are_listed_through_the_graph(env: AccessEnvironment) -> None:
    samtykke_id = await _give(env, "SOCIAL")
    await _withdraw(env, samtykke_id)
    listing = """query($cpr: CPR!) { borger(cpr: $cpr) { samtykker { id status omraader
      tilbagekaldtKanal } } }"""
    _, body = await env.ask("borger", listing, {"cpr": CPR})
    mine = [s for s in body["data"]["borger"]["samtykker"] if s["id"] == samtykke_id]
    assert mine == [{"id": samtykke_id, "status": "TILBAGEKALDT", "omraader": ["SOCIAL"],
                     "tilbagekaldtKanal": "MitID"}]


def _unsigned(token: str) -> str:
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return header.rstrip(b"=").decode() + "." + token.split(".")[1] + "."


def _forged(token: str) -> str:
    head, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{head}.{forged}.{signature}"


async def test_bad_tokens_get_401_and_nothing_is_fetched(env: AccessEnvironment) -> None:
    good = await env.token("jobcenter")
    cases = {
        "missing": None,
        "forged": _forged(good),
        "expired": await env.token("jobcenter", exp_offset=-3600),
        "wrong audience": await env.token("jobcenter", aud="another-service"),
        "alg none": _unsigned(good),
        "garbage": "not-a-jwt",
    }
    before = len(env.stack.mock_state("cpr").calls)
    for name, token in cases.items():
        status, body = await env.ask(None, "{ __typename }", token=token)
        assert status == 401, name
        assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"], name
        status, _ = await env.ask(None, QUERY, {"cpr": CPR}, token=token)
        assert status == 401, name
    assert len(env.stack.mock_state("cpr").calls) == before


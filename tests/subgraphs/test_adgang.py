"""The adgang subgraph over real HTTP: who may register, read and withdraw samtykke, and read
the adgangslog; the store behind it shared between processes."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from authz.store import AuditRecord, DeniedItem, EntityRef, LogHandling, Store, ViewerKind
from mocks.population import DEMO_CITIZEN
from tests.subgraphs.adgang_env import AdgangEnv, run_adgang
from tests.support.databases import postgres_schema_url, sqlite_url

DEMO_ID = str(DEMO_CITIZEN.id)
KOMMUNE = "11111111"

REGISTER = """mutation($input: RegistrerSamtykkeInput!) { registrerSamtykke(input: $input) {
  id status type omraader handlinger form kleAfgraensning eksternReference
  givetAf { type reference } formaal { system kode tekst }
  modtagere { cvr orgEnhed sektor } afgivere { cvr } gyldighed { fra til }
  hjemmel { lov paragraf } registreretAf { type id cvr } registreretTid
  tilbagekaldtTid historik { status kanal aktoer { type id cvr } } } }"""
SAMTYKKER = """query($r: [_Any!]!, $status: [SamtykkeStatus!]) {
  _entities(representations: $r) { ... on Borger { id
    samtykker(status: $status) { id status registreretAf { type id cvr } } } } }"""
WITHDRAW = """mutation($id: UUID!, $kanal: String!) { tilbagekaldSamtykke(id: $id, kanal: $kanal) {
  id status statusTid tilbagekaldtTid tilbagekaldtKanal historik { status kanal } } }"""
BORGER_LOG = """query($r: [_Any!]!, $first: Int!, $after: String) {
  _entities(representations: $r) { ... on Borger { adgangslog(first: $first, after: $after) {
    edges { cursor node { tid kommuneCvr orgEnhed formaal handling viewerType felter afvist } }
    pageInfo { hasNextPage endCursor } } } } }"""
AUDIT_LOG = """query($borger: UUID, $medarbejder: String, $first: Int!, $after: String) {
  adgangslog(borgerId: $borger, medarbejder: $medarbejder, first: $first, after: $after) {
    edges { node { id viewer viewerType kommuneCvr borger handling entiteter { type id }
      felter soegekriterium afvist afvisningsAarsag afviste { type id code } } }
    pageInfo { hasNextPage endCursor } } }"""


def _input(**changes: Any) -> dict[str, Any]:
    value = {"borgerId": DEMO_ID,
             "formaal": {"system": "urn:helhed:formaal", "kode": "hoi-udredning",
                         "tekst": "Helhedsorienteret udredning"},
             "handlinger": ["SE", "INDHENTE"], "omraader": ["SOCIAL", "UDDANNELSE"],
             "modtagere": [{"cvr": KOMMUNE, "sektor": "BESKAEFTIGELSE"}],
             "afgivere": [{"cvr": KOMMUNE}], "form": "SKRIFTLIG", "kanal": "papir",
             "hjemmel": [{"lov": "HOI", "paragraf": "3"}], "kleAfgraensning": ["27.*"],
             "gyldigTil": "2099-01-01T00:00:00+00:00", "eksternReference": "ds-1"}
    value.update(changes)
    return value


def _subject(token: str) -> str:
    payload = token.split(".")[1]
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(
        payload) % 4)))
    return str(claims["sub"])


def _codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


def _no_cpr(body: dict[str, Any]) -> None:
    text = json.dumps(body)
    assert DEMO_CITIZEN.cpr not in text and DEMO_CITIZEN.cpr[:6] not in text


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[AdgangEnv]:
    async with run_adgang(sqlite_url(tmp_path)) as running:
        yield running


async def _register(env: AdgangEnv, persona: str = "socialraadgiver",
                    **changes: Any) -> dict[str, Any]:
    body = await env.call(REGISTER, {"input": _input(**changes)}, persona=persona)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["registrerSamtykke"]
    return result


async def _samtykker(env: AdgangEnv, persona: str, borger: str = DEMO_ID,
                     status: list[str] | None = None, instance: int = 0) -> dict[str, Any]:
    return await env.call(SAMTYKKER, {"r": [{"__typename": "Borger", "id": borger}],
                                      "status": status}, persona=persona, instance=instance)


async def test_service_sdl_needs_no_token(env: AdgangEnv) -> None:
    body = await env.call("{ _service { sdl } }")
    assert "registrerSamtykke" in body["data"]["_service"]["sdl"]


async def test_no_or_bad_token_is_unauthenticated(env: AdgangEnv) -> None:
    query = {"r": [{"__typename": "Borger", "id": DEMO_ID}], "status": None}
    missing = await env.call(SAMTYKKER, query)
    assert _codes(missing) == ["UNAUTHENTICATED"]
    assert missing["data"] == {"_entities": [{"id": DEMO_ID, "samtykker": None}]}
    forged = (await env.token("jobcenter"))[:-4] + "AAAA"
    assert _codes(await env.call(SAMTYKKER, query, token=forged)) == ["UNAUTHENTICATED"]
    assert _codes(await env.call(REGISTER, {"input": _input()})) == ["UNAUTHENTICATED"]


async def test_worker_with_the_role_registers_every_field(env: AdgangEnv) -> None:
    given = await _register(env)
    token = await env.token("socialraadgiver")
    assert given["status"] == "AKTIV"
    assert (given["type"], given["form"], given["omraader"], given["handlinger"]) == (
        "GIVET", "SKRIFTLIG", ["SOCIAL", "UDDANNELSE"], ["SE", "INDHENTE"])
    assert given["givetAf"] == {"type": "BORGER", "reference": None}
    assert given["modtagere"] == [{"cvr": KOMMUNE, "orgEnhed": None,
                                   "sektor": "BESKAEFTIGELSE"}]
    assert given["gyldighed"]["til"] == "2099-01-01T00:00:00+00:00"
    assert given["registreretAf"] == {"type": "MEDARBEJDER", "id": _subject(token),
                                      "cvr": KOMMUNE}
    assert given["historik"] == [{"status": "AKTIV", "kanal": "papir",
                                  "aktoer": given["registreretAf"]}]
    async with await Store.open(env.database_url) as store:  # durable, in the shared store
        stored = await store.samtykker.get(given["id"])
    assert stored is not None
    assert stored.borger_id == DEMO_ID


@pytest.mark.parametrize("persona", ["jobcenter", "revisor", "sygeplejerske"])
async def test_register_without_the_role_is_forbidden(env: AdgangEnv, persona: str) -> None:
    body = await env.call(REGISTER, {"input": _input()}, persona=persona)
    assert _codes(body) == ["FORBIDDEN"]
    assert body["data"] is None


async def test_citizen_registers_own_samtykke_only(env: AdgangEnv) -> None:
    own = await _register(env, "borger", form="DIGITAL_MITID", kanal="MitID")
    assert own["registreretAf"] == {"type": "BORGER", "id": DEMO_ID, "cvr": None}
    other = str(env.population.person(1).id)
    body = await env.call(REGISTER, {"input": _input(borgerId=other)}, persona="borger")
    assert _codes(body) == ["FORBIDDEN"]
    body = await env.call(REGISTER, {"input": _input(
        givetAf={"type": "VAERGE", "reference": "fuldmagt-1"})}, persona="borger")
    assert _codes(body) == ["FORBIDDEN"]
    _no_cpr(body)


async def test_bad_input_and_unknown_citizen(env: AdgangEnv) -> None:
    cases = [_input(modtagere=[]), _input(gyldigFra="2030-01-02T00:00:00+00:00",
                                          gyldigTil="2030-01-01T00:00:00+00:00"),
             _input(givetAf={"type": "VAERGE"})]
    for value in cases:
        body = await env.call(REGISTER, {"input": value}, persona="socialraadgiver")
        assert _codes(body) == ["BAD_USER_INPUT"], value
    body = await env.call(REGISTER, {"input": _input(borgerId=str(uuid.uuid4()))},
                          persona="socialraadgiver")
    assert _codes(body) == ["NOT_FOUND"]


async def test_who_reads_samtykker(env: AdgangEnv) -> None:
    given = await _register(env)
    worker_view = await _samtykker(env, "jobcenter")
    assert worker_view["data"]["_entities"][0]["samtykker"] == [
        {"id": given["id"], "status": "AKTIV", "registreretAf": given["registreretAf"]}]
    citizen_view = await _samtykker(env, "borger")
    assert citizen_view["data"]["_entities"][0]["samtykker"] == [
        {"id": given["id"], "status": "AKTIV",  # the employee's identity is hidden (C3)
         "registreretAf": {"type": "MEDARBEJDER", "id": None, "cvr": KOMMUNE}}]
    assert _codes(await _samtykker(env, "revisor")) == ["FORBIDDEN"]
    other_id = str(env.population.person(1).id)
    other = await _samtykker(env, "borger", borger=other_id)
    assert _codes(other) == ["FORBIDDEN"]
    assert other["data"]["_entities"][0] == {"id": other_id, "samtykker": None}


async def test_withdrawal_by_the_citizen_and_its_errors(env: AdgangEnv) -> None:
    given = await _register(env)
    assert _codes(await env.call(WITHDRAW, {"id": given["id"], "kanal": "x"},
                                 persona="jobcenter")) == ["FORBIDDEN"]
    body = await env.call(WITHDRAW, {"id": given["id"], "kanal": "MitID"}, persona="borger")
    withdrawn = body["data"]["tilbagekaldSamtykke"]
    assert withdrawn["status"] == "TILBAGEKALDT"
    assert withdrawn["tilbagekaldtKanal"] == "MitID"
    assert withdrawn["tilbagekaldtTid"] == withdrawn["statusTid"]
    assert withdrawn["historik"] == [{"status": "AKTIV", "kanal": "papir"},
                                     {"status": "TILBAGEKALDT", "kanal": "MitID"}]
    again = await env.call(WITHDRAW, {"id": given["id"], "kanal": "MitID"}, persona="borger")
    assert _codes(again) == ["BAD_USER_INPUT"]
    assert again["errors"][0]["extensions"]["status"] == "TILBAGEKALDT"
    unknown = await env.call(WITHDRAW, {"id": str(uuid.uuid4()), "kanal": "x"},
                             persona="socialraadgiver")
    assert _codes(unknown) == ["NOT_FOUND"]
    active = await _samtykker(env, "jobcenter", status=["AKTIV"])
    assert active["data"]["_entities"][0]["samtykker"] == []
    withdrawn_list = await _samtykker(env, "jobcenter", status=["TILBAGEKALDT"])
    assert [s["id"] for s in withdrawn_list["data"]["_entities"][0]["samtykker"]] == [
        given["id"]]


async def test_worker_with_the_role_withdraws(env: AdgangEnv) -> None:
    given = await _register(env)
    body = await env.call(WITHDRAW, {"id": given["id"], "kanal": "telefon"},
                          persona="hoi-koordinator")
    assert body["data"]["tilbagekaldSamtykke"]["status"] == "TILBAGEKALDT"


def _log_records(borger: str, other: str) -> list[AuditRecord]:
    t0 = datetime.now(UTC) - timedelta(hours=1)
    common: dict[str, Any] = {"transaktions_id": "req-1", "kommune_cvr": KOMMUNE,
                              "viewer_kind": ViewerKind.MEDARBEJDER}
    return [
        AuditRecord(tid=t0 + timedelta(minutes=n), viewer_id=viewer, borger_id=subject,
                    handling=LogHandling.LAES, formaal="Beskæftigelsesindsats",
                    felter=("Borger.navn",), entiteter=(EntityRef(type="Borger", id=subject),),
                    **common)
        for n, (viewer, subject) in enumerate([("jobcenter-sub", borger),
                                               ("social-sub", borger),
                                               ("jobcenter-sub", other)])
    ] + [
        AuditRecord(tid=t0 + timedelta(minutes=5), viewer_id="jobcenter-sub", borger_id=borger,
                    handling=LogHandling.LAES, afvist=True, afvisnings_aarsag="CONSENT_REQUIRED",
                    afviste=(DeniedItem(type="SocialSag", id="s1", code="CONSENT_REQUIRED"),),
                    **common),
        AuditRecord(tid=t0 + timedelta(minutes=6), viewer_id="jobcenter-sub", borger_id=borger,
                    handling=LogHandling.LAES, transaktions_id="req-2", kommune_cvr="22222222",
                    viewer_kind=ViewerKind.MEDARBEJDER),
    ]


async def test_citizen_reads_own_log_without_employee_identity(env: AdgangEnv) -> None:
    other = str(env.population.person(1).id)
    async with await Store.open(env.database_url) as store:
        await store.audit.append(_log_records(DEMO_ID, other))
    variables = {"r": [{"__typename": "Borger", "id": DEMO_ID}], "first": 2, "after": None}
    first = await env.call(BORGER_LOG, variables, persona="borger")
    log = first["data"]["_entities"][0]["adgangslog"]
    assert [e["node"]["afvist"] for e in log["edges"]] == [False, True]
    assert log["edges"][1]["node"] == {
        "tid": log["edges"][1]["node"]["tid"], "kommuneCvr": KOMMUNE, "orgEnhed": None,
        "formaal": None, "handling": "LAES", "viewerType": "MEDARBEJDER", "felter": [],
        "afvist": True}
    assert log["pageInfo"]["hasNextPage"] is True
    rest = await env.call(BORGER_LOG, {**variables, "first": 10,
                                       "after": log["pageInfo"]["endCursor"]}, persona="borger")
    rest_log = rest["data"]["_entities"][0]["adgangslog"]
    assert [e["node"]["formaal"] for e in rest_log["edges"]] == ["Beskæftigelsesindsats"] * 2
    assert rest_log["pageInfo"] == {"hasNextPage": False,
                                    "endCursor": rest_log["edges"][-1]["cursor"]}
    assert "-sub" not in json.dumps(first) + json.dumps(rest)  # no employee ids
    query = (f'{{ _entities(representations: [{{__typename: "Borger", id: "{DEMO_ID}"}}]) {{ '
             "... on Borger { adgangslog { edges { node { viewer } } } } } }")
    assert "errors" in await env.call(query, persona="borger")  # no such field for citizens
    for persona in ("jobcenter", "revisor"):
        assert _codes(await env.call(BORGER_LOG, variables, persona=persona)) == ["FORBIDDEN"]


async def test_auditor_reads_the_municipality_log(env: AdgangEnv) -> None:
    other = str(env.population.person(1).id)
    records = _log_records(DEMO_ID, other)
    async with await Store.open(env.database_url) as store:
        await store.audit.append(records)

    async def ids(**variables: Any) -> list[str]:
        body = await env.call(AUDIT_LOG, {"first": 50, "after": None, "borger": None,
                                          "medarbejder": None, **variables}, persona="revisor")
        assert "errors" not in body, body
        return [e["node"]["id"] for e in body["data"]["adgangslog"]["edges"]]

    assert await ids(borger=DEMO_ID) == [records[3].id, records[1].id, records[0].id]
    assert await ids(medarbejder="jobcenter-sub") == [records[3].id, records[2].id,
                                                      records[0].id]
    assert await ids(borger=DEMO_ID, medarbejder="social-sub") == [records[1].id]
    body = await env.call(AUDIT_LOG, {"first": 1, "borger": DEMO_ID}, persona="revisor")
    node = body["data"]["adgangslog"]["edges"][0]["node"]
    assert node == {"id": records[3].id, "viewer": "jobcenter-sub",
                    "viewerType": "MEDARBEJDER", "kommuneCvr": KOMMUNE, "borger": DEMO_ID,
                    "handling": "LAES", "entiteter": [], "felter": [], "soegekriterium": None,
                    "afvist": True, "afvisningsAarsag": "CONSENT_REQUIRED",
                    "afviste": [{"type": "SocialSag", "id": "s1", "code": "CONSENT_REQUIRED"}]}
    assert body["data"]["adgangslog"]["pageInfo"]["hasNextPage"] is True
    bad = await env.call(AUDIT_LOG, {"first": 1, "after": "not-a-cursor"}, persona="revisor")
    assert _codes(bad) == ["BAD_USER_INPUT"]
    for persona in ("jobcenter", "borger"):
        assert _codes(await env.call(AUDIT_LOG, {"first": 5}, persona=persona)) == ["FORBIDDEN"]


@pytest.mark.postgres
async def test_two_processes_on_postgres_see_a_withdrawal_at_once() -> None:
    with postgres_schema_url() as url:
        async with run_adgang(url, instances=2) as env:
            given = await _register(env)
            before = await _samtykker(env, "jobcenter", status=["AKTIV"], instance=1)
            assert [s["id"] for s in before["data"]["_entities"][0]["samtykker"]] == [
                given["id"]]
            body = await env.call(WITHDRAW, {"id": given["id"], "kanal": "MitID"},
                                  persona="borger", instance=1)
            assert body["data"]["tilbagekaldSamtykke"]["status"] == "TILBAGEKALDT"
            after = await _samtykker(env, "jobcenter", status=["AKTIV"], instance=0)
            assert after["data"]["_entities"][0]["samtykker"] == []
            async with await Store.open(url) as store:  # the gateway's hot path agrees
                active = await store.samtykker.active_for([DEMO_ID], datetime.now(UTC))
            assert active[DEMO_ID] == ()

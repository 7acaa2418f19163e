"""The hoi subgraph's HOI sag and plan over real HTTP, with persona tokens from the mock IdP.

The subgraph checks the caller itself (it is safe when called directly): who may open, change
and close a case (hoi-plan-skriv, rule H1), who may write which plan items (A10 by sector and
følsomhed, C4 for the citizen), stale versions (CONFLICT with the current version), and what
a withdrawal and closing do. Every HOI object carries the fields the gateway guards on.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from authz.store import Actor, ActorKind, Sektor
from mocks.population import DEMO_CITIZEN
from subgraphs.hoi.plan_state import PLACEHOLDER_HOI_KLE
from tests.subgraphs.hoi_plan.env import HoiEnv, codes, hoi_env, new_id
from tests.support.databases import sqlite_url

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

DEMO_ID = str(DEMO_CITIZEN.id)
STYRET = "id sektor kle foelsomhed borgerId kommuneCvr synlighed ansvarligEnhed " \
         "kilde { systemNavn kildeId }"
# The documents below use %-formatting: an f-string would have to double every GraphQL brace.
OPEN = """mutation($b: UUID!, $k: KoordinatorInput!, $s: UUID!, $o: [Sektor!]!) {
  opretHoiSag(borgerId: $b, koordinator: $k, samtykkeId: $s, omraader: $o,
              aarsag: "Borgeren ønsker et samlet forløb") {
    sagId planId version
    sag { %s status version erHoiSag omraader samtykkeId koordinator { brugerId cvr }
          historik { version haendelse aarsag aktoer { type id cvr } } } } }""" % STYRET  # noqa: UP031
ADD_MAAL = """mutation($i: TilfoejHoiMaalInput!) { tilfoejHoiMaal(input: $i) {
  planId version elementId plan { version maal { %s beskrivelse formuleretAf fagomraade
    oprettet { aktoer { type id cvr } } tilbageskrivning { status planVersion } } } } }""" \
    % STYRET  # noqa: UP031
PLAN = """query($id: UUID!, $v: Int) { hoiPlan(id: $id, version: $v) { %s type status version
  laast sagStatus samtykkeOphoert { status } koordinator { brugerId cvr }
  maal { id beskrivelse formuleretAf synlighed }
  aftaler { id titel status borgerBekraeftet { godkendt } }
  indsatser { __typename id } indsatsReferencer { indsatsId type sektor }
  borgerBidrag { type tekst relateretTil } borgerGodkendt { godkendt } godkendtVersion
  historik { version aendring aktoer { type id } plan { version } } } }""" % STYRET  # noqa: UP031
CLOSE = """mutation($id: UUID!, $v: Int!) { afslutHoiSag(id: $id, aarsag: "Borgeren er i job",
  version: $v) { version sag { status afsluttet afslutningsAarsag } } }"""


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[HoiEnv]:
    directory = Path(tmp_path_factory.mktemp("hoi-http"))
    async with hoi_env(sqlite_url(directory)) as running:
        yield running


async def _open(env: HoiEnv, borger: str, *omraader: Sektor,
                persona: str = "hoi-koordinator") -> dict[str, Any]:
    samtykke = await env.give(borger, *omraader)
    sectors = [s.value for s in omraader] or ["BESKAEFTIGELSE", "SOCIAL"]
    return await env.call(persona, OPEN, {
        "b": borger, "s": samtykke, "o": sectors,
        "k": {"brugerId": await env.subject("hoi-koordinator"), "cvr": "11111111"}})


def _maal(plan_id: str, version: int, **values: Any) -> dict[str, Any]:
    return {"i": {"planId": plan_id, "version": version, "type": "INDSATSMAAL",
                  "beskrivelse": "Stabil bolig", **values}}


def _styret(obj: dict[str, Any], borger: str) -> None:
    assert (obj["sektor"], obj["kle"], obj["foelsomhed"], obj["borgerId"],
            obj["kommuneCvr"]) == ("TVAERGAAENDE", PLACEHOLDER_HOI_KLE,
                                   "FOELSOMME_PERSONOPLYSNINGER", borger, "11111111")
    assert obj["synlighed"] in ("BORGER_SYNLIG", "INTERN") and obj["id"]
    assert obj["kilde"]["systemNavn"] == "Helhed HOI" and obj["kilde"]["kildeId"] == obj["id"]


async def test_composition_needs_no_token_but_the_hoi_fields_do(env: HoiEnv) -> None:
    body = await env.call(None, "{ _service { sdl } }")
    assert "opretHoiSag" in body["data"]["_service"]["sdl"]
    body = await env.call(None, "query($id: UUID!) { hoiSag(id: $id) { id } }", {"id": new_id()})
    assert codes(body) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize("persona", ["socialraadgiver", "jobcenter", "borger", "revisor"])
async def test_only_hoi_plan_skriv_opens_a_case(env: HoiEnv, persona: str) -> None:
    borger = env.person_id(3)
    body = await _open(env, borger, persona=persona)
    assert body["data"] is None and codes(body) == ["FORBIDDEN"]


async def test_opening_needs_a_covering_hoi_samtykke(env: HoiEnv) -> None:
    borger = env.person_id(4)
    samtykke = await env.give(borger, Sektor.BESKAEFTIGELSE)
    koordinator = {"brugerId": await env.subject("hoi-koordinator"), "cvr": "11111111"}
    body = await env.call("hoi-koordinator", OPEN, {"b": borger, "s": samtykke, "k": koordinator,
                                                     "o": ["BESKAEFTIGELSE", "SOCIAL"]})
    assert codes(body) == ["CONSENT_REQUIRED"] and "SOCIAL" in body["errors"][0]["message"]
    other = await env.give(borger, Sektor.BESKAEFTIGELSE, Sektor.SOCIAL, kode="jobformidling")
    body = await env.call("hoi-koordinator", OPEN, {"b": borger, "s": other, "k": koordinator,
                                                     "o": ["BESKAEFTIGELSE", "SOCIAL"]})
    assert codes(body) == ["CONSENT_REQUIRED"]
    body = await env.call("hoi-koordinator", OPEN, {"b": borger, "s": new_id(), "k": koordinator,
                                                     "o": ["BESKAEFTIGELSE"]})
    assert codes(body) == ["CONSENT_REQUIRED"]
    body = await env.call("hoi-koordinator",
                          "query($b: UUID!) { borger(id: $b) { hoiSager { id } } }",
                          {"b": borger})
    assert body["data"]["borger"]["hoiSager"] == []


async def test_a_case_and_its_plan_carry_the_guard_fields_and_versions(env: HoiEnv) -> None:
    borger = env.person_id(5)
    body = await _open(env, borger, Sektor.BESKAEFTIGELSE, Sektor.SOCIAL)
    assert "errors" not in body, body
    opened = body["data"]["opretHoiSag"]
    sag = opened["sag"]
    _styret(sag, borger)
    assert (opened["version"], sag["status"], sag["erHoiSag"], sag["omraader"]) == (
        1, "AKTIV", True, ["BESKAEFTIGELSE", "SOCIAL"])
    koordinator = await env.subject("hoi-koordinator")
    assert sag["koordinator"] == {"brugerId": koordinator, "cvr": "11111111"}
    assert sag["historik"] == [{"version": 1, "haendelse": "OPRETTET",
                                "aarsag": "Borgeren ønsker et samlet forløb",
                                "aktoer": {"type": "MEDARBEJDER", "id": koordinator,
                                           "cvr": "11111111"}}]
    added = await env.call("socialraadgiver", ADD_MAAL, _maal(opened["planId"], 1,
                                                              fagomraade="SOCIAL"))
    assert "errors" not in added, added
    result = added["data"]["tilfoejHoiMaal"]
    assert result["version"] == 2
    (maal,) = result["plan"]["maal"]
    _styret(maal, borger)
    assert (maal["id"], maal["formuleretAf"], maal["fagomraade"]) == (
        result["elementId"], "FAGPERSON", "SOCIAL")
    assert maal["oprettet"]["aktoer"]["id"] == await env.subject("socialraadgiver")
    assert maal["tilbageskrivning"] is None  # SOCIAL has no write-back system
    plan = (await env.call("hoi-koordinator", PLAN, {"id": opened["planId"]}))["data"]["hoiPlan"]
    _styret(plan, borger)
    assert (plan["type"], plan["status"], plan["version"]) == (
        "HELHEDSORIENTERET_PLAN", "AKTIV", 2)
    assert [(h["version"], h["aendring"], h["plan"]["version"]) for h in plan["historik"]] == [
        (1, "OPRETTET", 1), (2, "MAAL_TILFOEJET", 2)]
    first = (await env.call("hoi-koordinator", PLAN, {"id": opened["planId"], "v": 1}))
    assert first["data"]["hoiPlan"]["maal"] == []


async def test_writes_are_limited_by_sector_role_and_foelsomhed(env: HoiEnv) -> None:
    borger = env.person_id(6)
    opened = (await _open(env, borger))["data"]["opretHoiSag"]
    plan_id = opened["planId"]
    refused = [("socialraadgiver", {"fagomraade": "BESKAEFTIGELSE"}),  # not their sector
               ("socialraadgiver", {}),  # a sector-neutral goal needs hoi-plan-skriv
               ("jobcenter", {"fagomraade": "BESKAEFTIGELSE"}),  # FORTROLIGE < FOELSOMME
               ("ungevejleder", {"fagomraade": "UDDANNELSE"}),  # not a plan sector
               ("sygeplejerske", {"fagomraade": "SOCIAL"})]
    for persona, values in refused:
        body = await env.call(persona, ADD_MAAL, _maal(plan_id, 1, **values))
        assert codes(body) == ["FORBIDDEN"], (persona, body)
    for persona in ("revisor", "borger"):  # may not read it: it does not exist for them
        body = await env.call(persona, ADD_MAAL, _maal(plan_id, 1))
        assert codes(body) == ["NOT_FOUND"], (persona, body)
    body = await env.call("hoi-koordinator", ADD_MAAL, _maal(plan_id, 1,
                                                             fagomraade="BESKAEFTIGELSE"))
    assert body["data"]["tilfoejHoiMaal"]["version"] == 2
    (maal,) = body["data"]["tilfoejHoiMaal"]["plan"]["maal"]
    assert maal["tilbageskrivning"] == {"status": "AFVENTER", "planVersion": 2}
    stale = await env.call("socialraadgiver", ADD_MAAL, _maal(plan_id, 1, fagomraade="SOCIAL"))
    assert codes(stale) == ["CONFLICT"]
    assert stale["errors"][0]["extensions"]["currentVersion"] == 2
    plan = (await env.call("hoi-koordinator", PLAN, {"id": plan_id}))["data"]["hoiPlan"]
    assert plan["version"] == 2 and len(plan["maal"]) == 1


async def test_indsatser_are_references_to_the_citizens_sector_objects(env: HoiEnv) -> None:
    listing = await env.call("hoi-koordinator", """query($b: UUID!) { borger(id: $b) {
      indsatser(sektor: [SOCIAL]) { __typename id } } }""", {"b": DEMO_ID})
    social = listing["data"]["borger"]["indsatser"][0]
    borger = env.person_id(8)
    opened = (await _open(env, borger))["data"]["opretHoiSag"]
    add = """mutation($p: UUID!, $v: Int!, $i: UUID!) { tilfoejHoiIndsats(planId: $p,
      version: $v, indsatsId: $i) { version plan { indsatser { __typename id }
      indsatsReferencer { indsatsId type sektor } } } }"""
    refused = await env.call("hoi-koordinator", add, {"p": opened["planId"], "v": 1,
                                                      "i": social["id"]})
    assert codes(refused) == ["NOT_FOUND"]  # another citizen's indsats
    case = await _open(env, DEMO_ID, Sektor.BESKAEFTIGELSE, Sektor.SOCIAL)
    plan_id = case["data"]["opretHoiSag"]["planId"]
    try:
        body = await env.call("socialraadgiver", add, {"p": plan_id, "v": 1, "i": social["id"]})
        assert "errors" not in body, body
        plan = body["data"]["tilfoejHoiIndsats"]["plan"]
        assert plan["indsatser"] == [social]
        assert plan["indsatsReferencer"] == [{"indsatsId": social["id"],
                                              "type": "SocialIndsats", "sektor": "SOCIAL"}]
    finally:
        sag_id = case["data"]["opretHoiSag"]["sagId"]
        closed = await env.call("hoi-koordinator", CLOSE, {"id": sag_id, "v": 1})
        assert closed["data"]["afslutHoiSag"]["sag"]["status"] == "AFSLUTTET"


async def test_the_citizen_adds_comments_and_approves_but_not_professional_changes(
        env: HoiEnv) -> None:
    opened = (await _open(env, DEMO_ID))["data"]["opretHoiSag"]
    plan_id, sag_id = opened["planId"], opened["sagId"]
    try:
        await _citizen_flow(env, plan_id)
    finally:
        await env.call("hoi-koordinator", CLOSE, {"id": sag_id, "v": 1})


async def _citizen_flow(env: HoiEnv, plan_id: str) -> None:
    v2 = await env.call("socialraadgiver", ADD_MAAL, _maal(plan_id, 1, fagomraade="SOCIAL"))
    professional = v2["data"]["tilfoejHoiMaal"]["elementId"]
    await env.call("hoi-koordinator", ADD_MAAL, _maal(plan_id, 2, synlighed="INTERN",
                                                      beskrivelse="Intern vurdering"))
    change = """mutation($i: AendrHoiMaalInput!) { aendrHoiMaal(input: $i) { version } }"""
    body = await env.call("borger", change, {"i": {"planId": plan_id, "version": 3,
                                                   "maalId": professional,
                                                   "status": "OPGIVET"}})
    assert codes(body) == ["FORBIDDEN"]
    own = await env.call("borger", ADD_MAAL, _maal(plan_id, 3, type="BORGERENS_EGET_MAAL",
                                                   beskrivelse="Jeg vil i arbejde"))
    assert own["data"]["tilfoejHoiMaal"]["version"] == 4
    comment = """mutation($p: UUID!, $v: Int!, $r: UUID) { tilfoejBorgerBidrag(planId: $p,
      version: $v, type: KOMMENTAR, tekst: "Jeg vil gerne have møder om formiddagen",
      relateretTil: $r) { version } }"""
    body = await env.call("borger", comment, {"p": plan_id, "v": 4, "r": professional})
    assert body["data"]["tilfoejBorgerBidrag"]["version"] == 5
    approve = """mutation($p: UUID!, $v: Int!) { godkendHoiPlan(planId: $p, version: $v,
      kanal: "MitID") { version plan { borgerGodkendt { godkendt kanal } godkendtVersion } } }"""
    body = await env.call("borger", approve, {"p": plan_id, "v": 5})
    approved = body["data"]["godkendHoiPlan"]
    assert approved["version"] == 6
    assert approved["plan"]["borgerGodkendt"] == {"godkendt": True, "kanal": "MitID"}
    assert approved["plan"]["godkendtVersion"] == 5
    mine = (await env.call("borger", PLAN, {"id": plan_id}))["data"]["hoiPlan"]
    assert [m["beskrivelse"] for m in mine["maal"]] == ["Stabil bolig", "Jeg vil i arbejde"]
    assert mine["koordinator"]["brugerId"] is None  # no caseworker identity for the citizen
    assert {h["aktoer"]["id"] for h in mine["historik"] if h["aktoer"]["type"] == "MEDARBEJDER"
            } == {None}
    assert [b["type"] for b in mine["borgerBidrag"]] == ["EGET_MAAL", "KOMMENTAR"]
    worker = (await env.call("hoi-koordinator", PLAN, {"id": plan_id}))["data"]["hoiPlan"]
    assert len(worker["maal"]) == 3
    assert DEMO_CITIZEN.cpr not in json.dumps([mine, worker])


async def test_a_citizen_reads_only_their_own_case(env: HoiEnv) -> None:
    borger = env.person_id(9)
    opened = (await _open(env, borger))["data"]["opretHoiSag"]
    body = await env.call("borger", PLAN, {"id": opened["planId"]})
    assert body["data"]["hoiPlan"] is None
    body = await env.call("borger", "query($b: UUID!) { borger(id: $b) { hoiSager { id } } }",
                          {"b": borger})
    assert codes(body) == ["FORBIDDEN"] and body["data"]["borger"]["hoiSager"] is None
    body = await env.call("borger", "query($id: UUID!) { hoiSag(id: $id) { id } }",
                          {"id": opened["sagId"]})
    assert body["data"]["hoiSag"] is None


async def test_withdrawal_freezes_and_marks_the_plan_at_once(env: HoiEnv) -> None:
    borger = env.person_id(10)
    opened = (await _open(env, borger))["data"]["opretHoiSag"]
    sag = await env.store.samtykker.list_for_borger(borger)
    await env.store.samtykker.withdraw(sag[-1].id, Actor(kind=ActorKind.BORGER, id=borger),
                                       "MitID")
    plan = (await env.call("hoi-koordinator", PLAN, {"id": opened["planId"]}))["data"]["hoiPlan"]
    assert (plan["laast"], plan["sagStatus"], plan["status"]) == (
        True, "SAMTYKKE_OPHOERT", "AFSLUTTET")
    assert plan["samtykkeOphoert"] == {"status": "TILBAGEKALDT"}
    body = await env.call("socialraadgiver", ADD_MAAL, _maal(opened["planId"], 1,
                                                             fagomraade="SOCIAL"))
    assert codes(body) == ["PLAN_FROZEN"]
    history = await env.call("hoi-koordinator", """query($id: UUID!) { hoiSag(id: $id) {
      status version historik { haendelse aktoer { type } } } }""", {"id": opened["sagId"]})
    sag_now = history["data"]["hoiSag"]
    assert sag_now["status"] == "SAMTYKKE_OPHOERT"
    assert [h["haendelse"] for h in sag_now["historik"]] == ["OPRETTET", "SAMTYKKE_OPHOERT"]
    assert sag_now["historik"][-1]["aktoer"]["type"] == "SYSTEM"


async def test_closing_takes_the_version_and_freezes_the_plan(env: HoiEnv) -> None:
    borger = env.person_id(11)
    opened = (await _open(env, borger))["data"]["opretHoiSag"]
    stale = await env.call("hoi-koordinator", CLOSE, {"id": opened["sagId"], "v": 3})
    assert codes(stale) == ["CONFLICT"] and stale["errors"][0]["extensions"][
        "currentVersion"] == 1
    body = await env.call("socialraadgiver", CLOSE, {"id": opened["sagId"], "v": 1})
    assert codes(body) == ["FORBIDDEN"]
    closed = (await env.call("hoi-koordinator", CLOSE, {"id": opened["sagId"], "v": 1}))
    assert closed["data"]["afslutHoiSag"]["version"] == 2
    assert closed["data"]["afslutHoiSag"]["sag"]["afslutningsAarsag"] == "Borgeren er i job"
    body = await env.call("hoi-koordinator", ADD_MAAL, _maal(opened["planId"], 1))
    assert codes(body) == ["PLAN_FROZEN"]
    plan = (await env.call("hoi-koordinator", PLAN, {"id": opened["planId"]}))["data"]["hoiPlan"]
    assert (plan["status"], plan["laast"]) == ("AFSLUTTET", True)

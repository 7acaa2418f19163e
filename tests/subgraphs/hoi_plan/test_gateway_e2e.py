"""The HOI case and shared plan end to end through the gateway, with authorization on.

The koordinator registers the citizen's samtykke (``registrerSamtykke`` in adgang) and opens
the HOI case with it, the social worker adds a goal, the citizen comments and approves, an
aftale for Min Plan is written back exactly once though Min Plan fails the first two
attempts; then the citizen withdraws the samtykke and the koordinator closes the case. Real
processes on loopback: mock IdP, mocks, six subgraphs, the gateway
(``tests/authz/environment.py``).

Reads of HOI objects (``sektor: TVAERGAAENDE``) and the koordinator's access (H3) go through
the gateway's policy, which gets the active cases from ``hoi_case_loader`` of
``subgraphs.hoi.plan_state`` once per request.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import hashlib
import io
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pypdf
import pytest
import pytest_asyncio
from lxml import etree

from mocks.common.faults import FaultConfig, FaultMode
from mocks.idp.personas import PERSONAS
from mocks.population import DEMO_CITIZEN
from subgraphs.hoi.documents import SCHEMA_PATH
from subgraphs.hoi.plan_state import RetryPolicy
from subgraphs.hoi.report import Pseudonymiser, ReportSettings
from subgraphs.hoi.writeback import WritebackSettings
from tests.authz.environment import AccessEnvironment, access_environment

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

CPR = DEMO_CITIZEN.cpr
CITIZEN_ID = str(DEMO_CITIZEN.id)
KOMMUNE = "11111111"
REGISTER = """mutation($input: RegistrerSamtykkeInput!) {
  registrerSamtykke(input: $input) { id status } }"""
OPEN = """mutation($b: UUID!, $k: KoordinatorInput!, $s: UUID!) {
  opretHoiSag(borgerId: $b, koordinator: $k, samtykkeId: $s, omraader: [BESKAEFTIGELSE, SOCIAL],
              aarsag: "Borgeren har givet skriftligt samtykke til HOI") {
    sagId planId version } }"""
ADD_MAAL = """mutation($i: TilfoejHoiMaalInput!) { tilfoejHoiMaal(input: $i) {
  version elementId } }"""
ADD_AFTALE = """mutation($i: TilfoejHoiAftaleInput!) { tilfoejHoiAftale(input: $i) {
  version elementId } }"""
COMMENT = """mutation($p: UUID!, $v: Int!, $r: UUID) { tilfoejBorgerBidrag(planId: $p, version: $v,
  type: KOMMENTAR, tekst: "Jeg vil gerne have møderne om formiddagen", relateretTil: $r) {
  version plan { version borgerBidrag { type tekst relateretTil } } } }"""
APPROVE = """mutation($p: UUID!, $v: Int!) { godkendHoiPlan(planId: $p, version: $v,
  kanal: "MitID") {
  version plan { version borgerGodkendt { godkendt kanal } godkendtVersion } } }"""
MY_PLAN = """query($cpr: CPR!) { borger(cpr: $cpr) { hoiPlan { id version status laast sagStatus
  samtykkeOphoert { status } sektor borgerId koordinator { brugerId cvr }
  maal { beskrivelse formuleretAf fagomraade }
  aftaler { titel fagomraade tilbageskrivning { status forsoeg sidstForsoegt fejl eksternId } }
  borgerBidrag { type } borgerGodkendt { godkendt } } } }"""
MINPLAN_WRITES = "/dfdg/v1/minplan"
PROMPT = WritebackSettings(interval=0.1, retry=RetryPolicy(first_delay=0.2, max_delay=1.0))
"""The hoi subgraph's write-back, quick enough for a test (the stack's default is 5 s)."""
REPORT_KEY = b"the municipality's report key, kept secret"


@dataclasses.dataclass(frozen=True)
class FoundDemoCitizen:
    """The målgruppe source as the report sees it (the index is on another branch)."""

    navn: str = "stub: skal-målgruppen"

    async def fundet(self, kommune_cvr: str, fra: datetime, til: datetime) -> frozenset[str]:
        return frozenset({CITIZEN_ID})


REPORT = ReportSettings(pseudonym=Pseudonymiser(REPORT_KEY), maalgruppe=FoundDemoCitizen())
SAGER = """query($cpr: CPR!) { borger(cpr: $cpr) { sager { __typename sektor } } }"""


@dataclass
class Case:
    """The case the module's flow works on."""

    sag_id: str
    plan_id: str
    samtykke_id: str


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[AccessEnvironment]:
    database = Path(tmp_path_factory.mktemp("hoi-e2e")) / "helhed.db"
    async with access_environment(f"sqlite:///{database}",
                                  hoi_options={"writeback": PROMPT, "report": REPORT}) as running:
        yield running


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", ())]


async def _ok(env: AccessEnvironment, persona: str, query: str,
              variables: dict[str, Any]) -> dict[str, Any]:
    status, body = await env.ask(persona, query, variables)
    assert status == 200 and "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def _version(env: AccessEnvironment) -> int:
    """The plan's current version, as the citizen reads it through the gateway."""
    data = await _ok(env, "borger", MY_PLAN, {"cpr": CPR})
    return int(data["borger"]["hoiPlan"]["version"])


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def case(env: AccessEnvironment) -> Case:
    """The koordinator registers the samtykke through adgang and opens the case with it.

    The samtykke names the municipality's social area as recipient, so rule A2 alone does not
    let the koordinator (home sector beskæftigelse) read social data: only H3 can.
    """
    given = await _ok(env, "hoi-koordinator", REGISTER, {"input": {
        "borgerId": CITIZEN_ID, "formaal": {"system": "urn:helhed:formaal", "kode": "HOI"},
        "handlinger": ["SE"], "omraader": ["BESKAEFTIGELSE", "SOCIAL"], "form": "SKRIFTLIG",
        "modtagere": [{"cvr": KOMMUNE, "sektor": "SOCIAL"}]}})
    samtykke_id = given["registrerSamtykke"]["id"]
    opened = await _ok(env, "hoi-koordinator", OPEN, {
        "b": CITIZEN_ID, "s": samtykke_id,
        "k": {"brugerId": PERSONAS["hoi-koordinator"].subject, "cvr": KOMMUNE}})
    result = opened["opretHoiSag"]
    assert result["version"] == 1
    return Case(sag_id=result["sagId"], plan_id=result["planId"], samtykke_id=samtykke_id)


async def test_only_hoi_plan_skriv_opens_a_case_through_the_gateway(
        env: AccessEnvironment, case: Case) -> None:
    status, body = await env.ask("jobcenter", OPEN, {
        "b": CITIZEN_ID, "s": case.samtykke_id, "k": {"brugerId": "x", "cvr": KOMMUNE}})
    assert status == 200 and body.get("data") is None
    assert _codes(body) == ["FORBIDDEN"]


async def test_social_worker_adds_a_goal_and_citizen_comments_and_approves(
        env: AccessEnvironment, case: Case) -> None:
    version = await _version(env)
    added = await _ok(env, "socialraadgiver", ADD_MAAL, {"i": {
        "planId": case.plan_id, "version": version, "type": "LIVSMESTRINGSMAAL",
        "beskrivelse": "Egen bolig inden efteråret", "fagomraade": "SOCIAL"}})
    goal = added["tilfoejHoiMaal"]
    assert goal["version"] == version + 1
    commented = await _ok(env, "borger", COMMENT, {"p": case.plan_id, "v": goal["version"],
                                                   "r": goal["elementId"]})
    plan = commented["tilfoejBorgerBidrag"]["plan"]
    assert plan["borgerBidrag"][-1] == {"type": "KOMMENTAR",
                                        "tekst": "Jeg vil gerne have møderne om formiddagen",
                                        "relateretTil": goal["elementId"]}
    approved = await _ok(env, "borger", APPROVE, {"p": case.plan_id,
                                                  "v": plan["version"]})
    result = approved["godkendHoiPlan"]
    assert result["plan"]["borgerGodkendt"] == {"godkendt": True, "kanal": "MitID"}
    assert result["plan"]["godkendtVersion"] == plan["version"]
    mine = (await _ok(env, "borger", MY_PLAN, {"cpr": CPR}))["borger"]["hoiPlan"]
    assert ("Egen bolig inden efteråret", "FAGPERSON", "SOCIAL") in {
        (m["beskrivelse"], m["formuleretAf"], m["fagomraade"]) for m in mine["maal"]}
    assert (mine["sektor"], mine["borgerId"], mine["koordinator"]) == (
        "TVAERGAAENDE", CITIZEN_ID, {"brugerId": None, "cvr": KOMMUNE})
    assert mine["borgerGodkendt"] == {"godkendt": True}


async def test_a_stale_version_through_the_gateway_is_a_conflict(
        env: AccessEnvironment, case: Case) -> None:
    version = await _version(env)
    status, body = await env.ask("socialraadgiver", ADD_MAAL, {"i": {
        "planId": case.plan_id, "version": version - 1, "type": "INDSATSMAAL",
        "beskrivelse": "for sent", "fagomraade": "SOCIAL"}})
    assert status == 200 and _codes(body) == ["CONFLICT"]
    assert body["errors"][0]["extensions"]["currentVersion"] == version
    assert await _version(env) == version


async def test_a_min_plan_aftale_is_written_back_once_though_min_plan_fails_twice(
        env: AccessEnvironment, case: Case) -> None:
    """Typed in once: the aftale reaches Min Plan exactly once; the plan shows how it went."""
    dfdg = env.stack.mock_state("beskaeftigelse")
    dfdg.fault = FaultConfig(FaultMode.FAIL, count=2, methods=frozenset({"POST"}),
                             path=MINPLAN_WRITES)
    added = await _ok(env, "hoi-koordinator", ADD_AFTALE, {"i": {
        "planId": case.plan_id, "version": await _version(env), "type": "MOEDE",
        "titel": "Samtale om praktik", "fra": "2026-06-01T09:00:00+02:00",
        "fagomraade": "BESKAEFTIGELSE"}})
    aftale_id = added["tilfoejHoiAftale"]["elementId"]
    seen: list[str] = []
    state: dict[str, Any] = {}
    for _ in range(200):
        mine = (await _ok(env, "borger", MY_PLAN, {"cpr": CPR}))["borger"]["hoiPlan"]
        (aftale,) = [a for a in mine["aftaler"] if a["titel"] == "Samtale om praktik"]
        state = aftale["tilbageskrivning"]
        seen.append(state["status"])
        if state["status"] == "GENNEMFOERT":
            break
        await asyncio.sleep(0.05)
    assert state["status"] == "GENNEMFOERT", seen
    assert (state["forsoeg"], state["fejl"], state["sidstForsoegt"] is not None) == (3, None, True)
    assert seen[0] in {"AFVENTER", "I_GANG", "FEJLET"}
    assert dfdg.fault.mode is FaultMode.OK  # both failures went to write attempts
    writes = [c for c in dfdg.calls if c.method == "POST" and c.path.startswith(MINPLAN_WRITES)]
    assert len(writes) == 1  # the failed attempts never reached Min Plan
    async with env.http.post(f"{env.stack.mock_urls['beskaeftigelse']}/dfdg/v1/borgere/opslag",
                             json={"cprNumre": [CPR]}) as response:
        min_plan = (await response.json())["borgere"][0]["minPlan"]
    written = [a for a in min_plan["aftaler"] if a.get("kilde", {}).get("id") == aftale_id]
    assert [(a["aftaleId"], a["samtaletype"]) for a in written] == [
        (state["eksternId"], "Samtale om praktik")]


@pytest.mark.parametrize("persona", ["ungevejleder", "revisor"])
async def test_workers_outside_the_consented_sectors_never_read_the_plan(
        env: AccessEnvironment, case: Case, persona: str) -> None:
    _, body = await env.ask(persona, MY_PLAN, {"cpr": CPR})
    borger = (body.get("data") or {}).get("borger")
    assert borger is None or borger["hoiPlan"] is None
    assert "Egen bolig" not in json.dumps(body)


async def test_the_koordinator_reads_the_plan(env: AccessEnvironment, case: Case) -> None:
    data = await _ok(env, "hoi-koordinator", MY_PLAN, {"cpr": CPR})
    assert data["borger"]["hoiPlan"]["id"] == case.plan_id


async def test_the_social_worker_reads_the_plan(env: AccessEnvironment, case: Case) -> None:
    data = await _ok(env, "socialraadgiver", MY_PLAN, {"cpr": CPR})
    assert "Egen bolig inden efteråret" in {m["beskrivelse"]
                                            for m in data["borger"]["hoiPlan"]["maal"]}


async def test_the_koordinator_reads_the_consented_sectors_while_the_case_is_active(
        env: AccessEnvironment, case: Case) -> None:
    data = await _ok(env, "hoi-koordinator", SAGER, {"cpr": CPR})
    assert {s["sektor"] for s in data["borger"]["sager"]} >= {"BESKAEFTIGELSE", "SOCIAL"}


DOKUMENT = """query($cpr: CPR!, $f: PlanDokumentFormat!) { borger(cpr: $cpr) { hoiPlan {
  version dokument(format: $f) { filnavn mediaType indhold stoerrelse sha256 planVersion } } } }"""


async def _document(env: AccessEnvironment, persona: str, form: str) -> tuple[dict[str, Any],
                                                                             bytes]:
    data = await _ok(env, persona, DOKUMENT, {"cpr": CPR, "f": form})
    plan = data["borger"]["hoiPlan"]
    document = plan["dokument"]
    raw = base64.b64decode(document["indhold"])
    assert (len(raw), hashlib.sha256(raw).hexdigest(), document["planVersion"]) == (
        document["stoerrelse"], document["sha256"], plan["version"])
    return document, raw


async def test_the_plan_as_pdf_and_xml_through_the_gateway_is_governed_and_audited(
        env: AccessEnvironment, case: Case) -> None:
    await _ok(env, "socialraadgiver", ADD_MAAL, {"i": {
        "planId": case.plan_id, "version": await _version(env), "type": "INDSATSMAAL",
        "beskrivelse": "Intern note om bostøtte", "fagomraade": "SOCIAL",
        "synlighed": "INTERN"}})
    pdf, raw = await _document(env, "borger", "PDF")
    assert (pdf["mediaType"], pdf["filnavn"].endswith(".pdf")) == ("application/pdf", True)
    reader = pypdf.PdfReader(io.BytesIO(raw))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert len(reader.pages) == 1
    assert "Helhedsorienteret plan for Dorthe Korsbæk" in text
    assert "Egen bolig inden efteråret" in text and "Hvem gør hvad" in text
    xml, raw_xml = await _document(env, "socialraadgiver", "XML")
    assert xml["mediaType"] == "application/xml"
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    schema.assertValid(etree.fromstring(raw_xml))
    assert "Egen bolig inden efteråret" in raw_xml.decode()
    assert "Samtale om praktik" in raw_xml.decode()  # the aftale (past: not on the PDF)
    for secret in ("Intern note om bostøtte", PERSONAS["hoi-koordinator"].subject,
                   PERSONAS["socialraadgiver"].subject, CPR):
        assert secret not in text and secret not in raw_xml.decode()
    page = await env.store.audit.for_viewer(PERSONAS["socialraadgiver"].subject, first=1)
    assert "HoiPlan.dokument" in page.entries[0].record.felter
    _, body = await env.ask("ungevejleder", DOKUMENT, {"cpr": CPR, "f": "PDF"})
    borger = (body.get("data") or {}).get("borger")
    assert borger is None or borger["hoiPlan"] is None
    assert "indhold" not in json.dumps(body.get("data"))


INDBERETNING = """query($fra: Date!, $til: Date!) { hoiIndberetning(fra: $fra, til: $til) {
  fra til kommuneCvr maalgruppeKilde totaler { borgere fundetIMaalgruppe tilbudt samtykket
  medPlan nyePlaner } csv: data(format: CSV) json: data(format: JSON) } }"""


async def test_the_offer_is_recorded_and_the_report_is_for_the_report_role_only(
        env: AccessEnvironment, case: Case) -> None:
    offered = await _ok(env, "hoi-koordinator", """mutation($b: UUID!) {
      registrerHoiTilbud(borgerId: $b, kanal: MOEDE) { id kanal kommuneCvr } }""",
                        {"b": CITIZEN_ID})
    assert offered["registrerHoiTilbud"]["kommuneCvr"] == KOMMUNE
    _, body = await env.ask("jobcenter", """mutation($b: UUID!) {
      registrerHoiTilbud(borgerId: $b, kanal: BREV) { id } }""", {"b": CITIZEN_ID})
    assert _codes(body) == ["FORBIDDEN"]
    today = datetime.now(ZoneInfo("Europe/Copenhagen")).date().isoformat()
    period = {"fra": today, "til": today}
    report = (await _ok(env, "hoi-leder", INDBERETNING, period))["hoiIndberetning"]
    assert (report["kommuneCvr"], report["maalgruppeKilde"]) == (KOMMUNE, "stub: skal-målgruppen")
    assert report["totaler"] == {"borgere": 1, "fundetIMaalgruppe": 1, "tilbudt": 1,
                                 "samtykket": 1, "medPlan": 1, "nyePlaner": 1}
    (row,) = json.loads(report["json"])["borgere"]
    assert row["pseudonym"] == Pseudonymiser(REPORT_KEY)(CITIZEN_ID)
    assert (row["tilbudt"], row["samtykket"], row["plan"]) == (True, True, True)
    assert report["csv"].splitlines()[1].startswith(row["pseudonym"] + ",1,1,")
    assert CITIZEN_ID not in json.dumps(report) and CPR not in json.dumps(report)
    for persona in ("hoi-koordinator", "revisor", "borger"):
        _, body = await env.ask(persona, INDBERETNING, period)
        assert body.get("data") is None and _codes(body) == ["FORBIDDEN"], persona


async def test_withdrawal_freezes_the_plan_and_closing_ends_the_case(
        env: AccessEnvironment, case: Case) -> None:
    _, body = await env.ask("borger", """mutation($id: UUID!) {
      tilbagekaldSamtykke(id: $id, kanal: "MitID") { status } }""", {"id": case.samtykke_id})
    assert body["data"]["tilbagekaldSamtykke"]["status"] == "TILBAGEKALDT", body
    mine = (await _ok(env, "borger", MY_PLAN, {"cpr": CPR}))["borger"]["hoiPlan"]
    assert (mine["laast"], mine["sagStatus"], mine["samtykkeOphoert"]) == (
        True, "SAMTYKKE_OPHOERT", {"status": "TILBAGEKALDT"})
    _, body = await env.ask("socialraadgiver", ADD_MAAL, {"i": {
        "planId": case.plan_id, "version": mine["version"], "type": "INDSATSMAAL",
        "beskrivelse": "efter tilbagekaldelse", "fagomraade": "SOCIAL"}})
    assert _codes(body) == ["PLAN_FROZEN"]
    closed = await _ok(env, "hoi-koordinator", """mutation($id: UUID!, $v: Int!) {
      afslutHoiSag(id: $id, aarsag: "Samtykket er tilbagekaldt", version: $v) { version } }""",
                       {"id": case.sag_id, "v": await _sag_version(env, case)})
    assert closed["afslutHoiSag"]["version"] >= 2
    mine = (await _ok(env, "borger", MY_PLAN, {"cpr": CPR}))["borger"]["hoiPlan"]
    assert (mine["status"], mine["sagStatus"]) == ("AFSLUTTET", "AFSLUTTET")
    sectors = {s["sektor"] for s in (await _ok(env, "hoi-koordinator", SAGER, {"cpr": CPR}))[
        "borger"]["sager"]}
    assert sectors == {"BESKAEFTIGELSE"}  # no access beyond the koordinator's own sector


async def _sag_version(env: AccessEnvironment, case: Case) -> int:
    """The case's version as the citizen reads it (the koordinator needs the lead's policy)."""
    data = await _ok(env, "borger", """query($cpr: CPR!) { borger(cpr: $cpr) {
      hoiSager { id version } } }""", {"cpr": CPR})
    (found,) = [s for s in data["borger"]["hoiSager"] if s["id"] == case.sag_id]
    return int(found["version"])

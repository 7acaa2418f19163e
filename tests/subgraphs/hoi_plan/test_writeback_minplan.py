"""Write-back to the DFDG mock over HTTP: Min Plan's XML, a lost answer, and the CLI's round."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import aiohttp
import pytest

import mocks.beskaeftigelse
import mocks.cpr
from authz.store import Sektor
from mocks.common.faults import FaultConfig, FaultMode
from mocks.common.serve import serve_apps
from mocks.population import DEMO_CITIZEN, Population
from subgraphs.hoi.plan_state import (
    AendrAftale,
    AftaleStatus,
    AftaleType,
    HoiStore,
    MaalType,
    RetryPolicy,
    TilbageskrivningStatus,
    TilfoejAftale,
    TilfoejMaal,
    VurderetAf,
)
from subgraphs.hoi.writeback import WritebackSettings
from subgraphs.hoi.writeback.setup import minplan_worker
from tests.subgraphs.hoi_plan.samples import KOORDINATOR, give, ny_sag

NS = {"m": "urn:dk:star:minplan:1"}
BORGER = str(DEMO_CITIZEN.id)
PROMPT = WritebackSettings(interval=0, retry=RetryPolicy(first_delay=0.0))


@dataclass
class Systems:
    dfdg: str
    cpr: str
    dfdg_app: object
    http: aiohttp.ClientSession

    async def min_plan(self) -> ET.Element:
        async with self.http.post(f"{self.dfdg}/dfdg/v1/borgere/opslag",
                                  json={"cprNumre": [DEMO_CITIZEN.cpr]}) as response:
            plan_id = (await response.json())["borgere"][0]["minPlan"]["planId"]
        async with self.http.get(f"{self.dfdg}/dfdg/v1/minplan/{plan_id}",
                                 headers={"accept": "application/xml"}) as response:
            return ET.fromstring(await response.read())


@pytest.fixture
async def systems() -> AsyncIterator[Systems]:
    population = Population(size=50)
    apps = {"dfdg": mocks.beskaeftigelse.create_app(population),
            "cpr": mocks.cpr.create_app(population)}
    async with serve_apps(apps) as servers, aiohttp.ClientSession() as http:
        yield Systems(servers["dfdg"].url, servers["cpr"].url, apps["dfdg"], http)


def _by_source(plan: ET.Element, path: str, source: str) -> list[ET.Element]:
    return [e for e in plan.findall(path, NS) if e.findtext("m:Kilde/m:Id", namespaces=NS)
            == source]


async def test_items_reach_min_plan_once_even_when_an_answer_is_lost(
        hoi: HoiStore, systems: Systems) -> None:
    sag = await hoi.sager.opret(ny_sag(BORGER, await give(hoi, BORGER)), KOORDINATOR)
    v2 = await hoi.planer.aendr(sag.plan_id, 1, TilfoejAftale(
        type=AftaleType.MOEDE, titel="Samtale om praktik på Bryghuset",
        fra=datetime(2026, 6, 1, 9, tzinfo=UTC), til=datetime(2026, 6, 1, 10, 30, tzinfo=UTC),
        sted="Jobcenter Korsbæk", aftalt_indhold="Borgeren møder i arbejdstøj",
        fagomraade=Sektor.BESKAEFTIGELSE), KOORDINATOR)
    v3 = await hoi.planer.aendr(sag.plan_id, 2, TilfoejMaal(
        type=MaalType.BESKAEFTIGELSESMAAL, beskrivelse="Job på 20 timer i detailhandlen",
        formuleret_af=VurderetAf.FAELLES, fagomraade=Sektor.BESKAEFTIGELSE), KOORDINATOR)
    aftale_id, maal_id = v2.element_id, v3.element_id
    assert aftale_id is not None and maal_id is not None
    systems.dfdg_app.state.mock.fault = FaultConfig(  # type: ignore[attr-defined]
        FaultMode.LOST, count=1, methods=frozenset({"POST"}), path="/dfdg/v1/minplan")
    async with aiohttp.ClientSession() as session:
        worker = minplan_worker(hoi, session, person_url=systems.cpr,
                                beskaeftigelse_url=systems.dfdg, settings=PROMPT)
        first = await worker.run_once()
        assert (first.gennemfoert, first.fejlet) == (1, 1)
        assert (await worker.run_once()).gennemfoert == 1
    plan = await systems.min_plan()
    (aftale,) = _by_source(plan, "m:Aftaler/m:Aftale", aftale_id)
    (maal,) = _by_source(plan, "m:Maal/m:Maal", maal_id)
    assert [aftale.findtext(f"m:{name}", namespaces=NS) for name in (
        "Samtaletype", "Tidspunkt", "VarighedMinutter", "Status", "AftaltIndhold")] == [
        "Samtale om praktik på Bryghuset", "2026-06-01T09:00:00+00:00", "90", "planlagt",
        "Borgeren møder i arbejdstøj"]
    assert maal.findtext("m:Maaltype", namespaces=NS) == "JOBMAAL"
    queue = await hoi.tilbageskrivninger.for_plan(sag.plan_id)
    assert (queue[aftale_id].status, queue[aftale_id].forsoeg) == (
        TilbageskrivningStatus.GENNEMFOERT, 2)
    assert queue[aftale_id].ekstern_id == aftale.get("id")
    assert queue[maal_id].ekstern_id == maal.get("id")


async def test_the_cli_runs_one_round_and_min_plan_updates_the_same_item(
        hoi: HoiStore, systems: Systems, database_url: str) -> None:
    sag = await hoi.sager.opret(ny_sag(BORGER, await give(hoi, BORGER)), KOORDINATOR)
    v2 = await hoi.planer.aendr(sag.plan_id, 1, TilfoejAftale(
        type=AftaleType.SAMTALE, titel="Opfølgning", fra=datetime(2026, 7, 1, 9, tzinfo=UTC),
        fagomraade=Sektor.BESKAEFTIGELSE), KOORDINATOR)
    aftale_id = v2.element_id
    assert aftale_id is not None
    assert await _cli(database_url, systems) == {"gennemfoert": 1, "fejlet": 0, "opgivet": 0,
                                                 "skipped": 0}
    (created,) = _by_source(await systems.min_plan(), "m:Aftaler/m:Aftale", aftale_id)
    await hoi.planer.aendr(sag.plan_id, 2, AendrAftale(aftale_id=aftale_id,
                                                       status=AftaleStatus.AFLYST), KOORDINATOR)
    assert (await _cli(database_url, systems))["gennemfoert"] == 1
    (updated,) = _by_source(await systems.min_plan(), "m:Aftaler/m:Aftale", aftale_id)
    assert updated.get("id") == created.get("id")
    assert updated.findtext("m:Status", namespaces=NS) == "aflyst"
    assert (await _cli(database_url, systems))["gennemfoert"] == 0


async def _cli(database_url: str, systems: Systems) -> dict[str, int]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "subgraphs.hoi.writeback", "once", "--database-url",
        database_url, "--mock-url", systems.cpr, "--beskaeftigelse-url", systems.dfdg,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, err.decode()
    assert DEMO_CITIZEN.cpr.encode() not in out + err
    result: dict[str, int] = json.loads(out.decode().strip().splitlines()[-1])
    return result

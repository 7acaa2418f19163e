"""Min Plan takes aftaler and mål in its XML format, idempotently, with faults on the writes."""

from __future__ import annotations

import uuid
from xml.etree import ElementTree as ET

import mocks.beskaeftigelse
from mocks.population import DEMO_CITIZEN, Population
from tests.mocks.support import MockHttp, running

_POPULATION = Population(size=50)
_NS = {"m": "urn:dk:star:minplan:1"}
_SOURCE = str(uuid.uuid4())


def _aftale(version: int = 1, status: str = "planlagt", source: str = _SOURCE) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Aftale xmlns="urn:dk:star:minplan:1">
  <Samtaletype>Samtale om praktik på Korsbæk Bryghus</Samtaletype>
  <Tidspunkt>2026-06-01T07:00:00+00:00</Tidspunkt>
  <VarighedMinutter>60</VarighedMinutter>
  <Sted>Jobcenter Korsbæk</Sted>
  <Status>{status}</Status>
  <AftaltIndhold>Borgeren møder i arbejdstøj.</AftaltIndhold>
  <SynligIJobnet>true</SynligIJobnet>
  <Kilde><System>urn:helhed:hoi</System><Id>{source}</Id><Version>{version}</Version></Kilde>
</Aftale>""".encode()


_MAAL = f"""<Maal xmlns="urn:dk:star:minplan:1"><Maaltype>JOBMAAL</Maaltype>
<Beskrivelse>Job i detailhandlen på 20 timer</Beskrivelse><Status>aktiv</Status>
<SynligIJobnet>true</SynligIJobnet>
<Kilde><System>urn:helhed:hoi</System><Id>{uuid.uuid4()}</Id><Version>3</Version></Kilde>
</Maal>""".encode()


async def _deliver(mock: MockHttp, body: bytes, key: str, path: str = "aftaler",
                   cpr: str = DEMO_CITIZEN.cpr) -> tuple[int, bytes, dict[str, str]]:
    headers = {"content-type": "application/xml", "idempotency-key": key,
               "x-civilregistrationIdentifier": cpr}
    async with mock.session.post(f"{mock.url}/dfdg/v1/minplan/{path}", data=body,
                                 headers=headers) as response:
        return response.status, await response.read(), dict(response.headers)


async def _plan(mock: MockHttp) -> ET.Element:
    _, body = await mock.post("/dfdg/v1/borgere/opslag", {"cprNumre": [DEMO_CITIZEN.cpr]})
    plan_id = body["borgere"][0]["minPlan"]["planId"]
    status, raw, _ = await mock.get(f"/dfdg/v1/minplan/{plan_id}", accept="application/xml")
    assert status == 200
    return ET.fromstring(raw)


def _from(plan: ET.Element, source: str = _SOURCE) -> list[ET.Element]:
    return [a for a in plan.findall("m:Aftaler/m:Aftale", _NS)
            if a.findtext("m:Kilde/m:Id", namespaces=_NS) == source]


async def test_a_delivered_aftale_appears_once_in_min_plan_with_a_dfdg_id() -> None:
    async with running(mocks.beskaeftigelse.create_app(_POPULATION)) as mock:
        before = len((await _plan(mock)).findall("m:Aftaler/m:Aftale", _NS))
        status, raw, _ = await _deliver(mock, _aftale(), "k1")
        assert status == 201
        answer = ET.fromstring(raw)
        assert answer.tag == "{urn:dk:star:minplan:1}Aftale"
        assert answer.findtext("m:Kle", namespaces=_NS) == "32.24.04"
        plan = await _plan(mock)
        (stored,) = _from(plan)
        assert stored.get("id") == answer.get("id")
        assert stored.findtext("m:Samtaletype", namespaces=_NS) == (
            "Samtale om praktik på Korsbæk Bryghus")
        assert len(plan.findall("m:Aftaler/m:Aftale", _NS)) == before + 1
        _, body = await mock.post("/dfdg/v1/borgere/opslag", {"objektIder": [answer.get("id")]})
        assert [a["kilde"]["id"] for a in body["borgere"][0]["minPlan"]["aftaler"]
                if "kilde" in a] == [_SOURCE]


async def test_a_repeated_delivery_answers_the_same_and_creates_nothing() -> None:
    async with running(mocks.beskaeftigelse.create_app(_POPULATION)) as mock:
        first = await _deliver(mock, _aftale(), "k1")
        again = await _deliver(mock, _aftale(), "k1")
        assert (again[0], again[1]) == (first[0], first[1])
        assert again[2].get("idempotent-replayed") == "true"
        assert len(_from(await _plan(mock))) == 1
        assert (await _deliver(mock, _aftale(status="aflyst"), "k1"))[0] == 422


async def test_a_new_version_updates_the_item_and_a_late_old_one_changes_nothing() -> None:
    async with running(mocks.beskaeftigelse.create_app(_POPULATION)) as mock:
        created = ET.fromstring((await _deliver(mock, _aftale(1), "a:1"))[1])
        status, raw, _ = await _deliver(mock, _aftale(2, "aflyst"), "a:2")
        assert (status, ET.fromstring(raw).get("id")) == (200, created.get("id"))
        status, raw, _ = await _deliver(mock, _aftale(1, "afholdt"), "a:1-late")
        assert status == 200
        assert ET.fromstring(raw).findtext("m:Status", namespaces=_NS) == "aflyst"
        (stored,) = _from(await _plan(mock))
        assert stored.findtext("m:Status", namespaces=_NS) == "aflyst"
        assert stored.findtext("m:Kilde/m:Version", namespaces=_NS) == "2"


async def test_a_goal_gets_a_frist_and_shows_in_min_plan() -> None:
    async with running(mocks.beskaeftigelse.create_app(_POPULATION)) as mock:
        status, raw, _ = await _deliver(mock, _MAAL, "m:3", path="maal")
        assert status == 201
        answer = ET.fromstring(raw)
        assert answer.findtext("m:Frist", namespaces=_NS)
        goals = (await _plan(mock)).findall("m:Maal/m:Maal", _NS)
        assert answer.get("id") in {g.get("id") for g in goals}


async def test_failing_the_first_two_write_attempts_only() -> None:
    async with running(mocks.beskaeftigelse.create_app(_POPULATION)) as mock:
        status, _ = await mock.post("/_admin/faults", {
            "mode": "fail", "count": 2, "methods": ["POST"], "path": "/dfdg/v1/minplan"})
        assert status == 200
        assert (await _plan(mock)) is not None  # lookups and reads are not counted
        statuses = [(await _deliver(mock, _aftale(), "k"))[0] for _ in range(3)]
        assert statuses == [503, 503, 201]
        assert len(_from(await _plan(mock))) == 1


async def test_a_lost_answer_is_applied_and_the_retry_finds_it() -> None:
    async with running(mocks.beskaeftigelse.create_app(_POPULATION)) as mock:
        await mock.post("/_admin/faults", {"mode": "lost", "count": 1, "methods": ["POST"],
                                           "path": "/dfdg/v1/minplan"})
        assert (await _deliver(mock, _aftale(), "k"))[0] == 503
        assert len(_from(await _plan(mock))) == 1
        status, _, headers = await _deliver(mock, _aftale(), "k")
        assert (status, headers.get("idempotent-replayed")) == (201, "true")
        assert len(_from(await _plan(mock))) == 1


async def test_bad_deliveries_are_refused() -> None:
    async with running(mocks.beskaeftigelse.create_app(_POPULATION)) as mock:
        bad = [b"<Aftale", _MAAL, _aftale().replace(b"planlagt", b"maaske"),
               _aftale().replace(b"<Kilde>", b"<Ukendt>").replace(b"</Kilde>", b"</Ukendt>")]
        for body in bad:
            assert (await _deliver(mock, body, str(uuid.uuid4())))[0] == 400
        assert (await _deliver(mock, _aftale(), "k", cpr="7101011234"))[0] == 404
        async with mock.session.post(f"{mock.url}/dfdg/v1/minplan/aftaler", data=_aftale(),
                                     headers={"x-civilregistrationIdentifier":
                                              DEMO_CITIZEN.cpr}) as response:
            assert response.status == 400  # no Idempotency-Key
        assert len(_from(await _plan(mock))) == 0

"""Each mock system over real HTTP: batch lookups in its own wire style, XML, feeds."""

from __future__ import annotations

import uuid
from xml.etree import ElementTree as ET

import orjson

import mocks.beskaeftigelse
import mocks.cpr
import mocks.social
import mocks.sundhed
import mocks.uddannelse
from mocks.population import DEMO_CITIZEN, Population
from tests.mocks.support import running

_POPULATION = Population(size=300)


async def test_dfdg_batch_lookup_by_cpr_and_by_object_id() -> None:
    async with running(mocks.beskaeftigelse.create_app(_POPULATION)) as mock:
        status, body = await mock.post("/dfdg/v1/borgere/opslag",
                                       {"cprNumre": [DEMO_CITIZEN.cpr, "7101011234"]})
        assert status == 200
        (record,) = body["borgere"]
        assert record["cprNummer"] == DEMO_CITIZEN.cpr
        assert record["kontaktgruppe"]["kodeliste"] == "urn:dk:star:dfdg:kontaktgruppe"
        plan = record["minPlan"]
        assert plan["maal"] and plan["aftaler"] and plan["tilbud"]
        assert {t["status"] for t in plan["tilbud"]} <= {"planlagt", "igangvaerende", "afsluttet"}
        tilbud_id = plan["tilbud"][0]["tilbudId"]
        status, body = await mock.post("/dfdg/v1/borgere/opslag", {"objektIder": [tilbud_id]})
        assert [r["cprNummer"] for r in body["borgere"]] == [DEMO_CITIZEN.cpr]


async def test_dfdg_single_citizen_by_header_and_errors() -> None:
    async with running(mocks.beskaeftigelse.create_app(_POPULATION)) as mock:
        status, body, _ = await mock.get("/dfdg/v1/borger",
                                         **{"x-civilregistrationIdentifier": DEMO_CITIZEN.cpr})
        assert status == 200
        assert b'"cprNummer"' in body
        assert (await mock.get("/dfdg/v1/borger"))[0] == 400
        assert (await mock.post("/dfdg/v1/borgere/opslag", {"cprNumre": "x"}))[0] == 400
        assert (await mock.post("/dfdg/v1/borgere/opslag", {}))[0] == 400
        assert (await mock.post("/dfdg/v1/borgere/opslag",
                                {"cprNumre": ["1"] * 1001}))[0] == 413


async def test_min_plan_as_xml_and_json() -> None:
    async with running(mocks.beskaeftigelse.create_app(_POPULATION)) as mock:
        _, body = await mock.post("/dfdg/v1/borgere/opslag", {"cprNumre": [DEMO_CITIZEN.cpr]})
        plan = body["borgere"][0]["minPlan"]
        status, raw, content_type = await mock.get(f"/dfdg/v1/minplan/{plan['planId']}",
                                                   accept="application/xml")
        assert status == 200
        assert content_type == "application/xml"
        root = ET.fromstring(raw)
        ns = {"m": "urn:dk:star:minplan:1"}
        assert root.tag == "{urn:dk:star:minplan:1}MinPlan"
        assert root.get("planId") == plan["planId"]
        assert root.findtext("m:Borger/m:CPRNummer", namespaces=ns) == DEMO_CITIZEN.cpr
        assert len(root.findall("m:Tilbud/m:Tilbud", ns)) == len(plan["tilbud"])
        assert len(root.findall("m:Aftaler/m:Aftale", ns)) == len(plan["aftaler"])
        assert len(root.findall("m:Maal/m:Maal", ns)) == len(plan["maal"])
        status, raw, content_type = await mock.get(f"/dfdg/v1/minplan/{plan['planId']}")
        assert content_type == "application/json"
        assert (await mock.get(f"/dfdg/v1/minplan/{uuid.uuid4()}"))[0] == 404


async def test_ffb_fagsystem_speaks_ffb_codes() -> None:
    async with running(mocks.social.create_app(_POPULATION)) as mock:
        status, body = await mock.post("/ffb/api/v2/borgere/soeg", {"cpr": [DEMO_CITIZEN.cpr]})
        assert status == 200
        (record,) = body["resultater"]
        paragraffer = {(s["paragraf"]["lov"], s["paragraf"]["paragraf"]) for s in record["sager"]}
        assert paragraffer == {("SEL", "85"), ("ABL", "105")}
        sag = record["sager"][0]
        assert sag["kle"]["nummer"] == "27.36.12"
        indsats = sag["indsatser"][0]
        assert indsats["ydelse"]["system"] == "urn:oid:1.2.208.176.2.22"
        assert uuid.UUID(indsats["ydelse"]["code"])
        assert sag["tilstande"][0]["funktionsevneniveau"]["display"].endswith("funktionsevne")
        status, raw, _ = await mock.get(f"/ffb/api/v2/sager/{sag['id']}")
        assert status == 200
        assert sag["id"].encode() in raw


async def test_ungedatabasen_pascal_case_events_for_young_people_only() -> None:
    async with running(mocks.uddannelse.create_app(_POPULATION)) as mock:
        old = next(p for p in _POPULATION.people() if p.alder > 40)
        status, body = await mock.post("/udb/v1/Unge/Opslag",
                                       {"Cprnumre": [DEMO_CITIZEN.cpr, old.cpr]})
        assert status == 200
        (record,) = body["Unge"]
        kinds = {event["Haendelsestype"] for event in record["Haendelser"]}
        assert "OPTAG" in kinds
        assert kinds <= {"OPTAG", "AFBRUD", "FRAFALDSTRUET", "FULDFOERT"}
        assert record["Uddannelsesplan"]["Maal"]
        assert record["Uddannelsespaalaeg"]["PaalaegId"]
        event_id = record["Haendelser"][0]["HaendelseId"]
        assert (await mock.get(f"/udb/v1/Haendelser/{event_id}"))[0] == 200


async def test_sundhed_appointments_and_nursing_states() -> None:
    async with running(mocks.sundhed.create_app(_POPULATION)) as mock:
        status, body = await mock.post("/spo/v1/patienter/opslag", {"cpr": [DEMO_CITIZEN.cpr]})
        assert status == 200
        (record,) = body["patienter"]
        assert record["aftaler"]
        assert {a["status"] for a in record["aftaler"]} <= {"booked", "fulfilled", "cancelled",
                                                            "noshow"}
        tilstand = record["sygeplejetilstande"][0]
        assert tilstand["tilstandskode"]["system"] == "urn:oid:1.2.208.176.2.21"
        aftale_id = record["aftaler"][0]["aftaleId"]
        assert (await mock.get(f"/spo/v1/aftaler/{aftale_id}"))[0] == 200


async def test_person_register_maps_cpr_and_person_id() -> None:
    async with running(mocks.cpr.create_app(_POPULATION)) as mock:
        _, body = await mock.post("/cpr/v1/personer/opslag", {"cprNumre": [DEMO_CITIZEN.cpr]})
        (person,) = body["personer"]
        assert person["personId"] == str(DEMO_CITIZEN.id)
        _, body = await mock.post("/cpr/v1/personer/opslag", {"personIder": [str(DEMO_CITIZEN.id),
                                                                             "not-an-id"]})
        assert [p["cprNummer"] for p in body["personer"]] == [DEMO_CITIZEN.cpr]


async def test_change_feed_pages_through_changes_since() -> None:
    async with running(mocks.social.create_app(_POPULATION)) as mock:
        seen: list[int] = []
        cursor = -1
        while cursor is not None:
            status, raw, _ = await mock.get(f"/ffb/api/v2/aendringer?efter={cursor}&antal=7")
            assert status == 200
            page = orjson.loads(raw)
            assert len(page["aendringer"]) <= 7
            seen += [entry["sekvens"] for entry in page["aendringer"]]
            cursor = page["naeste"]
        expected = [p.index for p in _POPULATION.people() if "social" in p.sectors]
        assert seen == expected
        status, raw, _ = await mock.get("/ffb/api/v2/aendringer?siden=2099-01-01T00:00:00Z")
        assert b'"aendringer":[]' in raw
        assert (await mock.get("/ffb/api/v2/aendringer?siden=nonsense"))[0] == 400

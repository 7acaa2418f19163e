"""Each sector subgraph over real HTTP against its running mock: Borger fields, entities."""

from __future__ import annotations

import aiohttp
import pytest

from mocks.population import DEMO_CITIZEN
from mocks.stack import RunningStack
from tests.subgraphs.support import entities

_DEMO = [{"__typename": "Borger", "id": str(DEMO_CITIZEN.id)}]
_META = "id kommuneCvr sektor kle foelsomhed ansvarligEnhed synlighed tidslinjeTid " \
        "tidslinjeTekst kilde { systemNavn kildeId hentetTid }"
_OWNED = _META + " borger { id }"  # ``borger`` is on concrete types, not on interfaces

_BORGER_FIELDS = {
    "beskaeftigelse": ("kontaktgruppe { system kode tekst } "
                       "minPlan { id borger { id } type status version "
                       f"maal {{ {_META} beskrivelse }} aftaler {{ {_META} titel status }} "
                       f"indsatser {{ {_META} titel status type {{ system kode tekst }} }} }} "
                       f"beskaeftigelsesSager {{ {_OWNED} titel sagsnummer }}"),
    "social": (f"socialeSager {{ {_OWNED} titel hjemmel {{ lov paragraf }} "
               f"indsatser {{ {_META} type {{ system kode tekst }} status "
               f"leverandoer {{ navn tilbudstype {{ kode tekst }} }} }} "
               f"tilstande {{ {_META} tema {{ system kode tekst }} niveau stoettebehov }} "
               f"maal {{ {_META} maaltype {{ kode tekst }} }} }}"),
    "uddannelse": (f"uddannelsesSager {{ {_OWNED} titel }} uddannelsesHaendelser {{ {_OWNED} "
                   "haendelsestype { kode tekst } dato } uddannelsesplan { id type oensker } "
                   "uddannelsespaalaeg { id type frist }"),
    "sundhed": (f"sundhedsSager {{ {_OWNED} titel "
                f"indsatser {{ {_META} type {{ system kode }} }} }} "
                f"aftaleoversigt {{ {_OWNED} status aarsagstekst }} "
                f"sygeplejeTilstande {{ {_OWNED} tema {{ system kode tekst }} }}"),
}
_SEKTOR = {"beskaeftigelse": "BESKAEFTIGELSE", "social": "SOCIAL", "uddannelse": "UDDANNELSE",
           "sundhed": "SUNDHED"}


def _objects(value: object) -> list[dict[str, object]]:
    """Every dict in ``value`` that carries access metadata."""
    if isinstance(value, list):
        return [obj for item in value for obj in _objects(item)]
    if not isinstance(value, dict):
        return []
    own = [value] if "foelsomhed" in value else []
    return own + [obj for item in value.values() for obj in _objects(item)]


@pytest.mark.parametrize("sector", list(_BORGER_FIELDS))
async def test_demo_citizen_data_arrives_with_access_metadata(
        stack: RunningStack, http: aiohttp.ClientSession, sector: str) -> None:
    body = await entities(http, stack.subgraph_urls[sector], _DEMO,
                          f"... on Borger {{ {_BORGER_FIELDS[sector]} }}")
    assert "errors" not in body, body
    (borger,) = body["data"]["_entities"]
    objects = _objects(borger)
    assert len(objects) >= 3, f"{sector} data stopped arriving"
    for obj in objects:
        assert obj["kommuneCvr"] == "11111111"
        assert obj["sektor"] == _SEKTOR[sector]
        assert obj["foelsomhed"] in {"FORTROLIGE_PERSONOPLYSNINGER", "FOELSOMME_PERSONOPLYSNINGER"}
        assert obj["synlighed"] in {"INTERN", "BORGER_SYNLIG"}
        assert obj["kilde"]["kildeId"] == obj["id"]
        assert obj.get("borger", {"id": str(DEMO_CITIZEN.id)}) == {"id": str(DEMO_CITIZEN.id)}
    if sector in {"social", "sundhed"}:
        assert all(o["foelsomhed"] == "FOELSOMME_PERSONOPLYSNINGER" for o in objects)


async def test_social_sager_carry_kle_paragraphs_and_ffb_codes(
        stack: RunningStack, http: aiohttp.ClientSession) -> None:
    body = await entities(http, stack.subgraph_urls["social"], _DEMO,
                          f"... on Borger {{ {_BORGER_FIELDS['social']} }}")
    sager = body["data"]["_entities"][0]["socialeSager"]
    assert {(s["kle"], s["hjemmel"][0]["paragraf"]) for s in sager} == {("27.36.12", "85"),
                                                                        ("27.45.04", "105")}
    for sag in sager:
        assert sag["indsatser"][0]["type"]["system"] == "urn:oid:1.2.208.176.2.22"
        for tilstand in sag["tilstande"]:
            assert tilstand["tema"]["system"] == "urn:oid:1.2.208.176.2.22"


async def test_sector_objects_resolve_as_entities_by_id(
        stack: RunningStack, http: aiohttp.ClientSession) -> None:
    url = stack.subgraph_urls["beskaeftigelse"]
    body = await entities(http, url, _DEMO, "... on Borger { minPlan { id aftaler { id } } }")
    plan = body["data"]["_entities"][0]["minPlan"]
    reps = [{"__typename": "MinPlan", "id": plan["id"]},
            {"__typename": "BeskaeftigelsesAftale", "id": plan["aftaler"][0]["id"]},
            {"__typename": "BeskaeftigelsesAftale", "id": plan["id"]},
            {"__typename": "MinPlan", "id": "4e1b0107-5c3a-42d1-809c-8e89b1a0ffff"}]
    body = await entities(http, url, reps, "... on MinPlan { planType: type } "
                          "... on BeskaeftigelsesAftale { aftaleType: type tidslinjeTid }")
    found = body["data"]["_entities"]
    assert found[0] == {"__typename": "MinPlan", "planType": "MIN_PLAN"}
    assert found[1]["aftaleType"] == "SAMTALE"
    assert found[2] is None, "an id of another type is not that entity"
    assert found[3] is None


async def test_unknown_citizen_has_empty_sector_data(
        stack: RunningStack, http: aiohttp.ClientSession) -> None:
    young = next(p for p in stack.population.people() if not p.sectors)
    body = await entities(http, stack.subgraph_urls["uddannelse"],
                          [{"__typename": "Borger", "id": str(young.id)}],
                          "... on Borger { uddannelsesSager { id } uddannelsesplan { id } }")
    assert body["data"]["_entities"] == [{"__typename": "Borger", "uddannelsesSager": [],
                                          "uddannelsesplan": None}]

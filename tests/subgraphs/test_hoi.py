"""The hoi subgraph: borger(cpr:|id:), the Borger entity, cross-sector lists, tidslinje."""

from __future__ import annotations

import aiohttp

from mocks.population import DEMO_CITIZEN
from mocks.stack import RunningStack
from tests.subgraphs.federation import complete
from tests.subgraphs.support import entities, gql

_BORGER = """query($cpr: CPR, $id: UUID) { borger(cpr: $cpr, id: $id) {
  id cpr navn foedselsdato adressebeskyttet bopaelskommune
  sager { __typename id } indsatser { __typename id } tilstande { __typename id }
  maal { __typename id } aftaler { __typename id } planer { __typename id }
  tidslinje { __typename id } } }"""

_SECTOR_PREFIXES = ("Beskaeftigelses", "Social", "Uddannelses", "Sundheds")


async def test_borger_by_cpr_and_by_id_agree(stack: RunningStack,
                                             http: aiohttp.ClientSession) -> None:
    url = stack.subgraph_urls["hoi"]
    by_cpr = await gql(http, url, _BORGER, {"cpr": DEMO_CITIZEN.cpr})
    by_id = await gql(http, url, _BORGER, {"id": str(DEMO_CITIZEN.id)})
    assert "errors" not in by_cpr
    assert by_cpr == by_id
    borger = by_cpr["data"]["borger"]
    assert borger["id"] == str(DEMO_CITIZEN.id)
    assert (borger["cpr"], borger["navn"], borger["foedselsdato"]) == (
        DEMO_CITIZEN.cpr, "Dorthe Korsbæk", "1998-05-11")


async def test_sager_from_all_four_sectors_arrive(stack: RunningStack,
                                                  http: aiohttp.ClientSession) -> None:
    body = await gql(http, stack.subgraph_urls["hoi"], _BORGER, {"cpr": DEMO_CITIZEN.cpr})
    borger = body["data"]["borger"]
    typenames = {item["__typename"] for item in borger["sager"]}
    for prefix in _SECTOR_PREFIXES:
        assert any(t.startswith(prefix) for t in typenames), f"{prefix} sager stopped arriving"
    assert {p["__typename"] for p in borger["planer"]} == {"MinPlan", "Uddannelsesplan",
                                                           "Uddannelsespaalaeg"}
    assert {t["__typename"] for t in borger["tilstande"]} == {"SocialTilstand",
                                                              "SygeplejeTilstand"}
    listed = {(i["__typename"], i["id"]) for key in ("sager", "indsatser", "tilstande", "maal",
                                                     "aftaler", "planer") for i in borger[key]}
    assert listed <= {(i["__typename"], i["id"]) for i in borger["tidslinje"]}


async def test_tidslinje_is_in_time_order_across_sectors(stack: RunningStack,
                                                         http: aiohttp.ClientSession) -> None:
    body = await gql(http, stack.subgraph_urls["hoi"], _BORGER, {"cpr": DEMO_CITIZEN.cpr})
    references = body["data"]["borger"]["tidslinje"]
    completed = await complete(stack, http, references, "id sektor tidslinjeTid")
    assert all(item is not None for item in completed)
    times = [item["tidslinjeTid"] for item in completed if item]
    assert times == sorted(times), "the timeline is out of order"
    assert len({item["sektor"] for item in completed if item}) == 4
    assert [item["id"] for item in completed if item] == [r["id"] for r in references]


async def test_filters_narrow_by_sector_and_window(stack: RunningStack,
                                                   http: aiohttp.ClientSession) -> None:
    query = """query($cpr: CPR) { borger(cpr: $cpr) {
      social: sager(sektor: [SOCIAL]) { __typename }
      aktive: sager(aktive: true) { __typename }
      window: tidslinje(fra: "2026-01-01T00:00:00+00:00", til: "2026-06-30T00:00:00+00:00") {
        __typename id }
      all: tidslinje { id } } }"""
    borger = (await gql(http, stack.subgraph_urls["hoi"], query,
                        {"cpr": DEMO_CITIZEN.cpr}))["data"]["borger"]
    assert {s["__typename"] for s in borger["social"]} == {"SocialSag"}
    assert 0 < len(borger["window"]) < len(borger["all"])
    window = await complete(stack, http, borger["window"], "tidslinjeTid")
    assert all("2026-01-01" <= item["tidslinjeTid"] <= "2026-06-30" for item in window if item)


async def test_unknown_cpr_and_bad_arguments(stack: RunningStack,
                                             http: aiohttp.ClientSession) -> None:
    url = stack.subgraph_urls["hoi"]
    assert (await gql(http, url, _BORGER, {"cpr": "6101011234"}))["data"] == {"borger": None}
    both = await gql(http, url, _BORGER, {"cpr": DEMO_CITIZEN.cpr, "id": str(DEMO_CITIZEN.id)})
    assert both["data"] == {"borger": None}
    assert "exactly one" in both["errors"][0]["message"]
    bad = await gql(http, url, _BORGER, {"cpr": "12"})
    assert "errors" in bad
    assert DEMO_CITIZEN.cpr not in str(bad)


async def test_borger_resolves_as_entity_in_hoi(stack: RunningStack,
                                                http: aiohttp.ClientSession) -> None:
    body = await entities(http, stack.subgraph_urls["hoi"],
                          [{"__typename": "Borger", "id": str(DEMO_CITIZEN.id)}],
                          "... on Borger { navn sager { __typename } }")
    (borger,) = body["data"]["_entities"]
    assert borger["navn"] == "Dorthe Korsbæk"
    assert len(borger["sager"]) == 5


async def test_hoi_lists_references_to_sector_entities(stack: RunningStack,
                                                       http: aiohttp.ClientSession) -> None:
    sdl = (await gql(http, stack.subgraph_urls["hoi"], "{ _service { sdl } }"))["data"]
    text = sdl["_service"]["sdl"]
    assert 'type SocialSag implements Sag & TidslinjeElement & AdgangsStyret ' \
           '@key(fields: "id", resolvable: false)' in text

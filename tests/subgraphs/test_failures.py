"""A failing, slow or garbage-speaking mock costs only its own sector's part of the answer."""

from __future__ import annotations

import aiohttp
import pytest

from mocks.common.faults import FaultConfig, FaultMode
from mocks.population import DEMO_CITIZEN
from mocks.stack import RunningStack
from tests.subgraphs.conftest import SUBGRAPH_TIMEOUT
from tests.subgraphs.federation import complete
from tests.subgraphs.support import entities, gql

_HOI = """query($cpr: CPR) { borger(cpr: $cpr) { id navn
  sager { __typename id } tidslinje { __typename id } } }"""
_FAULTS = {
    "fail": FaultConfig(FaultMode.FAIL),
    "garbage": FaultConfig(FaultMode.GARBAGE),
    "slow": FaultConfig(FaultMode.SLOW, delay=SUBGRAPH_TIMEOUT + 1.0),
}
_PREFIX = {"beskaeftigelse": ("Beskaeftigelses", "MinPlan"), "social": ("Social",),
           "uddannelse": ("Uddannelses",), "sundhed": ("Sundheds", "Sygepleje")}
_SEKTOR = {"beskaeftigelse": "BESKAEFTIGELSE", "social": "SOCIAL", "uddannelse": "UDDANNELSE",
           "sundhed": "SUNDHED"}


def _sectors_of(items: list[dict[str, str]]) -> set[str]:
    return {sector for item in items for sector, prefixes in _PREFIX.items()
            if item["__typename"].startswith(prefixes)}


_CASES = [(sector, mode) for sector in _PREFIX for mode in ("fail", "garbage")]
_CASES.append(("social", "slow"))  # one slow sector shows the timeout path


@pytest.mark.parametrize(("sector", "mode"), _CASES)
async def test_hoi_loses_only_the_failing_sector(stack: RunningStack,
                                                 http: aiohttp.ClientSession,
                                                 sector: str, mode: str) -> None:
    stack.mock_state(sector).fault = _FAULTS[mode]
    body = await gql(http, stack.subgraph_urls["hoi"], _HOI, {"cpr": DEMO_CITIZEN.cpr})
    borger = body["data"]["borger"]
    assert borger["navn"] == "Dorthe Korsbæk"
    others = set(_PREFIX) - {sector}
    assert _sectors_of(borger["sager"]) == others
    assert _sectors_of(borger["tidslinje"]) == others
    assert {tuple(e["path"]) for e in body["errors"]} == {("borger", "sager"),
                                                          ("borger", "tidslinje")}
    for error in body["errors"]:
        assert error["extensions"]["code"] == "SOURCE_UNAVAILABLE"
        assert error["extensions"]["sektor"] == _SEKTOR[sector]
        assert DEMO_CITIZEN.cpr not in error["message"]


@pytest.mark.parametrize("mode", ["fail", "garbage"])
async def test_sector_subgraph_nulls_only_its_field(stack: RunningStack,
                                                    http: aiohttp.ClientSession,
                                                    mode: str) -> None:
    stack.mock_state("beskaeftigelse").fault = _FAULTS[mode]
    body = await entities(http, stack.subgraph_urls["beskaeftigelse"],
                          [{"__typename": "Borger", "id": str(DEMO_CITIZEN.id)}],
                          "... on Borger { id kontaktgruppe { kode } minPlan { id } }")
    assert body["data"]["_entities"] == [{"__typename": "Borger", "id": str(DEMO_CITIZEN.id),
                                          "kontaktgruppe": None, "minPlan": None}]
    assert {e["extensions"]["code"] for e in body["errors"]} == {"SOURCE_UNAVAILABLE"}


async def test_failing_sector_subgraph_nulls_only_its_timeline_items(
        stack: RunningStack, http: aiohttp.ClientSession) -> None:
    body = await gql(http, stack.subgraph_urls["hoi"], _HOI, {"cpr": DEMO_CITIZEN.cpr})
    references = body["data"]["borger"]["tidslinje"]
    stack.mock_state("sundhed").fault = FaultConfig(FaultMode.FAIL)
    completed = await complete(stack, http, references, "id tidslinjeTid")
    for ref, item in zip(references, completed, strict=True):
        if _sectors_of([ref]) == {"sundhed"}:
            assert item is None
        else:
            assert item is not None and item["id"] == ref["id"]


async def test_person_register_failure_is_reported_not_hidden(
        stack: RunningStack, http: aiohttp.ClientSession) -> None:
    stack.mock_state("cpr").fault = FaultConfig(FaultMode.FAIL, count=1)
    body = await gql(http, stack.subgraph_urls["hoi"], _HOI, {"cpr": DEMO_CITIZEN.cpr})
    assert body["data"] == {"borger": None}
    assert body["errors"][0]["extensions"]["system"] == "CPR"
    again = await gql(http, stack.subgraph_urls["hoi"], _HOI, {"cpr": DEMO_CITIZEN.cpr})
    assert again["data"]["borger"]["id"] == str(DEMO_CITIZEN.id)

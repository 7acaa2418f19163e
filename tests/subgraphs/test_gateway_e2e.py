"""End to end through the real gateway: mocks → subgraphs → composed supergraph → gateway.

``borger(cpr:) { sager { indsatser } tidslinje }`` must bring every sector's data, the
timeline in order, and a failing mock must cost only its own sector's part.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from gateway.config import Settings
from gateway.http.app import create_app
from mocks.common.faults import FaultConfig, FaultMode
from mocks.common.serve import serve_app
from mocks.population import DEMO_CITIZEN
from mocks.stack import RunningStack
from subgraphs.snapshots import SUPERGRAPH_PATH
from tests.subgraphs.support import gql

pytestmark = pytest.mark.e2e

_QUERY = """query($cpr: CPR!) { borger(cpr: $cpr) { id navn
  sager { __typename id titel kle sektor foelsomhed kommuneCvr ansvarligEnhed synlighed
          kilde { systemNavn } indsatser { __typename titel type { system kode tekst } } }
  tidslinje { __typename sektor tidslinjeTid tidslinjeTekst }
  planer { __typename sektor ... on MinPlan { version } } } }"""
_SECTORS = {"BESKAEFTIGELSE", "SOCIAL", "UDDANNELSE", "SUNDHED"}


@pytest.fixture
async def gateway(stack: RunningStack) -> AsyncIterator[str]:
    """The gateway over the checked-in supergraph, pointed at the running subgraphs."""
    settings = Settings(supergraph=str(SUPERGRAPH_PATH), subgraph_urls=dict(stack.subgraph_urls),
                        subgraph_timeout=3.0)
    async with serve_app(create_app(settings)) as server:
        yield f"{server.url}/graphql"


async def test_every_sector_arrives_through_the_gateway(
        gateway: str, http: aiohttp.ClientSession) -> None:
    body = await gql(http, gateway, _QUERY, {"cpr": DEMO_CITIZEN.cpr})
    assert "errors" not in body, body["errors"]
    borger = body["data"]["borger"]
    assert {sag["sektor"] for sag in borger["sager"]} == _SECTORS
    assert all(sag["kommuneCvr"] == "11111111" and sag["kle"] for sag in borger["sager"])
    social = [s for s in borger["sager"] if s["sektor"] == "SOCIAL"]
    assert social[0]["indsatser"][0]["type"]["system"] == "urn:oid:1.2.208.176.2.22"
    times = [item["tidslinjeTid"] for item in borger["tidslinje"]]
    assert times == sorted(times), "the timeline is out of order"
    assert {item["sektor"] for item in borger["tidslinje"]} == _SECTORS


@pytest.mark.parametrize("failing", ["social", "sundhed"])
async def test_a_failing_mock_costs_only_its_sector(
        stack: RunningStack, gateway: str, http: aiohttp.ClientSession, failing: str) -> None:
    stack.mock_state(failing).fault = FaultConfig(FaultMode.FAIL)
    body = await gql(http, gateway, _QUERY, {"cpr": DEMO_CITIZEN.cpr})
    borger = body["data"]["borger"]
    remaining = _SECTORS - {failing.upper()}
    assert {s["sektor"] for s in borger["sager"] if s} == remaining
    assert {i["sektor"] for i in borger["tidslinje"] if i} == remaining
    times = [item["tidslinjeTid"] for item in borger["tidslinje"] if item]
    assert times == sorted(times)
    assert body["errors"]
    assert {e["extensions"].get("sektor") for e in body["errors"]} == {failing.upper()}

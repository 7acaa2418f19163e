"""The benchmark's fake subgraphs behave like the benchmark's own (checked with Apollo Gateway)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2 as httpx
import pytest

from bench.federation_subgraphs import BENCH_DIR, SUBGRAPH_NAMES, serve_in_thread
from tests.support.gateway_process import GatewayProcess, apollo_available
from tests.support.supergraph_urls import rewrite_subgraph_urls

pytestmark = pytest.mark.e2e

_ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { %s } }"


def _post(url: str, body: object) -> object:
    response = httpx.post(url, json=body, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_each_path_is_a_subgraph_with_its_sdl() -> None:
    with serve_in_thread() as url:
        for name in SUBGRAPH_NAMES:
            answer = _post(f"{url}/{name}", {"query": "{ _service { sdl } }"})
            expected = (BENCH_DIR / f"{name}.graphql").read_text(encoding="utf-8")
            assert answer == {"data": {"_service": {"sdl": expected}}}


def test_entities_follow_the_benchmark_rules() -> None:
    reps = [{"__typename": "Product", "upc": "2", "price": 1299, "weight": 1000},
            {"__typename": "Product", "upc": "nope"}]
    with serve_in_thread() as url:
        inventory = _post(f"{url}/inventory", {
            "query": _ENTITIES % "... on Product { upc inStock shippingEstimate }",
            "variables": {"r": reps}})
        reviews = _post(f"{url}/reviews", {
            "query": _ENTITIES % ("... on User { id username "
                                  "reviews { id author { id username } } }"),
            "variables": {"r": [{"__typename": "User", "id": "4"}]}})
        accounts = _post(f"{url}/accounts", {"query": '{ me { id } user(id: "3") { username } }'})
    assert inventory == {"data": {"_entities": [
        {"upc": "2", "inStock": False, "shippingEstimate": None}, None]}}
    user = reviews["data"]["_entities"][0]  # type: ignore[index]
    assert user["username"] == "user"
    assert [r["id"] for r in user["reviews"]] == ["1", "2"]
    assert user["reviews"][0]["author"] == {"id": "1", "username": "urigo"}
    assert accounts == {"data": {"me": {"id": "1"}, "user": {"username": "kamilkisiela"}}}


def test_batches_stats_and_memo() -> None:
    with serve_in_thread() as url:
        batch = [{"query": "{ topProducts(first: 1) { upc } }"}, {"query": "{ __typename }"}]
        first = _post(f"{url}/products", batch)
        again = _post(f"{url}/products", batch)
        stats = httpx.get(f"{url}/_stats").json()
        httpx.post(f"{url}/_stats/reset")
        reset = httpx.get(f"{url}/_stats").json()
    assert first == again == [{"data": {"topProducts": [{"upc": "1"}]}},
                              {"data": {"__typename": "Query"}}]
    assert stats == {"requests": {"accounts": 0, "inventory": 0, "products": 2, "reviews": 0}}
    assert reset["requests"]["products"] == 0


@pytest.mark.skipif(not apollo_available(), reason="npm install in tools/apollo first")
def test_apollo_gateway_over_these_subgraphs_returns_the_expected_response(
        tmp_path: Path) -> None:
    expected = json.loads((BENCH_DIR / "expected-response.json").read_text(encoding="utf-8"))
    with serve_in_thread() as url:
        supergraph = tmp_path / "supergraph.graphql"
        supergraph.write_text(rewrite_subgraph_urls(
            (BENCH_DIR / "supergraph.graphql").read_text(encoding="utf-8"),
            {name: f"{url}/{name}" for name in SUBGRAPH_NAMES}), encoding="utf-8")
        with GatewayProcess.apollo(supergraph) as gateway:
            response = httpx.post(gateway.graphql_url,
                                  content=(BENCH_DIR / "body.json").read_bytes(),
                                  headers={"content-type": "application/json"}, timeout=30)
            stats = httpx.get(f"{url}/_stats").json()
    assert response.json() == expected
    # Apollo's plan for the benchmark query has 16 fetches.
    assert sum(stats["requests"].values()) == 16

"""The real app (default pipeline factory, real RequestPipeline) over the benchmark
supergraph, with its ``products`` subgraph replaced by a fake one through a URL override."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bench.federation_subgraphs import BENCH_DIR
from gateway.config import Settings
from gateway.http.app import create_app
from tests.support.fake_subgraph import FakeSubgraph
from tests.support.plugin import FakeSubgraphFactory

GQL_JSON = "application/graphql-response+json"
PRODUCTS = [{"upc": "1", "name": "Table"}, {"upc": "2", "name": "Couch"}]


@pytest.fixture
def products(fake_subgraphs: FakeSubgraphFactory) -> FakeSubgraph:
    sdl = (BENCH_DIR / "products.graphql").read_text(encoding="utf-8")
    return fake_subgraphs.start("products", sdl, {"Product": PRODUCTS})


def _client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings))


@pytest.fixture
def gateway(bench_supergraph: Path, products: FakeSubgraph) -> Iterator[TestClient]:
    settings = Settings(supergraph=str(bench_supergraph), dev_mode=True,
                        subgraph_urls={"products": products.url})
    with _client(settings) as client:
        yield client


def test_a_query_is_answered_through_the_overridden_subgraph(
    gateway: TestClient, products: FakeSubgraph
) -> None:
    response = gateway.post("/graphql", json={"query": "{ topProducts { name } }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"topProducts": [{"name": "Table"}, {"name": "Couch"}]}}
    assert products.calls == 1


def test_a_validation_error_is_a_400_under_graphql_response_json(gateway: TestClient) -> None:
    response = gateway.post("/graphql", json={"query": "{ nope }"}, headers={"accept": GQL_JSON})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_a_get_query_is_answered(gateway: TestClient) -> None:
    response = gateway.get("/graphql", params={"query": "{ topProducts { upc } }"},
                           headers={"accept": GQL_JSON})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(GQL_JSON)
    assert response.json() == {"data": {"topProducts": [{"upc": "1"}, {"upc": "2"}]}}


@pytest.mark.parametrize("header", ["apollo-query-plan-experimental", "x-helhed-plan"])
def test_the_plan_header_returns_the_plan_in_dev_mode(gateway: TestClient, header: str) -> None:
    response = gateway.post("/graphql", json={"query": "{ topProducts { name } }"},
                            headers={header: "1"})
    plan = response.json()["extensions"]["queryPlan"]
    assert 'Fetch(service: "products")' in plan["text"]


def test_the_plan_header_is_ignored_outside_dev_mode(
    bench_supergraph: Path, products: FakeSubgraph
) -> None:
    settings = Settings(supergraph=str(bench_supergraph), subgraph_urls={"products": products.url})
    with _client(settings) as client:
        response = client.post("/graphql", json={"query": "{ topProducts { name } }"},
                               headers={"x-helhed-plan": "1"})
    assert "extensions" not in response.json()

"""The federation benchmark scenario through the gateway: Apollo's plan, the exact response,
and no more subgraph requests than the best peer (7)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import httpx2 as httpx
import pytest

from bench.federation_subgraphs import BENCH_DIR, serve_in_thread
from gateway.planner import plan_document, print_plan
from gateway.supergraph import parse_supergraph
from tests.support.gateway_process import GatewayProcess

BEST_PEER_REQUESTS = 7


def _supergraph_sdl() -> str:
    return (BENCH_DIR / "supergraph.graphql").read_text(encoding="utf-8")


def test_plan_is_apollos_plan_byte_for_byte() -> None:
    supergraph = parse_supergraph(_supergraph_sdl())
    plan = plan_document(supergraph, (BENCH_DIR / "query.graphql").read_text(encoding="utf-8"))
    expected = (BENCH_DIR / "apollo-plan.txt").read_text(encoding="utf-8").rstrip("\n")
    assert print_plan(plan) == expected


def test_plan_is_deterministic() -> None:
    supergraph = parse_supergraph(_supergraph_sdl())
    query = (BENCH_DIR / "query.graphql").read_text(encoding="utf-8")
    assert (print_plan(plan_document(supergraph, query))
            == print_plan(plan_document(supergraph, query)))


def _stats(url: str) -> dict[str, int]:
    with urllib.request.urlopen(url + "/_stats", timeout=5) as resp:  # noqa: S310
        counts: dict[str, int] = json.loads(resp.read())["requests"]
    return counts


@pytest.mark.e2e
def test_served_gateway_returns_expected_response_within_peer_request_count(tmp_path: Path) -> None:
    body = json.loads((BENCH_DIR / "body.json").read_text(encoding="utf-8"))
    expected = json.loads((BENCH_DIR / "expected-response.json").read_text(encoding="utf-8"))
    with serve_in_thread() as url:
        supergraph = tmp_path / "supergraph.graphql"
        supergraph.write_text(_supergraph_sdl().replace("http://127.0.0.1:4200", url))
        with GatewayProcess.helhed(supergraph) as gateway:
            for _ in range(2):  # the second request runs from the plan cache
                urllib.request.urlopen(urllib.request.Request(url + "/_stats/reset", method="POST"))
                response = httpx.post(gateway.graphql_url, json=body, timeout=30)
                assert response.status_code == 200
                assert response.json() == expected
                counts = _stats(url)
                assert sum(counts.values()) <= BEST_PEER_REQUESTS, counts
                assert set(counts) == {"accounts", "inventory", "products", "reviews"}

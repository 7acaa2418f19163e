"""Readiness and process-wide resources: /health, the shared session, start-up failure."""

from __future__ import annotations

import aiohttp
import pytest
from starlette.testclient import TestClient

from gateway.config import Settings
from gateway.errors import SupergraphError
from gateway.http.app import create_app
from gateway.http.contract import Pipeline
from gateway.http.lifespan import build_client_session, load_supergraph
from tests.http.fakes import FakePipeline


def test_health_is_ok_once_ready(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_is_503_before_the_lifespan_ran() -> None:
    app = create_app(Settings())
    client = TestClient(app)  # not entered: no lifespan, nothing loaded
    response = client.get("/health")
    assert response.status_code == 503
    graphql = client.post("/graphql", json={"query": "{ hello }"})
    assert graphql.status_code == 503


def test_the_session_is_shared_pooled_and_closed_on_shutdown() -> None:
    sessions: list[aiohttp.ClientSession] = []

    async def factory(settings: Settings, session: aiohttp.ClientSession) -> Pipeline:
        sessions.append(session)
        return FakePipeline()

    settings = Settings(max_connections=7, subgraph_timeout=3.0, subgraph_timeouts={"a": 8.0})
    with TestClient(create_app(settings, pipeline_factory=factory)) as client:
        client.get("/health")
        [session] = sessions
        assert not session.closed
        assert session.connector is not None
        assert session.connector.limit == 7
        assert session.connector.limit_per_host == 7
        assert session.timeout.total == 8.0
    assert session.closed
    assert client.get("/health").status_code == 503


async def test_build_client_session_has_an_explicit_timeout() -> None:
    session = build_client_session(Settings(subgraph_timeout=2.5))
    try:
        assert session.timeout.total == 2.5
        assert session.timeout.connect == 2.5
    finally:
        await session.close()


def test_the_default_factory_fails_start_up_on_a_missing_supergraph(tmp_path) -> None:
    app = create_app(Settings(supergraph=str(tmp_path / "missing.graphql")))
    with pytest.raises(SupergraphError, match="not found"), TestClient(app):
        pass


def test_load_supergraph_names_a_missing_source() -> None:
    with pytest.raises(SupergraphError, match="no supergraph"):
        load_supergraph(Settings())


def test_load_supergraph_rejects_unknown_url_overrides(bench_supergraph) -> None:
    settings = Settings(supergraph=str(bench_supergraph), subgraph_urls={"nope": "http://x"})
    with pytest.raises(SupergraphError, match="nope"):
        load_supergraph(settings)


def test_load_supergraph_reads_the_bench_supergraph(bench_supergraph) -> None:
    supergraph = load_supergraph(Settings(supergraph=str(bench_supergraph)))
    assert set(supergraph.subgraph_urls) == {"accounts", "inventory", "products", "reviews"}


def test_create_app_without_arguments_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch, bench_supergraph
) -> None:
    monkeypatch.setenv("GATEWAY_SUPERGRAPH", str(bench_supergraph))
    monkeypatch.setenv("GATEWAY_MAX_BODY_BYTES", "50")
    with TestClient(create_app()) as client:
        assert client.get("/health").status_code == 200
        response = client.post("/graphql", json={"query": "{ topProducts { upc } }", "x": "y" * 50})
        assert response.status_code == 413

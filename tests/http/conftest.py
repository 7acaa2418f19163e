"""Fixtures for the HTTP layer: the app over a fake pipeline, driven by TestClient."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from starlette.testclient import TestClient

from bench.federation_subgraphs import BENCH_DIR
from gateway.config import Settings
from gateway.http.app import create_app
from gateway.http.contract import Pipeline
from tests.http.fakes import FakePipeline

SMALL_BODY_LIMIT = 2_000
"""``max_body_bytes`` of the test app, small enough to exceed cheaply."""


@pytest.fixture
def pipeline() -> FakePipeline:
    return FakePipeline()


@pytest.fixture
def settings() -> Settings:
    return Settings(max_body_bytes=SMALL_BODY_LIMIT)


@pytest.fixture
def client(pipeline: FakePipeline, settings: Settings) -> Iterator[TestClient]:
    async def factory(settings: Settings, session: aiohttp.ClientSession) -> Pipeline:
        return pipeline

    app = create_app(settings, pipeline_factory=factory)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def bench_supergraph() -> Path:
    """The benchmark supergraph (four subgraphs)."""
    return BENCH_DIR / "supergraph.graphql"

"""Loopback end-to-end: ``python -m gateway serve`` as a real process, over real HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.cli import STARTUP_FAILURE
from tests.http.serving import GatewayServe

pytestmark = pytest.mark.e2e


@pytest.fixture
def gateway(bench_supergraph: Path) -> Iterator[GatewayServe]:
    process = GatewayServe(["--supergraph", str(bench_supergraph)])
    try:
        process.wait_until_listening()
        yield process
    finally:
        process.stop()


def _request(url: str, body: bytes | None = None, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_health_over_real_http(gateway: GatewayServe) -> None:
    status, headers, body = _request(gateway.url + "/health")
    assert status == 200
    assert json.loads(body) == {"status": "ok"}
    assert headers["x-request-id"]


def test_validation_error_over_real_http(gateway: GatewayServe) -> None:
    status, headers, body = _request(
        gateway.url + "/graphql",
        body=json.dumps({"query": "{ noSuchField }"}).encode(),
        headers={"content-type": "application/json",
                 "accept": "application/graphql-response+json"},
    )
    assert status == 400
    assert headers["content-type"].startswith("application/graphql-response+json")
    payload = json.loads(body)
    assert "data" not in payload
    assert payload["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_sigterm_shuts_down_cleanly(gateway: GatewayServe) -> None:
    assert _request(gateway.url + "/health")[0] == 200
    assert gateway.stop() == 0
    assert "Traceback" not in gateway.output


def test_an_unloadable_supergraph_fails_start_up(tmp_path: Path) -> None:
    broken = tmp_path / "broken.graphql"
    broken.write_text("this is { not a supergraph", encoding="utf-8")
    process = GatewayServe(["--supergraph", str(broken)])
    assert process.wait() == STARTUP_FAILURE
    assert "Traceback" not in process.output
    [line] = process.lines
    assert line.startswith("helhed: cannot load the supergraph:")


def test_a_missing_supergraph_file_fails_start_up(tmp_path: Path) -> None:
    process = GatewayServe(["--supergraph", str(tmp_path / "missing.graphql")])
    assert process.wait() == STARTUP_FAILURE
    assert process.lines == [
        f"helhed: cannot load the supergraph: supergraph file not found: "
        f"{tmp_path / 'missing.graphql'}"
    ]

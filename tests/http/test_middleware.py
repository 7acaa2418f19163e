"""Request ids: accepted when sane, made otherwise, echoed, and on log records."""

from __future__ import annotations

import logging

import pytest
from starlette.testclient import TestClient

from gateway.http.middleware import RequestIdLogFilter, current_request_id


def test_a_request_id_is_made_when_absent(client: TestClient) -> None:
    first = client.get("/health").headers["x-request-id"]
    second = client.get("/health").headers["x-request-id"]
    assert len(first) == 32 and first != second


def test_a_sane_incoming_request_id_is_echoed(client: TestClient) -> None:
    response = client.get("/health", headers={"x-request-id": "abc-123.x:y_z"})
    assert response.headers["x-request-id"] == "abc-123.x:y_z"


@pytest.mark.parametrize("bad", ["a b", "x" * 129, "<script>", "ä"])
def test_an_insane_incoming_request_id_is_replaced(client: TestClient, bad: str) -> None:
    response = client.get("/health", headers={"x-request-id": bad.encode()})
    assert response.headers["x-request-id"] != bad
    assert len(response.headers["x-request-id"]) == 32


def test_error_responses_carry_the_request_id(client: TestClient) -> None:
    response = client.post("/graphql", content=b"{", headers={"x-request-id": "r1"})
    assert response.headers["x-request-id"] == "r1"


def test_access_log_has_path_but_never_the_query_string(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="gateway.access"):
        client.get("/graphql", params={"query": "{ hello }", "variables": '{"cpr": "0101011234"}'})
    [line] = [r.getMessage() for r in caplog.records if r.name == "gateway.access"]
    assert line.startswith("GET /graphql 200")
    assert "0101011234" not in line


def test_log_filter_outside_a_request_uses_a_dash() -> None:
    record = logging.LogRecord("x", logging.INFO, "f", 1, "m", None, None)
    assert RequestIdLogFilter().filter(record)
    assert record.request_id == "-" == current_request_id()

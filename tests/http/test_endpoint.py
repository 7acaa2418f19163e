"""The GraphQL endpoint beyond the spec audits: limits, methods, failures, dev-mode headers."""

from __future__ import annotations

import asyncio
import logging

import pytest
from starlette.testclient import TestClient

from gateway.http.contract import PipelineResult
from gateway.http.endpoint import GraphQLEndpoint
from gateway.http.lifespan import GatewayState
from tests.http.conftest import SMALL_BODY_LIMIT
from tests.http.fakes import FakePipeline


def test_oversized_declared_body_is_413(client: TestClient, pipeline: FakePipeline) -> None:
    body = b'{"query": "{ hello }", "pad": "' + b"x" * SMALL_BODY_LIMIT + b'"}'
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert pipeline.seen == []


async def test_oversized_streamed_body_is_refused_while_reading() -> None:
    pipeline = FakePipeline()
    endpoint = GraphQLEndpoint(GatewayState(pipeline=pipeline), max_body_bytes=SMALL_BODY_LIMIT)
    pulled: list[int] = []

    async def receive():  # 100 KB offered in 1 KB chunks, no Content-Length
        pulled.append(1)
        return {"type": "http.request", "body": b" " * 1024, "more_body": len(pulled) < 100}

    sent = await _call(endpoint, "POST", receive)
    assert sent[0]["status"] == 413
    assert len(pulled) == 2  # stopped as soon as the limit was passed
    assert pipeline.seen == []


async def test_a_client_leaving_mid_body_is_not_an_error() -> None:
    pipeline = FakePipeline()
    endpoint = GraphQLEndpoint(GatewayState(pipeline=pipeline), max_body_bytes=SMALL_BODY_LIMIT)
    messages = [{"type": "http.request", "body": b'{"query"', "more_body": True},
                {"type": "http.disconnect"}]

    async def receive():
        return messages.pop(0)

    sent = await _call(endpoint, "POST", receive)
    assert sent[0]["status"] == 400
    assert pipeline.seen == []


def test_body_at_the_limit_is_accepted(client: TestClient) -> None:
    body = b'{"query": "{ hello }"}'
    body = body + b" " * (SMALL_BODY_LIMIT - len(body))
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(client: TestClient, method: str) -> None:
    response = client.request(method, "/graphql")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


def test_get_without_query_from_a_non_browser_is_400(client: TestClient) -> None:
    response = client.get("/graphql", headers={"accept": "application/json"})
    assert response.status_code == 400


def test_pipeline_exception_is_500_without_trace_and_logged_with_request_id(
    client: TestClient, pipeline: FakePipeline, caplog: pytest.LogCaptureFixture
) -> None:
    pipeline.fail_with = RuntimeError("secret internals")
    with caplog.at_level(logging.ERROR, logger="gateway.http"):
        response = client.post(
            "/graphql", json={"query": "{ hello }"}, headers={"x-request-id": "req-500"}
        )
    assert response.status_code == 500
    assert response.json() == {
        "errors": [{"message": "Internal server error",
                    "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]
    }
    assert "secret" not in response.text
    assert response.headers["x-request-id"] == "req-500"
    [record] = [r for r in caplog.records if r.name == "gateway.http"]
    assert record.exc_info is not None
    assert "req-500" in record.getMessage()


def test_pipeline_status_and_headers_override(client: TestClient, pipeline: FakePipeline) -> None:
    async def unauthenticated(request):
        return PipelineResult(
            body={"errors": [{"message": "no", "extensions": {"code": "UNAUTHENTICATED"}}]},
            request_error=True, status=401, response_headers={"www-authenticate": "Bearer"},
        )

    pipeline.run = unauthenticated  # type: ignore[method-assign]
    response = client.post("/graphql", json={"query": "{ hello }"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        ({"apollo-query-plan-experimental": "1"}, True),
        ({"x-helhed-plan": "1"}, True),
        ({"x-helhed-plan": "true"}, True),
        ({"x-helhed-plan": "0"}, False),
    ],
)
def test_plan_headers_set_include_plan(
    client: TestClient, pipeline: FakePipeline, headers: dict[str, str], expected: bool
) -> None:
    client.post("/graphql", json={"query": "{ hello }"}, headers=headers)
    assert pipeline.seen[-1].include_plan is expected


def test_request_fields_reach_the_pipeline(client: TestClient, pipeline: FakePipeline) -> None:
    client.post(
        "/graphql",
        json={"query": "query Q { hello }", "operationName": "Q", "variables": {"a": 1}},
        headers={"authorization": "Bearer t", "x-request-id": "abc"},
    )
    seen = pipeline.seen[-1]
    assert (seen.query, seen.operation_name, seen.variables) == ("query Q { hello }", "Q", {"a": 1})
    assert seen.http_method == "POST"
    assert seen.headers["authorization"] == "Bearer t"
    assert seen.headers["x-request-id"] == "abc"


def test_persisted_query_without_document_is_refused(client: TestClient) -> None:
    body = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "ab"}}}
    response = client.post("/graphql", json=body)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"


def test_responses_are_compact_orjson(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": "{ hello }"})
    assert response.content == b'{"data":{"hello":"hello world"}}'


async def _call(endpoint: GraphQLEndpoint, method: str, receive) -> list[dict]:
    """Drive the endpoint as a server would; return the messages it sent."""
    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "method": method, "path": "/graphql", "raw_path": b"/graphql",
        "query_string": b"", "headers": [(b"content-type", b"application/json")],
    }
    await endpoint(scope, receive, send)
    return sent


async def test_client_disconnect_cancels_the_pipeline() -> None:
    pipeline = FakePipeline(hang=True)
    endpoint = GraphQLEndpoint(GatewayState(pipeline=pipeline), max_body_bytes=1000)
    messages = [{"type": "http.request", "body": b'{"query": "{ slow }"}', "more_body": False}]
    disconnect = asyncio.Event()

    async def receive():
        if messages:
            return messages.pop(0)
        await disconnect.wait()
        return {"type": "http.disconnect"}

    task = asyncio.create_task(_call(endpoint, "POST", receive))
    while not pipeline.seen:
        await asyncio.sleep(0)
    disconnect.set()
    await asyncio.wait_for(task, 5)
    assert pipeline.cancelled.is_set()

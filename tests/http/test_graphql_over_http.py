"""The GraphQL-over-HTTP server audits, one test per audit (ids as in the spec's audit list).

The pipeline is a fake over a tiny schema (tests/http/fakes.py); what is checked here is the
HTTP envelope: methods, media types, parameter checks and status codes.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

GQL_JSON = "application/graphql-response+json"
JSON = "application/json"


def post(client: TestClient, body: object, *, accept: str | None = None, **kw: object):
    headers = {"content-type": "application/json"}
    if accept is not None:
        headers["accept"] = accept
    return client.post("/graphql", json=body, headers=headers, **kw)


def media_type(response) -> str:
    return response.headers["content-type"].split(";")[0]


def test_22eb_accepts_graphql_response_json_and_matches(client: TestClient) -> None:
    response = post(client, {"query": "{ hello }"}, accept=GQL_JSON)
    assert response.status_code == 200
    assert media_type(response) == GQL_JSON


def test_4655_accepts_application_json_and_matches(client: TestClient) -> None:
    response = post(client, {"query": "{ hello }"}, accept=JSON)
    assert response.status_code == 200
    assert media_type(response) == JSON


def test_47de_star_star_means_application_json(client: TestClient) -> None:
    response = post(client, {"query": "{ hello }"}, accept="*/*")
    assert media_type(response) == JSON


def test_80d8_missing_accept_means_application_json(client: TestClient) -> None:
    response = client.post(
        "/graphql", content=b'{"query":"{ hello }"}', headers={"content-type": JSON}
    )
    assert response.status_code == 200
    assert media_type(response) == JSON


def test_both_types_named_prefers_graphql_response_json(client: TestClient) -> None:
    response = post(client, {"query": "{ hello }"}, accept=f"{JSON}, {GQL_JSON}")
    assert media_type(response) == GQL_JSON


def test_unsupported_accept_is_406(client: TestClient) -> None:
    response = post(client, {"query": "{ hello }"}, accept="application/xml")
    assert response.status_code == 406
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_82a3_bf61_78d5_utf8_in_and_out(client: TestClient) -> None:
    response = client.post(
        "/graphql",
        content='{"query": "{ hello(name: \\"Søren 🏃\\") }"}'.encode(),
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 200
    assert "charset=utf-8" in response.headers["content-type"]
    assert response.content.decode("utf-8") == '{"data":{"hello":"hello Søren 🏃"}}'


def test_other_charset_is_415(client: TestClient) -> None:
    response = client.post(
        "/graphql", content=b'{"query":"{ hello }"}',
        headers={"content-type": "application/json; charset=latin-1"},
    )
    assert response.status_code == 415


def test_5a70_get_with_query_parameters(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": "{ hello }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"hello": "hello world"}}


def test_d6d5_6a70_get_with_json_encoded_variables(client: TestClient) -> None:
    response = client.get(
        "/graphql",
        params={"query": "query Q($n: String) { hello(name: $n) }", "variables": '{"n": "x"}',
                "operationName": "Q", "extensions": '{"a": 1}'},
        headers={"accept": GQL_JSON},
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"hello": "hello x"}}


def test_get_with_variables_that_are_not_json_is_400(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": "{ hello }", "variables": "{nope"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_9c48_mutation_over_get_is_405_with_allow_post(client: TestClient) -> None:
    response = client.get(
        "/graphql", params={"query": "mutation { bump }"}, headers={"accept": GQL_JSON}
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


def test_mutation_over_post_runs(client: TestClient) -> None:
    assert post(client, {"query": "mutation { bump }"}).json() == {"data": {"bump": 1}}


def test_9abe_missing_content_type_is_415(client: TestClient) -> None:
    response = client.post("/graphql", content=b'{"query":"{ hello }"}')
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_unsupported_content_type_is_415(client: TestClient) -> None:
    response = client.post(
        "/graphql", content=b"query={hello}",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 415


def test_application_graphql_body_is_the_document(client: TestClient) -> None:
    response = client.post(
        "/graphql", content=b"{ hello }", headers={"content-type": "application/graphql"}
    )
    assert response.json() == {"data": {"hello": "hello world"}}


def test_03d4_2c94_accepts_application_json_post(client: TestClient) -> None:
    assert post(client, {"query": "{ hello }"}).status_code == 200


def test_a5bf_missing_body_is_400(client: TestClient) -> None:
    response = client.post("/graphql", headers={"content-type": JSON})
    assert response.status_code == 400


@pytest.mark.parametrize("accept", [GQL_JSON, JSON])
def test_423l_3e3a_8764_missing_query_is_400(client: TestClient, accept: str) -> None:
    response = post(client, {"qeury": "{ hello }"}, accept=accept)
    assert response.status_code == 400
    assert media_type(response) == accept
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "query" in error["message"]
    assert "data" not in response.json()


@pytest.mark.parametrize("invalid", [{"obj": "ect"}, 0, False, ["array"]])
def test_lkj_non_string_query_is_400(client: TestClient, invalid: object) -> None:
    assert post(client, {"query": invalid}).status_code == 400


@pytest.mark.parametrize("invalid", [{"obj": "ect"}, 0, False, ["array"]])
def test_6c0_non_string_operation_name_is_400(client: TestClient, invalid: object) -> None:
    assert post(client, {"query": "{ hello }", "operationName": invalid}).status_code == 400


@pytest.mark.parametrize("accept", [GQL_JSON, JSON])
def test_8161_b8b3_string_operation_name(client: TestClient, accept: str) -> None:
    response = post(client, {"query": "query Q { hello }", "operationName": "Q"}, accept=accept)
    assert response.status_code == 200
    assert "errors" not in response.json()


@pytest.mark.parametrize("accept", [GQL_JSON, JSON])
@pytest.mark.parametrize("parameter", ["variables", "operationName", "extensions"])
def test_94b_022_null_parameters_allowed(client: TestClient, accept: str, parameter: str) -> None:
    response = post(client, {"query": "{ hello }", parameter: None}, accept=accept)
    assert response.status_code == 200
    assert "errors" not in response.json()


@pytest.mark.parametrize("invalid", ["string", 0, False, ["array"]])
def test_476_non_object_variables_is_400(client: TestClient, invalid: object) -> None:
    assert post(client, {"query": "{ hello }", "variables": invalid}).status_code == 400


@pytest.mark.parametrize("accept", [GQL_JSON, JSON])
def test_2ea1_28b9_object_variables(client: TestClient, accept: str) -> None:
    body = {"query": "query Q($n: String) { hello(name: $n) }", "variables": {"n": "y"}}
    response = post(client, body, accept=accept)
    assert response.json() == {"data": {"hello": "hello y"}}


@pytest.mark.parametrize("invalid", ["string", 0, False, ["array"]])
def test_58b_non_object_extensions_is_400(client: TestClient, invalid: object) -> None:
    assert post(client, {"query": "{ hello }", "extensions": invalid}).status_code == 400


@pytest.mark.parametrize("accept", [GQL_JSON, JSON])
def test_428f_1b7a_39aa_object_extensions(client: TestClient, accept: str, pipeline) -> None:
    response = post(client, {"query": "{ hello }", "extensions": {"some": "value"}}, accept=accept)
    assert response.status_code == 200
    assert pipeline.seen[-1].extensions == {"some": "value"}


@pytest.mark.parametrize("body", [b'{ "not a JSON', b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_b6dc_bcf8_malformed_or_non_object_json_is_400(client: TestClient, body: bytes) -> None:
    response = client.post("/graphql", content=body, headers={"content-type": JSON})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "Traceback" not in error["message"]


def test_572b_parse_failure_under_application_json_is_200(client: TestClient) -> None:
    response = post(client, {"query": "{"}, accept=JSON)
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


def test_dfe2_validation_failure_under_application_json_is_200(client: TestClient) -> None:
    response = post(client, {"query": "{ nope }"}, accept=JSON)
    assert response.status_code == 200


def test_7b9b_variable_coercion_failure_under_application_json_is_200(client: TestClient) -> None:
    body = {"query": "query Q($n: String!) { hello(name: $n) }", "variables": {"n": None}}
    assert post(client, body, accept=JSON).status_code == 200


@pytest.mark.parametrize("query", ["{", "{ nope }"])
def test_865d_556a_d586_51fe_74ff_5e5b_request_errors_are_400_without_data(
    client: TestClient, query: str
) -> None:
    response = post(client, {"query": query}, accept=GQL_JSON)
    assert response.status_code == 400
    assert media_type(response) == GQL_JSON
    assert "data" not in response.json()


def test_86ee_variable_coercion_failure_under_graphql_response_json_is_400(
    client: TestClient,
) -> None:
    body = {"query": "query Q($n: String!) { hello(name: $n) }", "variables": {"n": None}}
    assert post(client, body, accept=GQL_JSON).status_code == 400

"""The request pipeline with an access control: 401s, @policy filtering, object guard, audit.

A toy access control stands in for Helhed's (tested in tests/authz and tests/e2e): the caller
is named by ``Authorization: Bearer <name>:<policy>,<policy>``; the guard shows a Person or
Note only to its owner; ``record`` keeps every summary (or fails on demand). Two fake
subgraphs composed with our composer carry the ``@policy`` directives.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from starlette.testclient import TestClient

from gateway.config import Settings
from gateway.executor.guard import Denial
from gateway.http.access import (
    AccessDenied,
    AccessUnavailable,
    AuditFailure,
    CallerAccess,
    RequestSummary,
)
from gateway.http.app import create_app
from gateway.http.lifespan import pipeline_factory_for
from gateway.http.pipeline import RequestPipeline
from gateway.planner.guard_fields import GuardFields
from gateway.supergraph import Supergraph, parse_supergraph
from gateway.supergraph.compose import SubgraphSource, compose_supergraph
from tests.support.fake_subgraph import FakeSubgraph
from tests.support.plugin import FakeSubgraphFactory, point_supergraph_at

_LINK = ('extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", '
         'import: ["@key", "@policy"])\n')
PEOPLE = _LINK + """
type Query { person(id: ID!): Person  people: [Person!]! }
type Person @key(fields: "id") {
  id: ID!
  name: String
  ssn: String @policy(policies: [["secret"]])
  nick: String! @policy(policies: [["secret"]])
  owner: String!
}
"""
NOTES = _LINK + """
type Person @key(fields: "id") { id: ID! notes: [Note!]! best: Note }
type Note @key(fields: "id") { id: ID! text: String! owner: String! }
"""
PEOPLE_DATA = {"Person": [
    {"id": "1", "name": "Alma", "ssn": "S1", "nick": "al", "owner": "alice"},
    {"id": "2", "name": "Bent", "ssn": "S2", "nick": "be", "owner": "bob"}]}
NOTES_DATA = {
    "Person": [{"id": "1", "notes": [{"id": "n1"}, {"id": "n2"}], "best": {"id": "n2"}},
               {"id": "2", "notes": [], "best": None}],
    "Note": [{"id": "n1", "text": "mine", "owner": "alice"},
             {"id": "n2", "text": "not mine", "owner": "bob"}]}


@dataclass
class _Guard:
    owner: str
    prefix: str
    checked: list[tuple[str, tuple[Any, ...], tuple[str, ...]]] = field(default_factory=list)
    types: frozenset[str] = frozenset({"Person", "Note"})

    def check(self, typename: str, obj: dict[str, Any], path: tuple[Any, ...],
              fields: tuple[str, ...]) -> Denial | None:
        self.checked.append((typename, path, fields))
        if obj.get(self.prefix + "owner") == self.owner:
            return None
        return Denial("FORBIDDEN", "not yours")


@dataclass
class _Caller:
    name: str
    granted: frozenset[str]
    access: _ToyAccess

    async def object_guard(self, store: dict[str, Any], prefix: str) -> _Guard:
        if self.access.state_down:
            raise AccessUnavailable
        guard = _Guard(self.name, prefix)
        self.access.guards.append(guard)
        return guard

    async def record(self, summary: RequestSummary) -> None:
        if self.access.audit_down:
            raise AuditFailure
        self.access.summaries.append(summary)


@dataclass
class _ToyAccess:
    guard_fields: tuple[GuardFields, ...] = (GuardFields("Person", "owner"),
                                             GuardFields("Note", "owner"))
    forward_headers: tuple[str, ...] = ("authorization",)
    summaries: list[RequestSummary] = field(default_factory=list)
    guards: list[_Guard] = field(default_factory=list)
    audit_down: bool = False
    state_down: bool = False
    closed: bool = False

    async def authenticate(self, headers: Mapping[str, str]) -> CallerAccess:
        value = headers.get("authorization", "")
        if not value.startswith("Bearer "):
            raise AccessDenied("missing bearer token", headers={"www-authenticate": "Bearer"})
        name, _, granted = value.removeprefix("Bearer ").partition(":")
        return _Caller(name, frozenset(filter(None, granted.split(","))), self)

    async def aclose(self) -> None:
        self.closed = True


@pytest.fixture
def subgraphs(fake_subgraphs: FakeSubgraphFactory) -> dict[str, FakeSubgraph]:
    return fake_subgraphs.start_many({"people": (PEOPLE, PEOPLE_DATA),
                                      "notes": (NOTES, NOTES_DATA)})


@pytest.fixture
def supergraph(subgraphs: dict[str, FakeSubgraph]) -> Supergraph:
    sdl = compose_supergraph([SubgraphSource("people", "http://x/people", PEOPLE),
                              SubgraphSource("notes", "http://x/notes", NOTES)])
    return parse_supergraph(point_supergraph_at(sdl, subgraphs))


@pytest.fixture
def access() -> _ToyAccess:
    return _ToyAccess()


def _client(supergraph: Supergraph, access: _ToyAccess, dev: bool = False) -> TestClient:
    async def factory(settings: Settings, session: aiohttp.ClientSession) -> RequestPipeline:
        return RequestPipeline(supergraph, settings, session, access=access)

    return TestClient(create_app(Settings(dev_mode=dev), pipeline_factory=factory))


@pytest.fixture
def gateway(supergraph: Supergraph, access: _ToyAccess) -> Iterator[TestClient]:
    with _client(supergraph, access) as client:
        yield client


def _post(client: TestClient, query: str, who: str | None = "alice:") -> Any:
    headers = {"authorization": f"Bearer {who}"} if who is not None else {}
    return client.post("/graphql", json={"query": query}, headers=headers)


def test_no_token_is_401_and_nothing_is_fetched(
        gateway: TestClient, subgraphs: dict[str, FakeSubgraph]) -> None:
    for query in ("{ __typename }", "{ person(id: 1) { name } }", "{ nope"):
        response = _post(gateway, query, who=None)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json() == {"errors": [{"message": "missing bearer token",
                                               "extensions": {"code": "UNAUTHENTICATED"}}]}
    assert subgraphs["people"].calls == 0 and subgraphs["notes"].calls == 0


def test_introspection_without_token_only_in_dev_mode(
        supergraph: Supergraph, access: _ToyAccess) -> None:
    query = "{ __schema { queryType { name } } }"
    with _client(supergraph, access, dev=True) as client:
        assert _post(client, query, who=None).json() == {
            "data": {"__schema": {"queryType": {"name": "Query"}}}}
        assert _post(client, "{ __typename }", who=None).status_code == 401
        assert _post(client, query + " { person(id: 1) { name } }", who=None).status_code == 401
    with _client(supergraph, access, dev=False) as client:
        assert _post(client, query, who=None).status_code == 401


def test_a_field_without_its_policy_is_null_forbidden_and_never_fetched(
        gateway: TestClient, subgraphs: dict[str, FakeSubgraph], access: _ToyAccess) -> None:
    body = _post(gateway, "{ person(id: 1) { name ssn } }").json()
    assert body == {"data": {"person": {"name": "Alma", "ssn": None}}, "errors": [
        {"message": "not authorized to see this field", "path": ["person", "ssn"],
         "extensions": {"code": "FORBIDDEN"}}]}
    assert all("ssn" not in op["query"] for op in subgraphs["people"].operations)
    assert access.summaries[-1].denied_fields == ("Person.ssn",)
    granted = _post(gateway, "{ person(id: 1) { name ssn } }", who="alice:secret").json()
    assert granted == {"data": {"person": {"name": "Alma", "ssn": "S1"}}}


def test_a_denied_non_null_field_nulls_its_parent(gateway: TestClient) -> None:
    body = _post(gateway, "{ person(id: 1) { name nick } }").json()
    assert body == {"data": {"person": None}, "errors": [
        {"message": "not authorized to see this field", "path": ["person", "nick"],
         "extensions": {"code": "FORBIDDEN"}}]}


def test_guard_fields_are_fetched_and_never_shown(
        gateway: TestClient, subgraphs: dict[str, FakeSubgraph], access: _ToyAccess) -> None:
    body = _post(gateway, "{ person(id: 1) { name notes { text } } }").json()
    assert body == {"data": {"person": {"name": "Alma", "notes": [{"text": "mine"}]}}}
    assert any("_g_owner:owner" in op["query"].replace(" ", "")
               for op in subgraphs["notes"].operations)
    checked = access.guards[-1].checked
    assert ("Person", ("person",), ("name", "notes")) in checked
    assert ("Note", ("person", "notes", 1), ("text",)) in checked


def test_a_denied_object_outside_a_list_is_null_with_the_guards_code(gateway: TestClient) -> None:
    body = _post(gateway, "{ person(id: 1) { best { text } } }").json()
    assert body == {"data": {"person": {"best": None}}, "errors": [
        {"message": "not yours", "path": ["person", "best"], "extensions": {"code": "FORBIDDEN"}}]}
    other = _post(gateway, "{ person(id: 2) { name } }").json()
    assert other["data"] == {"person": None}


def test_a_client_alias_in_the_guard_prefix_moves_the_prefix(
        gateway: TestClient, access: _ToyAccess) -> None:
    body = _post(gateway, "{ person(id: 1) { _g_owner: name } }").json()
    assert body == {"data": {"person": {"_g_owner": "Alma"}}}
    assert access.guards[-1].prefix == "_g1_"


def test_plans_are_cached_per_granted_set_not_per_person(
        gateway: TestClient, supergraph: Supergraph) -> None:
    query = "{ people { name ssn } }"
    alice = _post(gateway, query, who="alice:secret").json()
    bob = _post(gateway, query, who="bob:secret").json()
    plain = _post(gateway, query, who="bob:").json()
    assert alice["data"] == {"people": [{"name": "Alma", "ssn": "S1"}]}
    assert bob["data"] == {"people": [{"name": "Bent", "ssn": "S2"}]}
    assert plain["data"] == {"people": [{"name": "Bent", "ssn": None}]}


def test_no_data_when_the_audit_cannot_be_written(
        gateway: TestClient, access: _ToyAccess) -> None:
    access.audit_down = True
    body = _post(gateway, "{ person(id: 1) { name } }").json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["PERSONAL_DATA_WITHHELD"]
    assert "Alma" not in str(body)


def test_no_data_when_the_consent_state_cannot_be_read(
        gateway: TestClient, access: _ToyAccess) -> None:
    access.state_down = True
    body = _post(gateway, "{ person(id: 1) { name } }").json()
    assert body == {"data": None, "errors": [{
        "message": "the access to personal data could not be checked or recorded; "
                   "no data is returned", "extensions": {"code": "PERSONAL_DATA_WITHHELD"}}]}


def test_the_caller_token_is_forwarded_to_subgraphs_and_the_access_closed(
        supergraph: Supergraph, access: _ToyAccess, subgraphs: dict[str, FakeSubgraph]) -> None:
    with _client(supergraph, access) as client:
        _post(client, "{ person(id: 1) { name } }")
    assert subgraphs["people"].requests[-1].headers["authorization"] == "Bearer alice:"
    assert access.closed


def test_the_summary_names_the_request_and_its_root_fields(
        gateway: TestClient, access: _ToyAccess) -> None:
    gateway.post("/graphql", json={"query": "query Q { person(id: 1) { name } }"},
                 headers={"authorization": "Bearer alice:", "x-request-id": "req-42"})
    summary = access.summaries[-1]
    assert (summary.request_id, summary.operation_kind, summary.operation_name,
            summary.root_fields) == ("req-42", "query", "Q", ("person",))


def test_without_an_issuer_policies_are_ignored_and_that_is_said_loudly(
        supergraph: Supergraph, caplog: pytest.LogCaptureFixture) -> None:
    factory = pipeline_factory_for(supergraph)
    with caplog.at_level(logging.WARNING, logger="gateway.http"), \
            TestClient(create_app(Settings(), pipeline_factory=factory)) as client:
        body = client.post("/graphql", json={"query": "{ person(id: 1) { ssn } }"}).json()
    assert body == {"data": {"person": {"ssn": "S1"}}}
    assert any("AUTHORIZATION IS OFF" in r.getMessage() and r.levelno == logging.WARNING
               for r in caplog.records)

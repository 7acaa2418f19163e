"""The fake subgraph answers like a federation subgraph, records requests and injects faults."""

from __future__ import annotations

from typing import Any

import httpx2 as httpx
import pytest

from tests.support.fake_subgraph import Faults, InjectedError
from tests.support.plugin import FakeSubgraphFactory, point_supergraph_at
from tests.support.supergraph_urls import read_subgraph_urls

pytestmark = pytest.mark.e2e

SHIPPING = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3",
                    import: ["@key", "@external", "@requires"])

type Query { parcels: [Parcel!]! parcel(seq: Int!): Parcel }

type Parcel @key(fields: "route { from to } seq") @key(fields: "barcode") {
  route: Route!
  seq: Int!
  barcode: String!
  weightGrams: Int @external
  postage: Int @requires(fields: "weightGrams")
}

type Route { from: String! to: String! }

interface Node @key(fields: "id") { id: ID! }
type Depot implements Node @key(fields: "id") { id: ID! city: String }
"""

LEGACY = """
extend type Query { version: String }
extend type Parcel @key(fields: "barcode") {
  barcode: String! @external
  insured: Boolean
}
"""

PARCELS = [
    {"route": {"from": "CPH", "to": "AAR"}, "seq": 7, "barcode": "B7"},
    {"route": {"from": "CPH", "to": "ODE"}, "seq": 8, "barcode": "B8"},
]
ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { %s } }"


def _shipping(factory: FakeSubgraphFactory) -> Any:
    return factory.start(
        "shipping", SHIPPING,
        {"Query": {"parcels": [{"barcode": "B7"}, {"barcode": "B8"}]}, "Parcel": PARCELS,
         "Depot": [{"id": "d1", "city": "Vejle"}]},
        {"Parcel.postage": lambda parcel, _args: parcel["weightGrams"] // 100})


def _post(url: str, body: Any, **kwargs: Any) -> httpx.Response:
    return httpx.post(url, json=body, timeout=kwargs.pop("timeout", 10), **kwargs)


def test_root_fields_read_data_and_follow_references(fake_subgraphs: FakeSubgraphFactory) -> None:
    shipping = _shipping(fake_subgraphs)
    body = {"query": "{ parcels { seq route { to } } parcel(seq: 8) { barcode } }"}
    assert _post(shipping.url, body).json() == {"data": {
        "parcels": [{"seq": 7, "route": {"to": "AAR"}}, {"seq": 8, "route": {"to": "ODE"}}],
        "parcel": {"barcode": "B8"}}}


def test_entities_by_any_key_with_requires_and_nulls(fake_subgraphs: FakeSubgraphFactory) -> None:
    shipping = _shipping(fake_subgraphs)
    reps = [
        {"__typename": "Parcel", "route": {"from": "CPH", "to": "ODE"}, "seq": 8,
         "weightGrams": 1250},
        {"__typename": "Parcel", "barcode": "B7", "weightGrams": 300},
        {"__typename": "Parcel", "barcode": "missing", "weightGrams": 1},
        {"__typename": "Node", "id": "d1"},
    ]
    selection = "__typename ... on Parcel { barcode postage } ... on Depot { city }"
    answer = _post(shipping.url, {"query": ENTITIES % selection, "variables": {"r": reps}})
    assert answer.json() == {"data": {"_entities": [
        {"__typename": "Parcel", "barcode": "B8", "postage": 12},
        {"__typename": "Parcel", "barcode": "B7", "postage": 3},
        None,
        {"__typename": "Depot", "city": "Vejle"},
    ]}}
    assert shipping.calls == 1
    assert shipping.representations("Parcel") == reps[:3]


def test_federation_1_sdl_and_service_sdl(fake_subgraphs: FakeSubgraphFactory) -> None:
    legacy = fake_subgraphs.start("legacy", LEGACY, {
        "Query": {"version": "1"}, "Parcel": [{"barcode": "B7", "insured": True}]})
    reps = [{"__typename": "Parcel", "barcode": "B7"}]
    query = "{ version _service { sdl } }"
    assert _post(legacy.url, {"query": query}).json() == {
        "data": {"version": "1", "_service": {"sdl": LEGACY}}}
    entities = _post(legacy.url, {"query": ENTITIES % "... on Parcel { insured }",
                                  "variables": {"r": reps}})
    assert entities.json() == {"data": {"_entities": [{"insured": True}]}}


def test_batch_is_one_request_answered_with_a_list(fake_subgraphs: FakeSubgraphFactory) -> None:
    shipping = _shipping(fake_subgraphs)
    answer = _post(shipping.url, [{"query": "{ parcel(seq: 7) { barcode } }"},
                                  {"query": "{ nope }"}]).json()
    assert answer[0] == {"data": {"parcel": {"barcode": "B7"}}}
    assert "errors" in answer[1]
    assert shipping.calls == 1
    assert len(shipping.operations) == 2


def test_errors_at_paths(fake_subgraphs: FakeSubgraphFactory) -> None:
    shipping = _shipping(fake_subgraphs)
    shipping.faults = Faults(errors=(
        InjectedError(("parcel", "seq"), "no seq", {"code": "BROKEN"}),
        InjectedError(("_entities", 0), "no entity"),
    ))
    root = _post(shipping.url, {"query": "{ parcels { seq } parcel(seq: 7) { seq } }"}).json()
    assert root["data"] == {"parcels": [{"seq": 7}, {"seq": 8}], "parcel": None}
    assert root["errors"] == [{"message": "no seq", "locations": [{"line": 1, "column": 36}],
                               "path": ["parcel", "seq"], "extensions": {"code": "BROKEN"}}]
    reps = [{"__typename": "Parcel", "barcode": "B7"}, {"__typename": "Parcel", "barcode": "B8"}]
    entities = _post(shipping.url, {"query": ENTITIES % "... on Parcel { seq }",
                                    "variables": {"r": reps}}).json()
    assert entities["data"] == {"_entities": [None, {"seq": 8}]}
    assert [e["path"] for e in entities["errors"]] == [["_entities", 0]]


def test_http_faults(fake_subgraphs: FakeSubgraphFactory) -> None:
    shipping = _shipping(fake_subgraphs)
    body = {"query": "{ parcels { seq } }"}
    shipping.faults = Faults(status=500)
    assert _post(shipping.url, body).status_code == 500
    shipping.faults = Faults(garbage=True)
    with pytest.raises(ValueError, match="JSON|Expecting"):
        _post(shipping.url, body).json()
    shipping.faults = Faults(close=True)
    with pytest.raises(httpx.TransportError):
        _post(shipping.url, body)
    shipping.faults = Faults(delay=1.0)
    with pytest.raises(httpx.TimeoutException):
        _post(shipping.url, body, timeout=0.2)
    assert shipping.calls == 4
    shipping.reset()
    assert shipping.calls == 0
    assert _post(shipping.url, body).status_code == 200


def test_down_url_refuses(down_url: str) -> None:
    with pytest.raises(httpx.ConnectError):
        _post(down_url, {"query": "{ __typename }"})


def test_point_supergraph_at_rewrites_only_urls(fake_subgraphs: FakeSubgraphFactory) -> None:
    shipping = _shipping(fake_subgraphs)
    supergraph = (
        'enum join__Graph {\n'
        '  SHIPPING @join__graph(name: "shipping", url: "http://old/shipping")\n'
        '  LEGACY @join__graph(name: "legacy", url: "http://old/legacy")\n}\n')
    rewritten = point_supergraph_at(supergraph, {"shipping": shipping, "legacy": "http://x/y"})
    assert read_subgraph_urls(rewritten) == {"shipping": shipping.url, "legacy": "http://x/y"}
    with pytest.raises(KeyError, match="legacy"):
        point_supergraph_at(supergraph, {"shipping": shipping})

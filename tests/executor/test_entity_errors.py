"""Entity errors come back at the concrete response paths of every object they stand for."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
import pytest

from gateway.executor.execute import ExecutionState
from gateway.executor.schedule import BatchedRequest, ScheduledFetch
from gateway.planner.plan import FetchNode, InputField, InputFragment
from gateway.supergraph import Supergraph, parse_supergraph

CASES = Path(__file__).resolve().parents[1] / "conformance" / "cases"


@pytest.fixture(scope="module")
def supergraph() -> Supergraph:
    """Node (interface) with Post and User."""
    return parse_supergraph((CASES / "node-interface" / "supergraph.graphql").read_text())


class Answers:
    """A subgraph client that answers each request with the next canned response."""

    def __init__(self, *responses: Any) -> None:
        self.responses = list(responses)
        self.sent: list[Any] = []

    async def send(self, subgraph: str, body: bytes,
                   headers: Mapping[str, str] | None = None) -> Any:
        self.sent.append(orjson.loads(body))
        return self.responses.pop(0)


FETCH = FetchNode(
    subgraph="profiles", operation="query($representations:[_Any!]!){_entities(...)}",
    operation_name=None, operation_kind="query", variable_usages=(),
    requires=(InputFragment(type_condition="User", selections=(
        InputField(name="__typename", store_key="__typename", selections=None),
        InputField(name="id", store_key="id", selections=None))),))


def _user(uid: str) -> dict[str, Any]:
    return {"__typename": "User", "id": uid}


def _state(supergraph: Supergraph, store: dict[str, Any], *responses: Any
           ) -> tuple[ExecutionState, Answers]:
    client = Answers(*responses)
    state = ExecutionState(supergraph, client, {})  # type: ignore[arg-type]
    state.store.update(store)
    return state, client


def _errors(state: ExecutionState) -> list[tuple[str, list[Any] | None]]:
    return [(e["message"], e.get("path")) for e in state.errors]


def test_duplicates_and_shared_values_report_each_appearance(supergraph: Supergraph) -> None:
    store = {"feed": [{"author": _user("1")}, None, {"author": _user("2")},
                      {"author": _user("1")}]}
    first = {"data": {"_entities": [
        {"friends": [_user("3"), None, _user("1")]}, {"friends": []}]},
        "errors": [{"message": "boom", "path": ["_entities", 0, "bio"]},
                   {"message": "whole", "path": ["_entities", 1]},
                   {"message": "elsewhere"},
                   {"message": "out of range", "path": ["_entities", 5, "bio"]}]}
    second = {"data": {"_entities": [{"bio": "x"}, None]},
              "errors": [{"message": "friend", "path": ["_entities", 1, "bio"]},
                         {"message": "other friend", "path": ["_entities", 0]}]}
    state, client = _state(supergraph, store, first, second)
    asyncio.run(state.execute_flatten(("feed", "@", "author"), FETCH))
    # The two authors with id 1 got one "friends" list: its items are at both authors' paths.
    assert state.store["feed"][0]["author"]["friends"] is state.store["feed"][3]["author"][
        "friends"]
    asyncio.run(state.execute_flatten(("feed", "@", "author", "friends", "@"), FETCH))
    assert client.sent[1]["variables"]["representations"] == [_user("3"), _user("1")]
    assert _errors(state) == [
        ("boom", ["feed", 0, "author", "bio"]),
        ("boom", ["feed", 3, "author", "bio"]),
        ("whole", ["feed", 2, "author"]),
        ("elsewhere", ["feed"]),
        ("out of range", ["feed"]),
        ("friend", ["feed", 0, "author", "friends", 2, "bio"]),
        ("friend", ["feed", 3, "author", "friends", 2, "bio"]),
        ("other friend", ["feed", 0, "author", "friends", 0]),
        ("other friend", ["feed", 3, "author", "friends", 0]),
    ]
    assert state.store["feed"][0]["author"]["friends"][0]["bio"] == "x"


def test_an_entity_error_fans_out_to_at_most_twenty_paths(supergraph: Supergraph) -> None:
    store = {"team": [_user("1") for _ in range(25)]}
    response = {"data": {"_entities": [None]},
                "errors": [{"message": "gone", "path": ["_entities", 0]},
                           {"message": "again", "path": ["_entities", 0, "bio"]}]}
    state, _ = _state(supergraph, store, response)
    asyncio.run(state.execute_flatten(("team", "@"), FETCH))
    assert _errors(state) == [("gone", ["team", i]) for i in range(20)] + [
        ("again", ["team", i, "bio"]) for i in range(20)]


def test_objects_in_nested_lists_keep_every_index(supergraph: Supergraph) -> None:
    store = {"grid": [[_user("1"), None, [_user("1")]], None, [_user("2")]]}
    response = {"data": {"_entities": [{"bio": "a"}, {"bio": "b"}]},
                "errors": [{"message": "one", "path": ["_entities", 0, "bio"]},
                           {"message": "two", "path": ["_entities", 1]}]}
    state, _ = _state(supergraph, store, response)
    asyncio.run(state.execute_flatten(("grid", "@"), FETCH))
    assert _errors(state) == [("one", ["grid", 0, 0, "bio"]), ("one", ["grid", 0, 2, 0, "bio"]),
                              ("two", ["grid", 2, 0])]


def test_a_batch_reports_errors_where_its_targets_were_collected(
        supergraph: Supergraph) -> None:
    # The first part of the batch replaces the "kids" list the second part collected from
    # (a planner never batches such fetches; the paths must still be the collected ones).
    store = {"a": [_user("1")], "b": [_user("5"), _user("6")]}
    store["a"][0]["kids"] = [_user("7"), _user("8")]
    response = {"data": {"_0": [{"kids": [_user("9"), _user("9"), _user("9")]}],
                         "_1": [{"bio": "k7"}, {"bio": "k8"}], "_2": [None, None]},
                "errors": [{"message": "kid", "path": ["_1", 1, "bio"]},
                           {"message": "b", "path": ["_2", 0]},
                           {"message": "a", "path": ["_0", 0, "kids"]},
                           {"message": "anywhere"}]}
    state, client = _state(supergraph, store, response)
    batch = BatchedRequest(subgraph="profiles", operation="{...}", variable_usages=(),
                           fetches=(ScheduledFetch(("a", "@"), FETCH),
                                    ScheduledFetch(("a", "@", "kids", "@"), FETCH),
                                    ScheduledFetch(("b", "@"), FETCH)))
    asyncio.run(state.execute_batch(batch))
    assert client.sent[0]["variables"]["_r1"] == [_user("7"), _user("8")]
    assert len(state.store["a"][0]["kids"]) == 3
    assert _errors(state) == [("a", ["a", 0, "kids"]), ("anywhere", ["a"]),
                              ("kid", ["a", 0, "kids", 1, "bio"]), ("b", ["b", 0])]

"""Collecting entities and building representations: as the interpretive code did, faster."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from gateway.executor.represent import (
    Gatherer,
    RepresentationBuilder,
    collect,
    collect_many,
    compile_builders,
    locate,
    target_paths,
)
from gateway.planner.plan import InputField, InputFragment, InputSelection, Rewrite
from gateway.supergraph import Supergraph, parse_supergraph
from tests.support.reference_gather import gather

CASES = Path(__file__).resolve().parents[1] / "conformance" / "cases"


@pytest.fixture(scope="module")
def supergraph() -> Supergraph:
    """Node (interface) with Post and User."""
    return parse_supergraph((CASES / "node-interface" / "supergraph.graphql").read_text())


def _f(name: str, store_key: str | None = None,
       selections: tuple[InputSelection, ...] | None = None) -> InputField:
    return InputField(name=name, store_key=store_key or name, selections=selections)


def _on(condition: str, *selections: InputSelection) -> InputFragment:
    return InputFragment(type_condition=condition, selections=selections)


RECIPES: dict[str, tuple[tuple[InputSelection, ...], tuple[Rewrite, ...]]] = {
    "key": ((_on("User", _f("__typename"), _f("id")),), ()),
    "abstract": ((_on("Node", _f("__typename"), _f("id")),), ()),
    "per type": ((_on("User", _f("__typename"), _f("id")),
                  _on("Post", _f("__typename"), _f("id"), _f("title"))), ()),
    "repeated": ((_on("User", _f("__typename"), _f("id")),
                  _on("Node", _f("__typename"), _f("id"))), ()),
    "nested": ((_on("User", _f("__typename"), _f("id"),
                    _f("address", selections=(_f("city"), _on("Post", _f("title"))))),), ()),
    "alias": ((_on("Post", _f("__typename"), _f("title", "_title"), _f("id")),), ()),
    "bare field": ((_f("__typename"), _f("id")), ()),
    "rewrite": ((_on("Node", _f("__typename"), _f("id")),),
                (Rewrite(type_condition="User", from_key="__typename", to_key="__typename",
                         value="Node"),)),
    "rewrite without typename": ((_on("User", _f("id")),),
                                 (Rewrite(type_condition="User", from_key="__typename",
                                          to_key="__typename", value="Node"),)),
}


def _user(uid: Any, **extra: Any) -> dict[str, Any]:
    return {"__typename": "User", "id": uid, **extra}


def _post(pid: Any, **extra: Any) -> dict[str, Any]:
    return {"__typename": "Post", "id": pid, "title": f"t{pid}", "_title": f"a{pid}", **extra}


SHARED = [_user("4"), None, _post("4"), _user("5")]
"""Values merged into duplicates are shared: one list (and its objects) at several paths."""

STORE: dict[str, Any] = {
    "feed": [
        {"author": _user("1", address={"city": "Aarhus"}), "post": _post("1")},
        None,
        {"author": _user("1", address={"city": "Odense"}), "post": _post("2")},
        {"author": _user("2", address=None), "post": _post("1")},
        {"author": None, "post": {"__typename": "Post", "id": "9"}},
        {"author": _user(7), "post": _post(["x"])},
        {"author": {"id": "3"}, "post": {"__typename": 5, "id": "5"}},
        {"author": _user(None, address={"city": "Aarhus", "zip": 1}), "post": _post("3")},
        {"author": {"__typename": "Ghost", "id": "1"}},
    ],
    "grid": [[_user("1"), None, [_post("4")]], None, [_user("8", address={"city": "Vejle"})]],
    "team": [_user("1", address={"city": "Aarhus"}), _user("2"), None, _user("1"), _user(1)],
    "broken": [_user("1"), {"__typename": "User"}, _user("1")],
    "odd": [_user("1"), _user(["x"]), _user(["x"])],
    "posts": [_post("1"), _post("1"), _post("2")],
    "shared": [{"friends": SHARED}, {"friends": [SHARED[3]]}, {"friends": SHARED}],
}
PATHS = [("feed", "@", "author"), ("feed", "@", "post"), ("feed", "@"), ("grid", "@"),
         ("grid",), ("feed", "@", "missing"), ("team", "@"), ("broken", "@"), ("odd", "@"),
         ("posts", "@"), ("shared", "@", "friends", "@"), ("grid", "@", "@")]


@pytest.mark.parametrize("recipe", sorted(RECIPES))
@pytest.mark.parametrize("path", PATHS, ids=".".join)
def test_matches_the_reference(supergraph: Supergraph, recipe: str,
                               path: tuple[str, ...]) -> None:
    requires, rewrites = RECIPES[recipe]
    store = copy.deepcopy(STORE)
    reps, targets = RepresentationBuilder(requires, rewrites, supergraph).build(
        collect(store, path))
    ref_reps, ref_targets = gather(store, path, requires, rewrites, supergraph)
    assert [list(r.items()) for r in reps] == [list(r.items()) for r in ref_reps]
    located = locate(store, path, [o for t in targets for o in t])
    assert [list(zip(map(id, t), target_paths(t, located), strict=True)) for t in targets] == \
        [[(id(o), w) for o, w in t] for t in ref_targets]


def _paths(store: dict[str, Any], path: tuple[str, ...],
           found: list[dict[str, Any]]) -> list[tuple[str | int, ...] | None]:
    return target_paths(found, locate(store, path, found))


def test_duplicates_share_one_representation_in_first_seen_order(supergraph: Supergraph) -> None:
    requires, rewrites = RECIPES["key"]
    reps, targets = RepresentationBuilder(requires, rewrites, supergraph).build(
        collect(STORE, ("feed", "@", "author")))
    assert reps == [{"__typename": "User", "id": "1"}, {"__typename": "User", "id": "2"},
                    {"__typename": "User", "id": 7}, {"__typename": "User", "id": None}]
    assert _paths(STORE, ("feed", "@", "author"), targets[0]) == \
        [("feed", 0, "author"), ("feed", 2, "author")]


def test_collecting_several_paths_at_once_gives_what_each_gives_alone() -> None:
    paths = [*PATHS, ("feed",), ("feed", "@", "author", "address")]
    together = collect_many(STORE, paths)
    assert set(together) == set(paths)
    for path in paths:
        alone = collect(STORE, path)
        assert list(map(id, together[path])) == list(map(id, alone))


def test_paths_through_nested_lists_keep_every_index() -> None:
    found = collect(STORE, ("grid", "@"))
    assert _paths(STORE, ("grid", "@"), found) == [
        ("grid", 0, 0), ("grid", 0, 2, 0), ("grid", 2, 0)]


def test_builders_are_compiled_for_every_entity_fetch_of_a_plan() -> None:
    from bench.federation_subgraphs import BENCH_DIR
    from gateway.planner import plan_document

    bench = parse_supergraph((BENCH_DIR / "supergraph.graphql").read_text())
    plan = plan_document(bench, (BENCH_DIR / "query.graphql").read_text())
    builders = compile_builders(plan, bench)
    assert len(builders) == 14  # Apollo's 16 fetches less the two root fetches


def test_walked_prefixes_survive_merges_that_cannot_change_them() -> None:
    store: dict[str, Any] = {"shops": [{"id": "s1", "owner": None}, {"id": "s2", "owner": None}]}
    gatherer = Gatherer(store)
    first = gatherer.collect_many([("shops", "@"), ("shops", "@", "owner")])
    assert first[("shops", "@", "owner")] == []
    gatherer.merged_at(("shops", "@"), {"name"})  # owner untouched: the walk still holds
    assert ("shops", "@", "owner") in gatherer.levels
    store["shops"][0]["owner"] = {"id": "p1"}  # what a merge of an "owner" key does...
    gatherer.merged_at(("shops", "@"), {"owner"})  # ...and says it did
    assert ("shops", "@", "owner") not in gatherer.levels
    assert ("shops", "@", "owner") not in gatherer.objects
    assert ("shops", "@") in gatherer.levels  # the shops themselves are the same objects
    assert gatherer.collect_many([("shops", "@")])[("shops", "@")] is first[("shops", "@")]
    again = gatherer.collect_many([("shops", "@", "owner")])[("shops", "@", "owner")]
    assert again == [{"id": "p1"}]
    assert again[0] is store["shops"][0]["owner"]


def test_a_root_merge_drops_only_the_walks_through_its_keys() -> None:
    store: dict[str, Any] = {"a": [{"x": 1}], "b": [{"y": 2}]}
    gatherer = Gatherer(store)
    gatherer.collect_many([("a", "@"), ("b", "@")])
    store["b"] = [{"y": 3}, {"y": 4}]
    gatherer.merged_at((), {"b"})
    assert ("a", "@") in gatherer.levels
    assert ("b", "@") not in gatherer.levels
    again = gatherer.collect_many([("b", "@")])[("b", "@")]
    assert list(map(id, again)) == list(map(id, store["b"]))

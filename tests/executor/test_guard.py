"""The shaper's object guard: list items left out, other positions null with an error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gateway.executor.guard import Denial, ObjectGuard
from gateway.types import ResponsePath
from tests.executor.shape_support import STORE, normalized, shape

DENIED = Denial("FORBIDDEN", "not for you")


@dataclass
class ToyGuard:
    """Denies objects for which ``deny(typename, obj)`` is true; records every check."""

    types: frozenset[str]
    deny: Callable[[str, dict[str, Any]], bool]
    calls: list[tuple[str, ResponsePath, tuple[str, ...]]] = field(default_factory=list)

    def check(self, typename: str, obj: dict[str, Any], path: ResponsePath,
              fields: tuple[str, ...]) -> Denial | None:
        self.calls.append((typename, path, fields))
        return DENIED if self.deny(typename, obj) else None


def _guard(types: set[str], deny: Callable[[str, dict[str, Any]], bool]) -> ToyGuard:
    guard = ToyGuard(frozenset(types), deny)
    _: ObjectGuard = guard  # the toy guard satisfies the protocol
    return guard


def _error(path: list[object]) -> dict[str, object]:
    return {"message": "not for you", "path": path, "extensions": {"code": "FORBIDDEN"}}


def test_a_denied_list_item_is_left_out_without_an_error() -> None:
    items = [{"__typename": "Item", "id": "i1", "price": 3, "color": "RED"}, None,
             {"__typename": "Item", "id": "i2", "price": 4, "color": "GREEN"}]
    store = {**STORE, "shop": {**STORE["shop"], "items": items}}
    guard = _guard({"Item"}, lambda _t, obj: obj["id"] == "i1")
    data, errors = shape(normalized("conditions"), store, {"a": True}, guard=guard)
    assert data["shop"]["items"] == [None, {"id": "i2", "price": 4, "color": "GREEN"}]
    assert errors == []
    assert [path for _, path, _ in guard.calls] == [("shop", "items", 0), ("shop", "items", 1)]


def test_a_denied_object_in_a_nullable_field_is_null_with_the_denials_error() -> None:
    guard = _guard({"Shop"}, lambda _t, obj: True)
    data, errors = shape(normalized("conditions"), STORE, {"a": True}, guard=guard)
    assert data["shop"] is None
    assert errors == [_error(["shop"])]


def test_a_denied_non_null_object_nulls_its_parent_with_one_error() -> None:
    guard = _guard({"Person"}, lambda _t, _obj: True)
    data, errors = shape(normalized("conditions"), STORE, {"a": True}, guard=guard)
    # shop.owner is Person!: shop becomes null; shops: [Shop!]! whose owners are Person! too,
    # so the first shop nulls the list and the list nulls the root.
    assert data is None
    assert errors == [_error(["shop", "owner"]), _error(["shops", 0, "owner"])]


def test_nested_guarded_objects_are_checked_at_their_concrete_paths() -> None:
    guard = _guard({"Shop", "Person"}, lambda t, _obj: False)
    data, errors = shape(normalized("conditions"), STORE, {"a": True}, guard=guard)
    assert errors == []
    assert data["shops"] == [{"id": "s1", "owner": {"id": "p1"}}] * 2
    assert [(t, p) for t, p, _ in guard.calls] == [
        ("Shop", ("shop",)), ("Person", ("shop", "owner")),
        ("Shop", ("shops", 0)), ("Person", ("shops", 0, "owner")),
        ("Shop", ("shops", 1)), ("Person", ("shops", 1, "owner"))]


def test_items_after_a_left_out_one_are_checked_at_their_response_index() -> None:
    shops = [{**STORE["shop"]}, STORE["shop"]]
    store = {**STORE, "shops": shops}
    guard = _guard({"Shop", "Person"}, lambda t, obj: t == "Shop" and obj is shops[0])
    data, errors = shape(normalized("conditions"), store, {"a": True}, guard=guard)
    assert data["shops"] == [{"id": "s1", "owner": {"id": "p1"}}]
    assert errors == []
    assert [p for _, p, _ in guard.calls][-3:] == [
        ("shops", 0), ("shops", 0), ("shops", 0, "owner")]


def test_fields_are_the_selected_schema_fields_after_conditions() -> None:
    guard = _guard({"Shop", "Person"}, lambda _t, _obj: False)
    shape(normalized("conditions"), STORE, {"a": True}, guard=guard)
    shop_fields, owner_fields = guard.calls[0][2], guard.calls[1][2]
    assert shop_fields == ("id", "name", "rating", "color", "tags", "meta", "items", "owner")
    assert owner_fields == ("name", "active")
    guard.calls.clear()
    shape(normalized("conditions"), STORE, {"a": False}, guard=guard)
    assert "name" not in guard.calls[0][2]
    assert guard.calls[1][2] == ("name",)


def test_fields_are_de_duplicated_across_aliases_and_merged_selections() -> None:
    guard = _guard({"Shop", "Person"}, lambda _t, _obj: False)
    shape(normalized("merged"), STORE, {}, guard=guard)
    assert guard.calls[0] == ("Shop", ("s",), ("id", "owner"))
    assert guard.calls[1] == ("Person", ("s", "owner"), ("id", "name"))


def test_abstract_positions_are_checked_by_runtime_type() -> None:
    guard = _guard({"Item"}, lambda _t, _obj: True)
    data, errors = shape(normalized("abstract"), STORE, {}, guard=guard)
    assert [n["__typename"] if n else None for n in data["nodes"]] == ["Shop", None, "Person"]
    assert [s["__typename"] for s in data["search"]] == ["Person", "Shop"]
    assert errors == []
    assert {t for t, _, _ in guard.calls} == {"Item"}
    by_path = {path: fields for _, path, fields in guard.calls}
    assert by_path[("nodes", 0, "items", 0)] == ("id",)
    assert by_path[("nodes", 1)] == ("id", "price")


def test_types_the_guard_does_not_name_are_never_checked() -> None:
    guard = _guard({"Nope"}, lambda _t, _obj: True)
    with_guard = shape(normalized("conditions"), STORE, {"a": True}, guard=guard)
    assert with_guard == shape(normalized("conditions"), STORE, {"a": True})
    assert guard.calls == []

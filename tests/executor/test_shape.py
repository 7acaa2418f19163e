"""The compiled shaper: same data and errors as the interpretive one, plus pinned edge cases."""

from __future__ import annotations

import pytest

from tests.executor.shape_support import STORE, mutations, normalized, shape, shape_both

VARIABLE_SETS = [{"a": True, "b": True}, {"a": False, "b": False}, {"a": True}]


@pytest.mark.parametrize("name", ["conditions", "abstract", "merged"])
def test_matches_the_reference_on_every_single_fault(name: str) -> None:
    op = normalized(name)
    checked = 0
    for store in [STORE, *mutations(STORE)]:
        for variables in VARIABLE_SETS:
            compiled, reference = shape_both(op, store, variables)
            assert compiled == reference, (store, variables)
            checked += 1
    assert checked > 1000


def test_matches_the_reference_with_subgraph_errors_recorded() -> None:
    op = normalized("conditions")
    prior = [{"message": "boom", "path": ["shop", "owner"]},
             {"message": "no path"}, {"message": "deep", "path": ["shops", 1, "owner", "id"]}]
    for store in mutations(STORE):
        compiled, reference = shape_both(op, store, {"a": True}, prior)
        assert compiled == reference


def test_include_and_skip_follow_the_variables() -> None:
    op = normalized("conditions")
    data, _ = shape(op, STORE, {"a": True, "b": False})
    assert list(data["shop"]) == ["__typename", "id", "name", "rating", "color", "tags", "meta",
                                  "items", "owner"]
    assert data["shop"]["items"][0] == {"id": "i1", "price": 3, "color": "RED"}
    assert data["shop"]["owner"] == {"name": "Ane", "active": True}
    data, _ = shape(op, STORE, {"a": False, "b": True})
    assert "name" not in data["shop"]
    assert data["shop"]["items"][0] == {"id": "i1", "color": "RED"}
    assert data["shop"]["owner"] == {"name": "Ane"}


def test_abstract_types_use_the_stored_typename() -> None:
    data, errors = shape(normalized("abstract"), STORE, {})
    assert errors == []
    assert data["nodes"] == [
        {"__typename": "Shop", "id": "s1", "name": "Butik", "items": [{"id": "i1"}, None,
                                                                       {"id": "i1"}]},
        {"__typename": "Item", "id": "i1", "price": 3}, None,
        {"__typename": "Person", "id": "p1"}]
    assert data["search"][0] == {"__typename": "Person", "id": "p1", "n": "Ane", "active": True}


def test_an_impossible_typename_nulls_the_object_with_an_error() -> None:
    store = {**STORE, "nodes": [{"__typename": "Secret", "id": "x"}]}
    data, errors = shape(normalized("abstract"), store, {})
    assert data["nodes"] == [None]
    assert errors == [{"message": "a subgraph returned an object that is not a valid Node",
                       "path": ["nodes", 0], "extensions": {"code": "INVALID_GRAPHQL_VALUE"}}]


def test_a_null_non_null_list_item_nulls_the_nullable_list() -> None:
    store = {**STORE, "search": [STORE["search"][0], None]}
    data, errors = shape(normalized("abstract"), store, {})
    assert data["search"] is None
    assert [e["path"] for e in errors] == [["search", 1]]
    assert errors[0]["message"] == "Cannot return null for non-nullable field at search.1."


def test_null_propagates_to_the_root_through_non_null_fields() -> None:
    data, errors = shape(normalized("merged"), {**STORE, "owner": {"name": "x"}}, {})
    assert data is None
    assert [e["path"] for e in errors] == [["owner", "id"]]


def test_no_cannot_return_null_error_under_an_existing_error() -> None:
    store = {**STORE, "owner": None}
    prior = [{"message": "owner failed", "path": ["owner"]}]
    data, errors = shape(normalized("merged"), store, {}, prior)
    assert data is None
    assert errors == prior


@pytest.mark.parametrize(("field", "value", "message"), [
    ("color", "BLUE", "a subgraph returned an invalid value for enum Color"),
    ("rating", "4.5", "a subgraph returned an invalid value for Float"),
    ("tags", "a", "a subgraph returned a non-list value for a list field"),
    ("id", True, "a subgraph returned an invalid value for ID"),
])
def test_invalid_leaf_values_become_null_with_an_error(field: str, value: object,
                                                       message: str) -> None:
    shop = {**STORE["shop"], field: value}
    data, errors = shape(normalized("conditions"), {**STORE, "shop": shop}, {"a": True})
    assert errors[0] == {"message": message, "path": ["shop", field],
                         "extensions": {"code": "INVALID_GRAPHQL_VALUE"}}
    expected_shop = None if field == "id" else data["shop"]  # id is non-null
    assert data["shop"] == expected_shop
    if expected_shop is not None:
        assert data["shop"][field] is None


def test_int_outside_32_bits_is_invalid() -> None:
    item = {**STORE["shop"]["items"][0], "price": 2**31}
    shop = {**STORE["shop"], "items": [item]}
    data, errors = shape(normalized("conditions"), {**STORE, "shop": shop}, {"b": False})
    assert data["shop"]["items"] == [None]
    assert [e["path"] for e in errors] == [["shop", "items", 0, "price"]]


def test_compiled_variants_are_cached_per_condition_values() -> None:
    from gateway.executor.shape import CompiledShaper
    from tests.executor.shape_support import SCHEMA

    op = normalized("conditions")
    shaper = CompiledShaper(SCHEMA, op.root_type, op.selections)
    assert shaper.condition_variables == ("a", "b")
    assert shaper.table({"a": True, "b": 1}) is shaper.table({"a": True, "b": False})
    assert shaper.table({"a": True}) is not shaper.table({"a": False})


def test_statically_denied_fields_are_null_with_forbidden_and_propagate() -> None:
    from gateway.executor.shape import _Walk
    from gateway.executor.shape_codegen import PROPAGATE, source_of
    from gateway.executor.shape_plan import DENIED, TYPES, ObjectTable

    nullable = ObjectTable("Shop", (("id", frozenset({str}), TYPES, True, "ID"),
                                    ("secret", None, DENIED, False, None)), ("id",))
    errors: list[dict[str, object]] = []
    assert nullable.fn({"id": "s1", "secret": "x"}, _Walk(errors, None), (None, "shop"),
                       False) == {"id": "s1", "secret": None}
    assert errors == [{"message": "not authorized to see this field", "path": ["shop", "secret"],
                       "extensions": {"code": "FORBIDDEN"}}]
    required = ObjectTable("Shop", (("secret", None, DENIED, True, None),), ())
    errors.clear()
    assert required.fn({"secret": "x"}, _Walk(errors, None), None, False) is PROPAGATE
    assert [e["path"] for e in errors] == [["secret"]]
    assert "get('secret')" not in source_of(required.fn)  # the value is never read

"""A small schema, operations and stores for shaper tests, and both shapers side by side."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLSchema, OperationDefinitionNode, build_schema, parse

from gateway.executor.guard import ObjectGuard
from gateway.executor.shape import CompiledShaper
from gateway.planner.normalize import NormalizedOperation, normalize_operation
from tests.support.reference_shape import shape_response as reference_shape

__all__ = ["SCHEMA", "STORE", "normalized", "shape_both", "shape", "mutations"]

SCHEMA: GraphQLSchema = build_schema("""
scalar JSON
enum Color { RED GREEN }
interface Node { id: ID! }
type Query {
  version: String!
  shop: Shop
  shops: [Shop!]!
  nodes: [Node]
  search: [Result!]
  matrix: [[Int!]]
  owner: Person!
}
type Shop implements Node {
  id: ID! name: String! rating: Float color: Color tags: [String!] meta: JSON
  items: [Item]! owner: Person!
}
type Item implements Node { id: ID! price: Int! color: Color! }
type Person implements Node { id: ID! name: String active: Boolean }
union Result = Shop | Item | Person
""")

OPERATIONS = {
    "conditions": """query($a: Boolean!, $b: Boolean = true) {
      version
      shop { __typename id name @include(if: $a) rating color tags meta
             items { id price @skip(if: $b) color }
             owner { name ... @include(if: $a) { active } } }
      shops { id owner { id } }
    }""",
    "abstract": """{
      nodes { __typename id ... on Shop { name items { id } } ... on Item { price } }
      search { __typename ... on Node { id } ... on Person { n: name active } }
      matrix
    }""",
    "merged": """{ s: shop { id owner { id } } s: shop { owner { name } } owner { id } }""",
}

_ITEM = {"__typename": "Item", "id": "i1", "price": 3, "color": "RED"}
_PERSON = {"__typename": "Person", "id": "p1", "name": "Ane", "n": "Ane", "active": True,
           "extra": 1}
_SHOP = {"__typename": "Shop", "id": "s1", "name": "Butik", "rating": 4.5, "color": "GREEN",
         "tags": ["a", "b"], "meta": {"any": [1, 2]}, "items": [_ITEM, None, _ITEM],
         "owner": _PERSON, "key": "internal"}

STORE: dict[str, Any] = {
    "version": "1", "shop": _SHOP, "s": _SHOP, "shops": [_SHOP, _SHOP], "owner": _PERSON,
    "nodes": [_SHOP, _ITEM, None, _PERSON], "search": [_PERSON, _ITEM, _SHOP],
    "matrix": [[1, 2], None, [3]],
}


def normalized(name: str) -> NormalizedOperation:
    """The normalised operation ``name`` of :data:`OPERATIONS`."""
    doc = parse(OPERATIONS[name])
    op = next(d for d in doc.definitions if isinstance(d, OperationDefinitionNode))
    return normalize_operation(SCHEMA, op, {})


def shape(op: NormalizedOperation, store: dict[str, Any], variables: dict[str, Any],
          errors: list[dict[str, Any]] | None = None, guard: ObjectGuard | None = None
          ) -> tuple[Any, list[dict[str, Any]]]:
    """Data and errors from the compiled shaper."""
    errs = list(errors or [])
    data = _shaper(op).shape(store, variables, errs, guard)
    return data, errs


_SHAPERS: dict[int, tuple[NormalizedOperation, CompiledShaper]] = {}


def _shaper(op: NormalizedOperation) -> CompiledShaper:
    """One compiled shaper per operation object (compiling generates code: not per call)."""
    hit = _SHAPERS.get(id(op))
    if hit is None or hit[0] is not op:
        hit = _SHAPERS[id(op)] = (op, CompiledShaper(SCHEMA, op.root_type, op.selections))
    return hit[1]


def shape_both(op: NormalizedOperation, store: dict[str, Any], variables: dict[str, Any],
               errors: list[dict[str, Any]] | None = None
               ) -> tuple[tuple[Any, list[dict[str, Any]]], tuple[Any, list[dict[str, Any]]]]:
    """(compiled, reference) results for the same input."""
    ref_errors = list(errors or [])
    ref = reference_shape(SCHEMA, op.root_type, op.selections, store, variables, ref_errors)
    return shape(op, store, variables, errors), (ref, ref_errors)


_REPLACEMENTS: tuple[Any, ...] = (None, "x", 1, 2**40, 1.5, float("inf"), True, {}, [], "BAD",
                                  {"__typename": "Nope"}, {"__typename": "Item"}, [None])
_DELETE = object()


def _positions(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    if type(value) is dict:
        for key, child in value.items():
            yield (*path, key)
            yield from _positions(child, (*path, key))
    elif type(value) is list:
        for i, child in enumerate(value):
            yield (*path, i)
            yield from _positions(child, (*path, i))


def mutations(store: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Copies of ``store`` with one position replaced by a wrong or null value (or deleted)."""
    for position in _positions(store, ()):
        for replacement in (*_REPLACEMENTS, _DELETE):
            mutated = copy.deepcopy(store)
            parent = mutated
            for key in position[:-1]:
                parent = parent[key]
            if replacement is _DELETE:
                if type(parent) is not dict:
                    continue
                del parent[position[-1]]
            else:
                parent[position[-1]] = copy.deepcopy(replacement)
            yield mutated

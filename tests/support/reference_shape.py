"""The interpretive shaper the compiled one replaced: a reference for differential tests."""

from __future__ import annotations

import math
from typing import Any

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    VariableNode,
)

from gateway.errors import INVALID_GRAPHQL_VALUE
from gateway.planner.normalize import NField, NSelection
from gateway.types import JSONObject, ResponsePath

__all__ = ["shape_response"]


class _Propagate:
    """Marker: a null reached a non-null position and must bubble up."""


_PROPAGATE = _Propagate()
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


def _included(directives: tuple[DirectiveNode, ...], variables: dict[str, Any]) -> bool:
    for d in directives:
        arg = next((a for a in d.arguments or () if a.name.value == "if"), None)
        if arg is None:
            continue
        if isinstance(arg.value, VariableNode):
            value = variables.get(arg.value.name.value) is True
        elif isinstance(arg.value, BooleanValueNode):
            value = arg.value.value
        else:
            continue
        if value != (d.name.value == "include"):
            return False
    return True


class _Shaper:
    def __init__(self, schema: GraphQLSchema, variables: dict[str, Any],
                 errors: list[JSONObject], preshaped: frozenset[str]) -> None:
        self.schema = schema
        self.variables = variables
        self.errors = errors
        self.preshaped = preshaped
        self.error_paths: set[ResponsePath] = set()
        for err in errors:
            path = err.get("path")
            if isinstance(path, list):
                self.error_paths.add(tuple(path))

    def _has_error_near(self, path: ResponsePath) -> bool:
        for i in range(len(path) + 1):
            if path[:i] in self.error_paths:
                return True
        return any(p[: len(path)] == path for p in self.error_paths)

    def _error(self, message: str, path: ResponsePath, code: str | None = None) -> None:
        err: JSONObject = {"message": message, "path": list(path)}
        if code:
            err["extensions"] = {"code": code}
        self.errors.append(err)
        self.error_paths.add(path)

    def collect(self, sels: list[NSelection], runtime: str, out: dict[str, list[NField]]) -> None:
        for sel in sels:
            if not _included(sel.directives, self.variables):
                continue
            if isinstance(sel, NField):
                out.setdefault(sel.response_name, []).append(sel)
            elif self._applies(sel.type_condition, runtime):
                self.collect(sel.selections, runtime, out)

    def _applies(self, condition: str, runtime: str) -> bool:
        if condition == runtime:
            return True
        cond = self.schema.type_map.get(condition)
        obj = self.schema.type_map.get(runtime)
        return (isinstance(cond, (GraphQLInterfaceType, GraphQLUnionType))
                and isinstance(obj, GraphQLObjectType) and self.schema.is_sub_type(cond, obj))

    def object(self, value: dict[str, Any], type_: Any, sels: list[NSelection],
               path: ResponsePath, root: bool = False) -> Any:
        if isinstance(type_, GraphQLObjectType):
            runtime = type_.name
        else:
            name = value.get("__typename")
            t = self.schema.type_map.get(name) if isinstance(name, str) else None
            if not isinstance(t, GraphQLObjectType) or not self.schema.is_sub_type(type_, t):
                self._error(f"a subgraph returned an object that is not a valid {type_.name}",
                            path, INVALID_GRAPHQL_VALUE)
                return None
            runtime = t.name
        fields: dict[str, list[NField]] = {}
        self.collect(sels, runtime, fields)
        obj_type = self.schema.type_map[runtime]
        result: dict[str, Any] = {}
        for response_name, nodes in fields.items():
            f = nodes[0]
            if f.name == "__typename":
                result[response_name] = runtime
                continue
            if root and f.name in self.preshaped:
                result[response_name] = value.get(response_name)
                continue
            fdef = obj_type.fields.get(f.name)  # type: ignore[union-attr]
            if fdef is None:
                result[response_name] = None
                continue
            children = _merged_children(nodes)
            completed = self.complete(value.get(response_name), fdef.type, children,
                                      (*path, response_name))
            if completed is _PROPAGATE:
                return _PROPAGATE
            result[response_name] = completed
        return result

    def complete(self, value: Any, type_: GraphQLOutputType, sels: list[NSelection] | None,
                 path: ResponsePath) -> Any:
        if isinstance(type_, GraphQLNonNull):
            inner = self.complete(value, type_.of_type, sels, path)
            if inner is None or inner is _PROPAGATE:
                if inner is None and not self._has_error_near(path):
                    self._error(f"Cannot return null for non-nullable field at {_dotted(path)}.",
                                path)
                return _PROPAGATE
            return inner
        if value is None:
            return None
        if isinstance(type_, GraphQLList):
            if type(value) is not list:
                self._error("a subgraph returned a non-list value for a list field", path,
                            INVALID_GRAPHQL_VALUE)
                return None
            items = []
            for i, item in enumerate(value):
                completed = self.complete(item, type_.of_type, sels, (*path, i))
                if completed is _PROPAGATE:
                    return None
                items.append(completed)
            return items
        if isinstance(type_, (GraphQLObjectType, GraphQLInterfaceType, GraphQLUnionType)):
            if type(value) is not dict:
                self._error("a subgraph returned a non-object value for an object field", path,
                            INVALID_GRAPHQL_VALUE)
                return None
            shaped = self.object(value, type_, sels or [], path)
            return None if shaped is _PROPAGATE else shaped
        return self.leaf(value, type_, path)

    def leaf(self, value: Any, type_: Any, path: ResponsePath) -> Any:
        if isinstance(type_, GraphQLEnumType):
            if isinstance(value, str) and value in type_.values:
                return value
            self._error(f"a subgraph returned an invalid value for enum {type_.name}", path,
                        INVALID_GRAPHQL_VALUE)
            return None
        if isinstance(type_, GraphQLScalarType) and not _scalar_ok(type_.name, value):
            self._error(f"a subgraph returned an invalid value for {type_.name}", path,
                        INVALID_GRAPHQL_VALUE)
            return None
        return value


def _scalar_ok(name: str, value: Any) -> bool:
    if name == "Int":
        return type(value) is int and _INT_MIN <= value <= _INT_MAX
    if name == "Float":
        return type(value) in (int, float) and math.isfinite(value)
    if name == "String":
        return type(value) is str
    if name == "Boolean":
        return type(value) is bool
    if name == "ID":
        return type(value) in (str, int)
    return True


def _merged_children(nodes: list[NField]) -> list[NSelection] | None:
    if len(nodes) == 1:
        return nodes[0].selections
    merged: list[NSelection] = []
    for n in nodes:
        merged.extend(n.selections or ())
    return merged


def _dotted(path: ResponsePath) -> str:
    return ".".join(str(p) for p in path)


def shape_response(schema: GraphQLSchema, root_type: str, selections: list[NSelection],
                   store: dict[str, Any], variables: dict[str, Any], errors: list[JSONObject],
                   preshaped: frozenset[str] = frozenset()) -> Any:
    """The client's ``data``: the store cut back to ``selections`` (None if the root nulls)."""
    shaper = _Shaper(schema, variables, errors, preshaped)
    root = schema.type_map[root_type]
    result = shaper.object(store, root, selections, (), root=True)
    return None if result is _PROPAGATE else result

"""Project the store onto the client's selection: runtime types, leaf checks, null propagation.

The selection is compiled once per operation (and per set of ``@include``/``@skip`` values)
into tables (:mod:`gateway.executor.shape_plan`), each with a generated function
(:mod:`gateway.executor.shape_codegen`); per request the shaper only walks dicts and lists.
This module holds the per-request side those functions call back into for anything unusual.
Paths are kept as linked ``(parent, key)`` pairs and turned into tuples only for an error or
a guard. An optional :class:`~gateway.executor.guard.ObjectGuard` is asked about
objects of the types it names (see that module for what a denial does).
"""

from __future__ import annotations

import math
from typing import Any, TypeAlias

from graphql import GraphQLSchema

from gateway.errors import INVALID_GRAPHQL_VALUE
from gateway.executor.guard import ObjectGuard
from gateway.executor.shape_codegen import ALLOWED, OMITTED, PROPAGATE
from gateway.executor.shape_codegen import concrete as _concrete
from gateway.executor.shape_plan import (
    ANY,
    ENUM,
    FLOAT,
    INT,
    LIST,
    OBJECT,
    Completer,
    ObjectTable,
    SelectionTable,
    ShapeCompiler,
    condition_variables,
)
from gateway.planner.normalize import NField, NSelection
from gateway.types import JSONObject, ResponsePath

__all__ = ["CompiledShaper", "shape_response"]

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_MAX_VARIANTS = 64
"""Compiled condition-value variants kept per operation (more are compiled per request)."""

_Path: TypeAlias = "tuple[_Path, str | int] | None"


class _Walk:
    """One request's shaping: errors so far and the guard."""

    __slots__ = ("errors", "guard", "_error_paths")

    def __init__(self, errors: list[JSONObject], guard: ObjectGuard | None) -> None:
        self.errors = errors
        self.guard = guard
        self._error_paths: set[ResponsePath] | None = None

    def error(self, message: str, path: ResponsePath, code: str | None = None) -> None:
        err: JSONObject = {"message": message}
        if path:
            err["path"] = list(path)
        if code:
            err["extensions"] = {"code": code}
        self.errors.append(err)
        if self._error_paths is not None:
            self._error_paths.add(path)

    def _has_error_near(self, path: ResponsePath) -> bool:
        if self._error_paths is None:
            self._error_paths = {tuple(e["path"]) for e in self.errors
                                 if isinstance(e.get("path"), list)}
        paths = self._error_paths
        if any(path[:i] in paths for i in range(len(path) + 1)):
            return True
        return any(p[: len(path)] == path for p in paths)

    def null_at(self, path: ResponsePath) -> None:
        """A null in a non-null position: say so unless an error already explains it."""
        if not self._has_error_near(path):
            dotted = ".".join(str(p) for p in path)
            self.error(f"Cannot return null for non-nullable field at {dotted}.", path)

    def check(self, value: dict[str, Any], table: ObjectTable, path: _Path, in_list: bool) -> Any:
        """Ask the guard about one object: ALLOWED, OMITTED (a list item) or None (nulled)."""
        denial = self.guard.check(table.runtime, value, _concrete(path), table.names)  # type: ignore[union-attr]
        if denial is None:
            return ALLOWED
        if in_list:
            return OMITTED
        self.error(denial.message, _concrete(path), denial.code)
        return None

    def obj(self, value: dict[str, Any], sel: SelectionTable, path: _Path, in_list: bool) -> Any:
        """Shape one object value (its runtime type from the parent or ``__typename``)."""
        table = sel.fixed
        if table is None:
            table = sel.resolve(value.get("__typename"))
            if table is None:
                self.error(f"a subgraph returned an object that is not a valid {sel.type_name}",
                           _concrete(path), INVALID_GRAPHQL_VALUE)
                return None
        return table.fn(value, self, path, in_list)

    def value(self, v: Any, code: int, arg: Any, parent: _Path, key: str | int) -> Any:
        """Complete a non-null value; None (with an error, if it was invalid) when it fails."""
        if code == OBJECT:
            if type(v) is dict:
                r = self.obj(v, arg, (parent, key), False)
                return None if r is PROPAGATE else r
            message = "a subgraph returned a non-object value for an object field"
        elif code == LIST:
            if type(v) is list:
                return self.items(v, arg, (parent, key))
            message = "a subgraph returned a non-list value for a list field"
        elif code == INT:
            if type(v) is int and _INT_MIN <= v <= _INT_MAX:
                return v
            message = "a subgraph returned an invalid value for Int"
        elif code == FLOAT:
            if type(v) in (int, float) and math.isfinite(v):
                return v
            message = "a subgraph returned an invalid value for Float"
        elif code == ENUM:
            if type(v) is str and v in arg[1]:
                return v
            message = f"a subgraph returned an invalid value for enum {arg[0]}"
        elif code == ANY:
            return v
        else:  # a leaf whose fast type check failed
            message = f"a subgraph returned an invalid value for {arg}"
        self.error(message, _concrete((parent, key)), INVALID_GRAPHQL_VALUE)
        return None

    def items(self, items: list[Any], completer: Completer, path: _Path) -> list[Any] | None:
        """Complete a list; None when a non-null item is null. Denied objects are left out."""
        fast, code, nonnull, arg = completer
        out: list[Any] = []
        for item in items:
            if fast is not None and type(item) in fast:
                out.append(item)
                continue
            if item is None:
                r = None
            elif code == OBJECT and type(item) is dict:
                table = arg.fixed
                r = (table.fn(item, self, (path, len(out)), True) if table is not None
                     else self.obj(item, arg, (path, len(out)), True))
                if r is OMITTED:
                    continue
                if r is PROPAGATE:
                    r = None
            else:
                r = self.value(item, code, arg, path, len(out))
            if r is None and nonnull:
                self.null_at(_concrete((path, len(out))))
                return None
            out.append(r)
        return out


class CompiledShaper:
    """The shaper for one operation; compiles per set of ``@include``/``@skip`` values."""

    def __init__(self, schema: GraphQLSchema, root_type: str, selections: list[NSelection],
                 preshaped: frozenset[str] = frozenset(), *,
                 denied: frozenset[NField] = frozenset()) -> None:
        self.schema = schema
        self.root_type = root_type
        self.selections = selections
        self.preshaped = preshaped
        self.denied = denied
        """Client fields removed by static authorization (``null`` + ``FORBIDDEN``)."""
        self.condition_variables = condition_variables(selections)
        """Variables whose values select a variant."""
        self._tables: dict[tuple[bool, ...], ObjectTable] = {}

    def table(self, variables: dict[str, Any]) -> ObjectTable:
        """The root table for these variable values (compiled on first use)."""
        key = tuple(variables.get(v) is True for v in self.condition_variables)
        table = self._tables.get(key)
        if table is None:
            values = dict(zip(self.condition_variables, key, strict=True))
            compiler = ShapeCompiler(self.schema, values, self.preshaped, self.denied)
            table = compiler.root(self.root_type, self.selections)
            if len(self._tables) < _MAX_VARIANTS:
                self._tables[key] = table
        return table

    def shape(self, store: dict[str, Any], variables: dict[str, Any], errors: list[JSONObject],
              guard: ObjectGuard | None = None) -> Any:
        """The client's ``data`` (None if the root nulls); shaping errors go to ``errors``."""
        result = self.table(variables).fn(store, _Walk(errors, guard), None, False)
        return None if result is PROPAGATE else result


def shape_response(schema: GraphQLSchema, root_type: str, selections: list[NSelection],
                   store: dict[str, Any], variables: dict[str, Any], errors: list[JSONObject],
                   preshaped: frozenset[str] = frozenset(), guard: ObjectGuard | None = None
                   ) -> Any:
    """The client's ``data``: the store cut back to ``selections`` (None if the root nulls).

    Compiles the selection each call; keep a :class:`CompiledShaper` to reuse it.
    """
    return CompiledShaper(schema, root_type, selections, preshaped).shape(
        store, variables, errors, guard)

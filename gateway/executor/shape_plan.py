"""Compile a normalised operation into the shaper's tables (PLANNER.md §6).

For one operation and one set of ``@include``/``@skip`` variable values, every selection set
becomes a :class:`SelectionTable`: per runtime object type, a tuple of :data:`FieldEntry`
``(response name, fast types, code, non-null, argument)`` in client order, with fields of the
same response name merged and fragments applied. Object parent types are compiled eagerly;
abstract ones per runtime type on first use (a type that is not possible there stays absent).
"""

from __future__ import annotations

from typing import Any, TypeAlias

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

from gateway.planner.normalize import NField, NFragment, NSelection

__all__ = [
    "CONST", "PRESHAPED", "ANY", "TYPES", "INT", "FLOAT", "ENUM", "OBJECT", "LIST", "DENIED",
    "Completer", "FieldEntry", "ObjectTable", "SelectionTable", "ShapeCompiler",
    "condition_variables",
]

# Codes of a field entry, i.e. how a value is completed.
CONST = 0
"""Write ``argument`` (``__typename``: the runtime type; an unknown field: None)."""
PRESHAPED = 1
"""Copy the store's value as it is (introspection answered by graphql-core)."""
ANY = 2
"""A custom scalar: any JSON value."""
TYPES = 3
"""A leaf whose Python type must be in the entry's fast types (``argument``: type name)."""
INT = 4
"""A 32-bit integer."""
FLOAT = 5
"""A finite number."""
ENUM = 6
"""``argument`` is (enum name, frozenset of values)."""
OBJECT = 7
"""``argument`` is the child :class:`SelectionTable`."""
LIST = 8
"""``argument`` is the item :data:`Completer`."""
DENIED = 9
"""Removed by static authorization: write None and a ``FORBIDDEN`` error at the path."""

Completer: TypeAlias = tuple[frozenset[type] | None, int, bool, Any]
"""(fast types, code, non-null, argument): how to complete one value."""

FieldEntry: TypeAlias = tuple[str, frozenset[type] | None, int, bool, Any]
"""(response name, fast types, code, non-null, argument)."""

_LEAF_TYPES: dict[str, frozenset[type]] = {
    "String": frozenset({str}), "Boolean": frozenset({bool}), "ID": frozenset({str, int}),
}


class ObjectTable:
    """The fields to write for one runtime object type, and the function that writes them."""

    __slots__ = ("runtime", "fields", "names", "fn")

    def __init__(self, runtime: str, fields: tuple[FieldEntry, ...],
                 names: tuple[str, ...]) -> None:
        from gateway.executor.shape_codegen import generate

        self.runtime = runtime
        """The runtime type name."""
        self.fields = fields
        """Field entries in client order."""
        self.names = names
        """Schema field names selected (no ``__typename``, each once): what a guard is told."""
        self.fn = generate(self)
        """Shapes one store object: see :data:`gateway.executor.shape_codegen.ShapeFn`."""


class SelectionTable:
    """One selection set at one parent type, compiled."""

    __slots__ = ("type_name", "fixed", "by_type", "_selections", "_compiler")

    def __init__(self, type_name: str, selections: list[NSelection], compiler: ShapeCompiler,
                 fixed: bool) -> None:
        self.type_name = type_name
        """The parent type (named in the error for an invalid runtime type)."""
        self._selections = selections
        self._compiler = compiler
        self.by_type: dict[str, ObjectTable] = {}
        """Compiled runtime types (abstract parents; filled on first use)."""
        self.fixed: ObjectTable | None = (
            compiler.object_table(type_name, selections) if fixed else None)
        """The table when the parent is an object type, else None."""

    def resolve(self, typename: object) -> ObjectTable | None:
        """The table for runtime type ``typename``, or None if it is not possible here."""
        if type(typename) is not str:
            return None
        table = self.by_type.get(typename)
        if table is None and (self._compiler.is_possible(self.type_name, typename)
                              or (typename == self.type_name
                                  and self._compiler.stand_in_ok(typename, self._selections))):
            table = self._compiler.object_table(typename, self._selections)
            self.by_type[typename] = table
        return table


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


def condition_variables(selections: list[NSelection]) -> tuple[str, ...]:
    """Variables used by ``@include``/``@skip`` anywhere in ``selections`` (sorted)."""
    found: set[str] = set()
    stack = list(selections)
    while stack:
        sel = stack.pop()
        for d in sel.directives:
            for a in d.arguments or ():
                if isinstance(a.value, VariableNode):
                    found.add(a.value.name.value)
        stack.extend(sel.selections or ())
    return tuple(sorted(found))


class ShapeCompiler:
    """Builds tables for one operation under one set of condition values."""

    def __init__(self, schema: GraphQLSchema, variables: dict[str, Any],
                 preshaped: frozenset[str], denied: frozenset[NField] = frozenset()) -> None:
        self.schema = schema
        self.variables = variables
        self.preshaped = preshaped
        self.denied = denied

    def root(self, root_type: str, selections: list[NSelection]) -> ObjectTable:
        """The root object's table (introspection fields copied as they are)."""
        table = self.object_table(root_type, selections)
        if not self.preshaped:
            return table
        fields = tuple((rn, None, PRESHAPED, False, None) if rn in self.preshaped else entry
                       for entry in table.fields for rn in (entry[0],))
        return ObjectTable(table.runtime, fields, table.names)

    def is_possible(self, abstract: str, runtime: str) -> bool:
        """True if ``runtime`` is an object type of the schema possible for ``abstract``."""
        a = self.schema.type_map.get(abstract)
        t = self.schema.type_map.get(runtime)
        return isinstance(t, GraphQLObjectType) and self.schema.is_sub_type(a, t)  # type: ignore[arg-type]

    def stand_in_ok(self, interface: str, sels: list[NSelection]) -> bool:
        """True if ``sels`` can be shaped on an interface object's stand-in ``__typename``.

        The planner fetches the real type only where the client needs it (``__typename`` or
        a type condition, PLANNER.md 3.10); elsewhere the stand-in is all there is.
        """
        for sel in sels:
            if not _included(sel.directives, self.variables):
                continue
            if isinstance(sel, NField):
                if sel.name == "__typename":
                    return False
            elif sel.type_condition != interface or not self.stand_in_ok(interface,
                                                                         sel.selections):
                return False
        return isinstance(self.schema.type_map.get(interface), GraphQLInterfaceType)

    def _applies(self, condition: str, runtime: str) -> bool:
        if condition == runtime:
            return True
        cond = self.schema.type_map.get(condition)
        obj = self.schema.type_map.get(runtime)
        return (isinstance(cond, (GraphQLInterfaceType, GraphQLUnionType))
                and isinstance(obj, GraphQLObjectType) and self.schema.is_sub_type(cond, obj))

    def _collect(self, sels: list[NSelection], runtime: str, out: dict[str, list[NField]]) -> None:
        for sel in sels:
            if not _included(sel.directives, self.variables):
                continue
            if isinstance(sel, NField):
                out.setdefault(sel.response_name, []).append(sel)
            elif isinstance(sel, NFragment) and self._applies(sel.type_condition, runtime):
                self._collect(sel.selections, runtime, out)

    def object_table(self, runtime: str, selections: list[NSelection]) -> ObjectTable:
        """Collect ``selections`` for an object of type ``runtime`` and compile each field."""
        grouped: dict[str, list[NField]] = {}
        self._collect(selections, runtime, grouped)
        obj_type = self.schema.type_map[runtime]
        fields: list[FieldEntry] = []
        names: dict[str, None] = {}
        for response_name, nodes in grouped.items():
            f = nodes[0]
            if f.name == "__typename":
                fields.append((response_name, None, CONST, False, runtime))
                continue
            fdef = obj_type.fields.get(f.name)  # type: ignore[union-attr]
            if fdef is None:
                fields.append((response_name, None, CONST, False, None))
                continue
            if self.denied and any(n in self.denied for n in nodes):
                fields.append((response_name, None, DENIED,
                               isinstance(fdef.type, GraphQLNonNull), None))
                continue
            names[f.name] = None
            fields.append((response_name, *self.completer(fdef.type, _merged_children(nodes))))
        return ObjectTable(runtime, tuple(fields), tuple(names))

    def completer(self, type_: GraphQLOutputType, children: list[NSelection] | None) -> Completer:
        """How to complete a value of ``type_`` (selecting ``children`` on objects)."""
        nonnull = isinstance(type_, GraphQLNonNull)
        t = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        if isinstance(t, GraphQLList):
            return (None, LIST, nonnull, self.completer(t.of_type, children))
        if isinstance(t, (GraphQLObjectType, GraphQLInterfaceType, GraphQLUnionType)):
            table = SelectionTable(t.name, children or [], self,
                                   fixed=isinstance(t, GraphQLObjectType))
            return (None, OBJECT, nonnull, table)
        if isinstance(t, GraphQLEnumType):
            return (None, ENUM, nonnull, (t.name, frozenset(t.values)))
        name = t.name if isinstance(t, GraphQLScalarType) else ""
        if name in _LEAF_TYPES:
            return (_LEAF_TYPES[name], TYPES, nonnull, name)
        if name == "Int":
            return (None, INT, nonnull, name)
        if name == "Float":
            return (None, FLOAT, nonnull, name)
        return (None, ANY, nonnull, name)


def _merged_children(nodes: list[NField]) -> list[NSelection] | None:
    if len(nodes) == 1:
        return nodes[0].selections
    merged: list[NSelection] = []
    for n in nodes:
        merged.extend(n.selections or ())
    return merged

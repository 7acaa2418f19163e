"""Execute GraphQL requests for one fake subgraph over a dict of data and resolver hooks.

Data layout (one subgraph)::

    {
      "Query":   {"topProducts": [{"upc": "1"}, {"upc": "2"}]},   # root values, per root type
      "Product": [{"upc": "1", "name": "Table"}, ...]             # entity / object rows
    }

Keys whose value is an object are root types (``Query``, ``Mutation``): their entries are
the values of root fields. Keys whose value is a list are rows of that type. Resolution:

* A field with a hook (``"Type.field": fn(source, args)``) calls it.
* Otherwise the field is read from the source object. When the source object lacks it and
  has the fields of one of the type's keys, the matching row of the type is consulted: data
  can stay normalised (``{"upc": "1"}`` references, full rows in the table).
* A root field missing from the root values, returning a type that has rows, returns the
  rows whose fields equal the arguments (all rows for a list, the first for a single value).
* ``_entities`` resolves each representation by any key of its ``__typename`` (an interface
  name searches the rows of its implementations), or by the hook
  ``"Type.__resolveReference": fn(representation)``. No matching row gives ``null``; a type
  with no rows at all resolves to the representation itself. The resolved
  object is the row with the representation laid over it, so ``@requires`` hooks read the
  required fields the gateway sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLResolveInfo,
    SelectionSetNode,
    execute,
    get_named_type,
    parse,
    validate,
)

from tests.support.subgraph_schema import SubgraphSchema

__all__ = ["Hook", "InjectedError", "SubgraphExecutor"]

Hook = Callable[..., Any]
"""``fn(source, args)`` for a field, ``fn(representation)`` for ``Type.__resolveReference``."""

_ROOT_TYPES = ("Query", "Mutation", "Subscription")


@dataclass(frozen=True, slots=True)
class InjectedError:
    """A GraphQL error the fake subgraph raises at one response path."""

    path: tuple[str | int, ...]
    """Response path, e.g. ``("_entities", 1)`` or ``("topProducts", 0, "name")``."""

    message: str = "injected error"
    """The error message."""

    extensions: Mapping[str, Any] | None = None
    """The error's ``extensions`` (``{"code": ...}``)."""


@dataclass(slots=True)
class SubgraphExecutor:
    """Runs operations against one subgraph schema, its data and hooks."""

    schema: SubgraphSchema
    """The executable subgraph schema."""

    data: Mapping[str, Any] = field(default_factory=dict)
    """Root values and rows, as described in the module docstring."""

    hooks: Mapping[str, Hook] = field(default_factory=dict)
    """Resolver hooks keyed ``"Type.field"`` or ``"Type.__resolveReference"``."""

    errors: tuple[InjectedError, ...] = ()
    """Errors to raise at given response paths (fault injection)."""

    def run(self, query: str, variables: Mapping[str, Any] | None = None,
            operation_name: str | None = None) -> dict[str, Any]:
        """Parse, validate and execute one operation; return the formatted GraphQL response."""
        try:
            document = parse(query)
        except GraphQLError as error:
            return {"errors": [error.formatted]}
        validation_errors = validate(self.schema.schema, document)
        if validation_errors:
            return {"errors": [e.formatted for e in validation_errors]}
        result = execute(
            self.schema.schema,
            document,
            root_value={},
            variable_values=dict(variables or {}),
            operation_name=operation_name,
            field_resolver=self._resolve_field,
        )
        return result.formatted  # type: ignore[union-attr, return-value]

    # -- resolution ---------------------------------------------------------------------------

    def _resolve_field(self, source: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
        path = tuple(info.path.as_list())
        for injected in self.errors:
            if injected.path == path:
                raise GraphQLError(injected.message, extensions=dict(injected.extensions or {}))
        parent = info.parent_type.name
        name = info.field_name
        if parent == "Query" and name == "_service":
            return {"sdl": self.schema.sdl}
        if parent == "Query" and name == "_entities":
            return [
                self._entity_or_error(rep, index)
                for index, rep in enumerate(args["representations"])
            ]
        hook = self.hooks.get(f"{parent}.{name}")
        if hook is not None:
            return hook(source, args)
        if parent in _ROOT_TYPES:
            return self._resolve_root_field(info, args)
        if not isinstance(source, dict):
            return None
        if name in source:
            return source[name]
        row = self._find_row(source.get("__typename", parent), source)
        return None if row is None else row.get(name)

    def _resolve_root_field(self, info: GraphQLResolveInfo, args: dict[str, Any]) -> Any:
        values = self.data.get(info.parent_type.name)
        if isinstance(values, dict) and info.field_name in values:
            return values[info.field_name]
        return_type = info.return_type
        if isinstance(return_type, GraphQLNonNull):
            return_type = return_type.of_type
        named = get_named_type(return_type).name
        rows = [{**row, "__typename": concrete} for concrete, row in self._rows_of(named)
                if _row_has(row, args)]
        if isinstance(return_type, GraphQLList):
            return rows
        return rows[0] if rows else None

    def _entity_or_error(self, representation: Any, index: int) -> Any:
        for injected in self.errors:
            if injected.path == ("_entities", index):
                return GraphQLError(injected.message, extensions=dict(injected.extensions or {}))
        if not isinstance(representation, dict) or "__typename" not in representation:
            return GraphQLError("representation without __typename")
        typename = representation["__typename"]
        hook = self.hooks.get(f"{typename}.__resolveReference")
        if hook is not None:
            return hook(representation)
        has_rows = False
        for concrete, row in self._rows_of(typename):
            has_rows = True
            if _matches_any_key(self.schema.keys.get(typename, ()), row, representation):
                return {**row, **representation, "__typename": concrete}
        # No table for the type at all: the representation itself is the entity (what
        # @apollo/subgraph does without a __resolveReference).
        return None if has_rows else dict(representation)

    def _find_row(self, typename: str, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        keys = self.schema.keys.get(typename, ())
        if not keys:
            return None
        for _, row in self._rows_of(typename):
            if _matches_any_key(keys, row, reference):
                return row
        return None

    def _rows_of(self, typename: str) -> Iterable[tuple[str, dict[str, Any]]]:
        """Rows of ``typename`` or, for an abstract type, of its possible types."""
        for concrete in self.schema.possible_type_names(typename) or (typename,):
            rows = self.data.get(concrete)
            if isinstance(rows, list):
                for row in rows:
                    yield concrete, row


def _row_has(row: Mapping[str, Any], args: Mapping[str, Any]) -> bool:
    return all(row.get(name) == value for name, value in args.items() if name in row)


def _matches_any_key(keys: Iterable[Any], row: Mapping[str, Any],
                     reference: Mapping[str, Any]) -> bool:
    return any(_matches(key.selection, row, reference) for key in keys)


def _matches(selection: SelectionSetNode, row: Any, reference: Any) -> bool:
    """True when ``reference`` carries every field of the key and they equal the row's."""
    if not isinstance(row, dict) or not isinstance(reference, dict):
        return False
    for node in selection.selections:
        if not isinstance(node, FieldNode):
            continue
        name = node.name.value
        if name not in reference or name not in row:
            return False
        if node.selection_set is not None:
            if not _matches(node.selection_set, row[name], reference[name]):
                return False
        elif row[name] != reference[name]:
            return False
    return True

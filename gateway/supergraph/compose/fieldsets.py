"""Field sets (``@key``/``@requires``/``@provides`` ``fields:``): parse and resolve them."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql.error import GraphQLSyntaxError
from graphql.language import (
    FieldNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
)

from .model import Subgraph
from .values import base_type_name

__all__ = ["FieldSetResult", "resolve_field_set"]


@dataclass(slots=True)
class FieldSetResult:
    """The fields a field set selects and what is wrong with it."""

    coordinates: list[tuple[str, str]] = field(default_factory=list)
    """``(type, field)`` of every selected field, outer fields first."""
    problems: list[str] = field(default_factory=list)


def _parse(text: str) -> SelectionSetNode:
    document = parse("{" + text + "}", no_location=True)
    operation = document.definitions[0]
    if not isinstance(operation, OperationDefinitionNode) or len(document.definitions) != 1:
        raise ValueError("a field set must be a plain selection")
    return operation.selection_set


def resolve_field_set(subgraph: Subgraph, type_name: str, text: str, *,
                      with_implementations: bool = False) -> FieldSetResult:
    """Resolve ``text`` against ``type_name`` in ``subgraph``.

    With ``with_implementations`` a field selected on an interface also counts the same field
    of every implementation in the subgraph (Apollo does so when collecting "used" fields).
    """
    result = FieldSetResult()
    try:
        selection = _parse(text)
    except GraphQLSyntaxError as error:
        result.problems.append(f"invalid field set: {error.message}")
        return result
    except ValueError as error:
        result.problems.append(f"invalid field set: {error}")
        return result
    _walk(subgraph, type_name, selection, result, with_implementations)
    return result


def _walk(subgraph: Subgraph, type_name: str, selection: SelectionSetNode,
          result: FieldSetResult, implementations: bool) -> None:
    for node in selection.selections:
        if isinstance(node, InlineFragmentNode):
            target = node.type_condition.name.value if node.type_condition else type_name
            if subgraph.composite(target) is None and target not in subgraph.types:
                result.problems.append(f'unknown type "{target}" in type condition')
                continue
            _walk(subgraph, target, node.selection_set, result, implementations)
        elif isinstance(node, FieldNode):
            _field(subgraph, type_name, node, result, implementations)
        else:
            result.problems.append("fragment spreads are not allowed in field sets")


def _field(subgraph: Subgraph, type_name: str, node: FieldNode, result: FieldSetResult,
           implementations: bool) -> None:
    name = node.name.value
    if name == "__typename":
        return
    parent = subgraph.composite(type_name)
    definition = parent.fields.get(name) if parent is not None else None
    if parent is None or definition is None:
        result.problems.append(f'cannot query field "{name}" on type "{type_name}"')
        return
    result.coordinates.append((type_name, name))
    if implementations and parent.kind == "interface":
        for other in subgraph.types.values():
            if type_name in other.interfaces and name in other.fields:
                result.coordinates.append((other.name, name))
    target = base_type_name(definition.type)
    composite = subgraph.composite(target) is not None or (
        target in subgraph.types and subgraph.types[target].kind == "union")
    if node.selection_set is None:
        if composite:
            result.problems.append(
                f'field "{type_name}.{name}" of type "{target}" needs a selection of subfields')
        return
    if not composite:
        result.problems.append(
            f'field "{type_name}.{name}" is a leaf ("{target}") and cannot have subfields')
        return
    _walk(subgraph, target, node.selection_set, result, implementations)

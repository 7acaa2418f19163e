"""Plan a whole document (parse, validate, pick the operation): the CLI's entry point."""

from __future__ import annotations

from graphql import (
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    parse,
    validate,
)

from gateway.planner.build import build_query_plan
from gateway.planner.normalize import normalize_operation
from gateway.planner.plan import QueryPlan
from gateway.supergraph.model import Supergraph

__all__ = ["OperationError", "plan_document"]


class OperationError(Exception):
    """The document is not a valid operation for the API schema."""

    def __init__(self, errors: list[GraphQLError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors
        """The parse or validation errors."""


def plan_document(supergraph: Supergraph, document_text: str, operation_name: str | None = None,
                  override_labels: frozenset[str] = frozenset()) -> QueryPlan:
    """Parse, validate and plan ``document_text``; raise OperationError or PlanningError.

    ``override_labels`` are the active progressive-override labels.
    """
    try:
        document = parse(document_text)
    except GraphQLSyntaxError as exc:
        raise OperationError([exc]) from exc
    errors = validate(supergraph.api_schema, document)
    if errors:
        raise OperationError(list(errors))
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        ops = [o for o in ops if o.name is not None and o.name.value == operation_name]
    if len(ops) != 1:
        raise OperationError([GraphQLError("the document must contain exactly one operation "
                                           "or operationName must select one")])
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    return build_query_plan(
        supergraph, normalize_operation(supergraph.api_schema, ops[0], fragments), override_labels)

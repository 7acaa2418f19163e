"""A stand-in pipeline for HTTP-layer unit tests: graphql-core over a tiny local schema.

It follows the ``Pipeline`` contract the way the real one does (request errors flagged,
mutations over GET refused with 405), so the endpoint can be tested without a supergraph.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from graphql import (
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    build_schema,
    execute,
    get_operation_ast,
    parse,
    validate,
)

from gateway.http.contract import GraphQLRequest, PipelineResult

__all__ = ["FakePipeline", "SCHEMA_SDL"]

SCHEMA_SDL = """
type Query { hello(name: String): String, slow: String }
type Mutation { bump: Int }
"""

_SCHEMA = build_schema(SCHEMA_SDL)


class _Root:
    def hello(self, info: object, name: str | None = None) -> str:
        return f"hello {name or 'world'}"

    def bump(self, info: object) -> int:
        return 1


def _errors(errors: list[GraphQLError], code: str) -> PipelineResult:
    formatted = [{**e.formatted, "extensions": {"code": code}} for e in errors]
    return PipelineResult(body={"errors": formatted}, request_error=True)


@dataclass
class FakePipeline:
    """Records what it was asked; optionally fails or hangs."""

    seen: list[GraphQLRequest] = field(default_factory=list)
    fail_with: Exception | None = None
    hang: bool = False
    cancelled: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self, request: GraphQLRequest) -> PipelineResult:
        self.seen.append(request)
        if self.fail_with is not None:
            raise self.fail_with
        if self.hang:
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                self.cancelled.set()
                raise
        return self._answer(request)

    def _answer(self, request: GraphQLRequest) -> PipelineResult:
        try:
            document = parse(request.query)
        except GraphQLError as exc:
            return _errors([exc], "GRAPHQL_PARSE_FAILED")
        errors = validate(_SCHEMA, document)
        if errors:
            return _errors(errors, "GRAPHQL_VALIDATION_FAILED")
        operation = get_operation_ast(document, request.operation_name)
        if isinstance(operation, OperationDefinitionNode) and request.http_method == "GET" and (
            operation.operation is not OperationType.QUERY
        ):
            result = _errors([GraphQLError("mutations need POST")], "METHOD_NOT_ALLOWED")
            return PipelineResult(
                body=result.body, request_error=True, status=405,
                response_headers={"allow": "POST"},
            )
        outcome = execute(
            _SCHEMA, document, root_value=_Root(), operation_name=request.operation_name,
            variable_values=request.variables,
        )
        if outcome.data is None and outcome.errors:
            return _errors(list(outcome.errors), "BAD_USER_INPUT")
        body: dict[str, object] = {"data": outcome.data}
        if outcome.errors:
            body["errors"] = [e.formatted for e in outcome.errors]
        if request.include_plan:
            body["extensions"] = {"queryPlan": "QueryPlan {}"}
        return PipelineResult(body=body)

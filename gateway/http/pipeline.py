"""The request pipeline, one request end to end: prepare (parse, validate, plan), execute, shape."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import aiohttp
from graphql import FieldNode, GraphQLSchema, execute
from graphql.execution.values import get_argument_values, get_variable_values

from gateway.config import Settings
from gateway.errors import BAD_USER_INPUT, METHOD_NOT_ALLOWED, PERSONAL_DATA_WITHHELD
from gateway.executor import ExecutionState, HttpSubgraphClient, SubgraphClient, execute_plan
from gateway.executor.guard import ObjectGuard
from gateway.http.access import (
    AccessControl,
    AccessDenied,
    AccessUnavailable,
    AuditFailure,
    CallerAccess,
    RequestSummary,
)
from gateway.http.contract import GraphQLRequest, PipelineResult
from gateway.http.middleware import REQUEST_ID_HEADER
from gateway.http.prepare import PreparedOperation, Preparer, RequestFailure
from gateway.planner import plan_to_json, print_plan
from gateway.planner.labels import active_override_labels
from gateway.supergraph.model import Supergraph
from gateway.types import JSONObject

__all__ = ["RequestPipeline"]

log = logging.getLogger("gateway.pipeline")


def _error_sort_key(err: JSONObject) -> tuple[Any, ...]:
    path = err.get("path")
    if not isinstance(path, list):
        return (0,)
    return (1, tuple((0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in path))


def _denied(denied: AccessDenied) -> PipelineResult:
    return PipelineResult(body={"errors": [{"message": denied.message,
                                            "extensions": {"code": denied.code}}]},
                          request_error=True, status=denied.status,
                          response_headers=dict(denied.headers))


def _summary(prepared: PreparedOperation, request: GraphQLRequest, schema: GraphQLSchema,
             variable_values: Any) -> RequestSummary:
    nodes = [s for s in prepared.operation.selection_set.selections if isinstance(s, FieldNode)]
    roots = tuple(dict.fromkeys(n.name.value for n in nodes))
    root_type = schema.get_root_type(prepared.operation.operation)
    arguments: list[tuple[str, dict[str, Any]]] = []
    for node in nodes:
        field = root_type.fields.get(node.name.value) if root_type is not None else None
        if field is not None and node.arguments:
            arguments.append((node.name.value,
                              get_argument_values(field, node, variable_values)))
    return RequestSummary(request_id=request.headers.get(REQUEST_ID_HEADER, ""),
                          operation_kind=prepared.normalized.kind,
                          operation_name=prepared.normalized.name, root_fields=roots,
                          root_arguments=tuple(arguments),
                          denied_fields=prepared.denied_coordinates)


class RequestPipeline:
    """Implements :class:`gateway.http.contract.Pipeline` over one supergraph."""

    def __init__(self, supergraph: Supergraph, settings: Settings,
                 session: aiohttp.ClientSession | None = None, *,
                 client: SubgraphClient | None = None,
                 access: AccessControl | None = None) -> None:
        self.supergraph = supergraph
        self.settings = settings
        self.access = access
        self.preparer = Preparer(supergraph, settings,
                                 tuple(access.guard_fields) if access is not None else ())
        if client is None:
            if session is None:
                raise ValueError("RequestPipeline needs an aiohttp session or a subgraph client")
            urls = {**supergraph.subgraph_urls, **settings.subgraph_urls}
            timeouts = {name: settings.timeout_for(name) for name in urls}
            client = HttpSubgraphClient(session, urls, timeouts,
                                        max_connections=settings.max_connections)
        self.client = client

    async def aclose(self) -> None:
        """Release the subgraph client's connections (called on shutdown)."""
        close = getattr(self.client, "aclose", None)
        if close is not None:
            await close()

    async def run(self, request: GraphQLRequest) -> PipelineResult:
        """Answer one request; caller mistakes become GraphQL errors, never exceptions."""
        caller: CallerAccess | None = None
        if self.access is not None:
            try:
                caller = await self.access.authenticate(request.headers)
            except AccessDenied as denied:
                if not self._anonymous_introspection(request):
                    return _denied(denied)
        labels = active_override_labels(self.supergraph.override_labels,
                                        self.settings.override_labels)
        prepared = self.preparer.prepare(request.query, request.operation_name,
                                         caller.granted if caller is not None else None,
                                         override_labels=labels)
        if isinstance(prepared, RequestFailure):
            body: JSONObject = {"errors": list(prepared.errors)}
            if not prepared.request_error:
                body = {"data": None, **body}
            return PipelineResult(body=body, request_error=prepared.request_error)
        if request.http_method == "GET" and prepared.operation.operation.value == "mutation":
            return PipelineResult(
                body={"errors": [{"message": "mutations cannot be sent with GET; use POST",
                                  "extensions": {"code": METHOD_NOT_ALLOWED}}]},
                request_error=True, status=405, response_headers={"allow": "POST"})
        raw_variables = request.variables or {}
        coerced = get_variable_values(self.supergraph.api_schema,
                                      prepared.operation.variable_definitions or (), raw_variables)
        if isinstance(coerced, list):
            return PipelineResult(body={"errors": [
                {"message": e.message, "extensions": {"code": BAD_USER_INPUT}} for e in coerced]},
                request_error=True)
        values = coerced.coerced if hasattr(coerced, "coerced") else coerced  # graphql-core 3.3
        body = await self._execute(prepared, raw_variables, values, caller, request, coerced)
        if request.include_plan and self.settings.dev_mode:
            body.setdefault("extensions", {})["queryPlan"] = {
                "text": print_plan(prepared.plan), "object": plan_to_json(prepared.plan)}
        return PipelineResult(body=body)

    def _anonymous_introspection(self, request: GraphQLRequest) -> bool:
        """In development mode only, schema introspection (and nothing else) needs no token."""
        if not self.settings.dev_mode or "authorization" in request.headers:
            return False
        prepared = self.preparer.prepare(request.query, request.operation_name, frozenset())
        return isinstance(prepared, PreparedOperation) and prepared.introspection_only

    def _forwarded(self, request: GraphQLRequest) -> dict[str, str] | None:
        if self.access is None:
            return None
        return {h: request.headers[h] for h in self.access.forward_headers if h in request.headers}

    async def _execute(self, prepared: PreparedOperation, raw_variables: dict[str, Any],
                       coerced: dict[str, Any], caller: CallerAccess | None,
                       request: GraphQLRequest, variable_values: Any = None) -> JSONObject:
        state = ExecutionState(self.supergraph, self.client, raw_variables,
                               self._forwarded(request), builders=prepared.builders)
        await execute_plan(prepared.plan, state, prepared.schedule)
        if prepared.introspection_fields:
            self._introspect(prepared, coerced, state)
        guard: ObjectGuard | None = None
        try:
            if caller is not None and prepared.guard_prefix is not None:
                guard = await caller.object_guard(state.store, prepared.guard_prefix)
            data = prepared.shaper.shape(state.store, coerced, state.errors, guard)
            if caller is not None:
                await caller.record(_summary(prepared, request, self.supergraph.api_schema,
                                             variable_values))
        except (AccessUnavailable, AuditFailure) as exc:
            log.error("request %s: personal data withheld (%s)",
                      request.headers.get(REQUEST_ID_HEADER, "-"), type(exc).__name__)
            return {"data": None, "errors": [{
                "message": "the access to personal data could not be checked or recorded; "
                           "no data is returned", "extensions": {"code": PERSONAL_DATA_WITHHELD}}]}
        body: JSONObject = {"data": data}
        if state.errors:
            body["errors"] = sorted(state.errors, key=_error_sort_key)
        return body

    def _introspect(self, prepared: PreparedOperation, coerced: dict[str, Any],
                    state: ExecutionState) -> None:
        op = prepared.operation
        only = tuple(s for s in op.selection_set.selections
                     if isinstance(s, FieldNode) and s.name.value in ("__schema", "__type"))
        op = dataclasses.replace(op, selection_set=dataclasses.replace(op.selection_set,
                                                                       selections=only))
        doc = dataclasses.replace(prepared.document, definitions=tuple(
            op if d is prepared.operation else d for d in prepared.document.definitions))
        result = execute(self.supergraph.api_schema, doc, variable_values=coerced,
                         operation_name=op.name.value if op.name else None)
        if result.data:  # type: ignore[union-attr]
            state.store.update(result.data)  # type: ignore[union-attr]
        for e in result.errors or ():  # type: ignore[union-attr]
            state.errors.append(e.formatted)  # type: ignore[arg-type]

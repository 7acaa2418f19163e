"""Prepared operations: parsed, validated, normalised and planned once per document."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    parse,
    validate,
)

from gateway.config import Settings
from gateway.errors import (
    GRAPHQL_PARSE_FAILED,
    GRAPHQL_VALIDATION_FAILED,
    OPERATION_LIMIT_EXCEEDED,
    OPERATION_RESOLUTION_FAILURE,
    QUERY_PLANNING_FAILED,
    PlanningError,
)
from gateway.executor.represent import RepresentationBuilder, compile_builders
from gateway.executor.schedule import Schedule, build_schedule
from gateway.executor.shape import CompiledShaper
from gateway.http.limits import check_limits
from gateway.planner import build_query_plan, normalize_operation
from gateway.planner.guard_fields import GuardFields, guard_prefix, inject_guard_fields
from gateway.planner.normalize import NField, NormalizedOperation
from gateway.planner.plan import QueryPlan
from gateway.planner.policy_filter import filter_operation
from gateway.supergraph.model import Supergraph

__all__ = ["PreparedOperation", "RequestFailure", "Preparer"]

_INTROSPECTION = frozenset({"__schema", "__type"})


@dataclass(frozen=True, slots=True)
class RequestFailure:
    """The request cannot run: errors to send, and whether execution never started."""

    errors: tuple[dict[str, object], ...]
    """GraphQL errors with ``extensions.code``."""

    request_error: bool = True
    """True for parse/validation/resolution errors (no ``data`` key in the response)."""


@dataclass(frozen=True, slots=True)
class PreparedOperation:
    """Everything about one operation of one document that does not depend on the request."""

    document: DocumentNode
    """The parsed document."""

    operation: OperationDefinitionNode
    """The selected operation."""

    normalized: NormalizedOperation
    """The normalised operation (for the shaper)."""

    plan: QueryPlan
    """The query plan."""

    introspection_fields: frozenset[str]
    """Root response names answered by introspection, not by subgraphs."""

    schedule: Schedule | None
    """Batched waves for the plan (None: run node by node)."""

    shaper: CompiledShaper
    """The response shaper, compiled for this operation (denied fields included)."""

    builders: dict[int, RepresentationBuilder]
    """Representation builders of the plan's entity fetches, by ``id()`` of the fetch node."""

    denied: frozenset[NField] = frozenset()
    """Client fields removed by static authorization (null + ``FORBIDDEN`` when shaping)."""

    denied_coordinates: tuple[str, ...] = ()
    """The denied fields as ``Type.field`` (for the audit)."""

    guard_prefix: str | None = None
    """Prefix of the per-object policy's internal fields; None when the operation cannot
    reach a guarded object (no guard needed)."""

    @property
    def introspection_only(self) -> bool:
        """True when every root field is ``__schema``/``__type`` (no subgraph, no data)."""
        return all(isinstance(s, FieldNode) and s.name.value in _INTROSPECTION
                   for s in self.operation.selection_set.selections)


def _error(message: str, code: str, locations: list[object] | None = None) -> dict[str, object]:
    err: dict[str, object] = {"message": message, "extensions": {"code": code}}
    if locations:
        err["locations"] = locations
    return err


def _graphql_error(e: GraphQLError, code: str) -> dict[str, object]:
    out = e.formatted
    err: dict[str, object] = {"message": out["message"], "extensions": {"code": code}}
    if out.get("locations"):
        err["locations"] = out["locations"]
    return err


_CacheKey = tuple[str, str | None, frozenset[str] | None, frozenset[str]]


class Preparer:
    """Parses, validates and plans documents, caching the results per (document, operation).

    With access control, the cache key also holds the caller's granted ``@policy`` names
    (what static filtering depends on) — never who the caller is.
    """

    def __init__(self, supergraph: Supergraph, settings: Settings,
                 guard_fields: tuple[GuardFields, ...] = ()) -> None:
        self.supergraph = supergraph
        self.settings = settings
        self.guard_fields = guard_fields
        self._cache: OrderedDict[_CacheKey, PreparedOperation | RequestFailure] = OrderedDict()

    def prepare(self, query: str, operation_name: str | None,
                granted: frozenset[str] | None = None, *,
                override_labels: frozenset[str] = frozenset()
                ) -> PreparedOperation | RequestFailure:
        """The prepared operation for ``query``/``operation_name``, or why it cannot run.

        ``granted`` is None without access control (nothing filtered, no guard fields).
        ``override_labels`` (the active progressive-override labels) are part of the cache
        key too: each label set has its own plan.
        """
        key = (query, operation_name, granted, override_labels)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        result = self._prepare(query, operation_name, granted, override_labels)
        self._cache[key] = result
        if len(self._cache) > self.settings.plan_cache_size:
            self._cache.popitem(last=False)
        return result

    def _prepare(self, query: str, operation_name: str | None,
                 granted: frozenset[str] | None,
                 override_labels: frozenset[str]) -> PreparedOperation | RequestFailure:
        try:
            document = parse(query, max_tokens=self.settings.max_tokens)
        except GraphQLSyntaxError as exc:
            return RequestFailure((_graphql_error(exc, GRAPHQL_PARSE_FAILED),))
        errors = validate(self.supergraph.api_schema, document)
        if errors:
            return RequestFailure(
                tuple(_graphql_error(e, GRAPHQL_VALIDATION_FAILED) for e in errors))
        ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if operation_name is None and len(ops) > 1:
            return RequestFailure((_error("the document has several operations; "
                                          "operationName must name one",
                                          OPERATION_RESOLUTION_FAILURE),))
        op = ops[0] if operation_name is None else next(
            (o for o in ops if o.name is not None and o.name.value == operation_name), None)
        if op is None:
            return RequestFailure((_error(f"unknown operation named {operation_name!r}",
                                          OPERATION_RESOLUTION_FAILURE),))
        if op.operation.value == "subscription":
            return RequestFailure((_error("subscriptions are not supported",
                                          OPERATION_RESOLUTION_FAILURE),))
        fragments = {d.name.value: d for d in document.definitions
                     if isinstance(d, FragmentDefinitionNode)}
        limit = check_limits(op, fragments, self.settings)
        if limit is not None:
            return RequestFailure((_error(limit, OPERATION_LIMIT_EXCEEDED),))
        denied: frozenset[NField] = frozenset()
        coordinates: tuple[str, ...] = ()
        prefix: str | None = None
        try:
            normalized = normalize_operation(self.supergraph.api_schema, op, fragments)
            planned = normalized
            if granted is not None:
                filtered = filter_operation(self.supergraph, normalized, granted)
                planned, denied = filtered.operation, filtered.denied
                coordinates = filtered.coordinates
                if self.guard_fields:
                    prefix = guard_prefix(normalized)
                    guarded = inject_guard_fields(self.supergraph, planned, self.guard_fields,
                                                  prefix)
                    prefix = prefix if guarded is not planned else None
                    planned = guarded
            plan = build_query_plan(self.supergraph, planned, override_labels)
        except PlanningError as exc:
            return RequestFailure((_error(f"the operation cannot be planned: {exc}",
                                          QUERY_PLANNING_FAILED),), request_error=False)
        introspection = frozenset((s.alias or s.name).value for s in op.selection_set.selections
                                  if isinstance(s, FieldNode) and s.name.value in _INTROSPECTION)
        schedule = build_schedule(plan) if self.settings.batch_fetches else None
        shaper = CompiledShaper(self.supergraph.api_schema, normalized.root_type,
                                normalized.selections, introspection, denied=denied)
        return PreparedOperation(document, op, normalized, plan, introspection, schedule, shaper,
                                 compile_builders(plan, self.supergraph), denied, coordinates,
                                 prefix)

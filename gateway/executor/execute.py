"""Run a query plan: walk its nodes, call subgraphs, merge every result into one store."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any, assert_never

import orjson
from graphql import FieldNode, OperationDefinitionNode, parse

from gateway.errors import SubgraphError
from gateway.executor.fetch import SubgraphClient
from gateway.executor.merge import apply_output_rewrites, deep_merge
from gateway.executor.represent import (
    Collected,
    Gatherer,
    RepresentationBuilder,
    Targets,
    collect,
    locate,
    target_paths,
)
from gateway.executor.schedule import BatchedRequest, Schedule
from gateway.planner.plan import (
    ConditionNode,
    FetchNode,
    FlattenNode,
    ParallelNode,
    PlanNode,
    QueryPlan,
    SequenceNode,
)
from gateway.supergraph.model import Supergraph
from gateway.types import JSONObject, ResponsePath, Variables

__all__ = ["ExecutionState", "execute_plan"]

log = logging.getLogger("gateway.executor")

_MAX_ERROR_FANOUT = 20
"""An entity error is copied to at most this many concrete paths."""


class ExecutionState:
    """Per-request state: the store, collected errors, variables and the subgraph client."""

    def __init__(self, supergraph: Supergraph, client: SubgraphClient, variables: Variables,
                 headers: Mapping[str, str] | None = None,
                 builders: Mapping[int, RepresentationBuilder] | None = None) -> None:
        self.supergraph = supergraph
        self.builders = builders or {}
        """Compiled representation builders by ``id()`` of their fetch node."""
        self.client = client
        self.variables = variables
        self.headers = headers
        self.store: JSONObject = {}
        self.gatherer = Gatherer(self.store)
        """Flatten-path prefixes walked so far (batched waves reuse them)."""
        self.errors: list[JSONObject] = []
        self.fetch_count = 0

    async def execute_node(self, node: PlanNode) -> None:
        """Run one node (PLANNER.md §5.1)."""
        match node:
            case SequenceNode(nodes=nodes):
                for child in nodes:
                    await self.execute_node(child)
            case ParallelNode(nodes=nodes):
                async with asyncio.TaskGroup() as tg:
                    for child in nodes:
                        tg.create_task(self.execute_node(child))
            case FetchNode():
                await self.execute_root_fetch(node)
            case FlattenNode(path=path, node=fetch):
                await self.execute_flatten(path, fetch)
            case ConditionNode(condition=var, if_clause=then, else_clause=other):
                branch = then if self.variables.get(var) is True else other
                if branch is not None:
                    await self.execute_node(branch)
            case _:
                assert_never(node)

    def _variables_for(self, fetch: FetchNode) -> dict[str, Any]:
        return {v: self.variables[v] for v in fetch.variable_usages if v in self.variables}

    async def _send(self, fetch: FetchNode, variables: dict[str, Any]) -> Any:
        body: dict[str, Any] = {"query": fetch.operation, "variables": variables}
        if fetch.operation_name:
            body["operationName"] = fetch.operation_name
        self.fetch_count += 1
        return await self.client.send(fetch.subgraph, orjson.dumps(body), self.headers)

    async def execute_root_fetch(self, fetch: FetchNode) -> None:
        """A root fetch: merge its data at the top of the store."""
        try:
            response = await self._send(fetch, self._variables_for(fetch))
        except SubgraphError as exc:
            self._fetch_failed(fetch, exc, [()])
            return
        data = response.get("data") if isinstance(response, dict) else None
        if isinstance(data, dict):
            apply_output_rewrites(data, fetch.output_rewrites)
            deep_merge(self.store, data, self.supergraph)
            self.gatherer.merged_at((), set(data))
        for err in response.get("errors") or () if isinstance(response, dict) else ():
            self._add_subgraph_error(fetch, err, _path_of(err))

    def _gather(self, path: tuple[str, ...], fetch: FetchNode,
                collected: dict[tuple[str, ...], Collected] | None = None
                ) -> tuple[list[dict[str, Any]], Targets]:
        """Representations for every object at ``path`` (de-duplicated) and their targets."""
        builder = self.builders.get(id(fetch))
        if builder is None:
            builder = RepresentationBuilder(fetch.requires or (), fetch.input_rewrites,
                                            self.supergraph)
        entities = collected.get(path) if collected is not None else None
        if entities is None:
            entities = collect(self.store, path)
        return builder.build(entities)

    async def execute_flatten(self, path: tuple[str, ...], fetch: FetchNode,
                              collected: dict[tuple[str, ...], Collected] | None = None) -> None:
        """An entity fetch for every object at ``path`` (de-duplicated representations)."""
        reps, targets = self._gather(path, fetch, collected)
        if not reps:
            return
        variables = self._variables_for(fetch)
        variables["representations"] = reps
        try:
            response = await self._send(fetch, variables)
        except SubgraphError as exc:
            self._fetch_failed(fetch, exc, [], path)
            return
        self._merge_entities(fetch, path, response, targets)

    async def execute_schedule(self, schedule: Schedule) -> None:
        """Run a batched schedule: wave after wave, one request per subgraph and wave."""
        for wave in schedule.waves:
            # Every fetch of a wave gathers from the store as the previous waves left it, so
            # each flatten path is walked once per wave, and prefixes that no merge has
            # touched since an earlier wave are not walked again.
            collected = self.gatherer.collect_many(wave.paths)
            jobs = [self.execute_root_fetch(sf.fetch) if sf.path is None
                    else self.execute_flatten(sf.path, sf.fetch, collected) for sf in wave.single]
            jobs += [self.execute_batch(batch, collected) for batch in wave.batched]
            if len(jobs) == 1:
                await jobs[0]  # no task needed for a wave of one request
                continue
            async with asyncio.TaskGroup() as tg:
                for job in jobs:
                    tg.create_task(job)

    async def execute_batch(self, batch: BatchedRequest,
                            collected: dict[tuple[str, ...], Collected] | None = None) -> None:
        """Several entity fetches to one subgraph in one request (aliased ``_entities``)."""
        gathered = [self._gather(sf.path or (), sf.fetch, collected) for sf in batch.fetches]
        if not any(reps for reps, _ in gathered):
            return
        variables: dict[str, Any] = {v: self.variables[v] for v in batch.variable_usages
                                     if v in self.variables}
        for i, (reps, _) in enumerate(gathered):
            variables[f"_r{i}"] = reps
        body: dict[str, Any] = {"query": batch.operation, "variables": variables}
        self.fetch_count += 1
        try:
            response = await self.client.send(batch.subgraph, orjson.dumps(body), self.headers)
        except SubgraphError as exc:
            for sf, (reps, _) in zip(batch.fetches, gathered, strict=True):
                if reps:
                    self._fetch_failed(sf.fetch, exc, [], sf.path)
            return
        data = response.get("data") if isinstance(response, dict) else None
        errors = response.get("errors") or () if isinstance(response, dict) else ()
        parts = []
        for i, (sf, (reps, targets)) in enumerate(zip(batch.fetches, gathered, strict=True)):
            if not reps:
                continue
            alias = f"_{i}"
            mine = [_repath(e, alias) for e in errors if _path_of(e)[:1] == (alias,)]
            if i == 0:
                mine += [e for e in errors if not _path_of(e)[:1]
                         or not str(_path_of(e)[0]).startswith("_")]
            entities = data.get(alias) if isinstance(data, dict) else None
            part = {"data": {"_entities": entities}, "errors": mine}
            # Every part's errors are located before any part is merged.
            located = self._locate_entity_errors(sf.path or (), mine, targets)
            parts.append((sf, part, targets, located))
        for sf, part, targets, located in parts:
            self._merge_entities(sf.fetch, sf.path or (), part, targets, located)

    def _merge_entities(self, fetch: FetchNode, path: tuple[str, ...], response: Any,
                        targets: Targets,
                        located: dict[int, list[ResponsePath]] | None = None) -> None:
        """Merge ``_entities`` into the targets and report the errors; ``located``: what
        :meth:`_locate_entity_errors` found before anything of the response was merged."""
        data = response.get("data") if isinstance(response, dict) else None
        entities = data.get("_entities") if isinstance(data, dict) else None
        errors = response.get("errors") or () if isinstance(response, dict) else ()
        if located is None:
            located = self._locate_entity_errors(path, errors, targets)
        if not isinstance(entities, list) or len(entities) != len(targets):
            if not errors:
                self._fetch_failed(fetch, SubgraphError(
                    fetch.subgraph,
                    f"subgraph '{fetch.subgraph}' returned an invalid _entities list"),
                    [], path)
            entities = [None] * len(targets)
        rewrites = fetch.output_rewrites
        merged: set[str] = set()
        for entity, group in zip(entities, targets, strict=True):
            if type(entity) is dict:
                if rewrites:
                    apply_output_rewrites(entity, rewrites)
                merged.update(entity)
                fields = entity.keys()
                for obj in group:
                    if fields.isdisjoint(obj):
                        obj.update(entity)  # nothing to merge key by key
                    else:
                        deep_merge(obj, entity, self.supergraph)
        self.gatherer.merged_at(path, merged)
        prefix = _prefix(path)
        for err in errors:
            i = _entity_index(err, len(targets))
            if i is None:
                self._add_subgraph_error(fetch, err, prefix)
                continue
            rest = _path_of(err)[2:]
            for where in target_paths(targets[i][:_MAX_ERROR_FANOUT], located):
                self._add_subgraph_error(fetch, err, prefix if where is None else (*where, *rest))

    def _locate_entity_errors(self, path: tuple[str, ...], errors: Any, targets: Targets
                              ) -> dict[int, list[ResponsePath]]:
        """The response paths of the targets that ``errors`` name (at most
        ``_MAX_ERROR_FANOUT`` per error), by ``id``; empty when no error names one.

        Collected objects carry no paths, so the store is walked again; call this before
        the response is merged, while the store holds the objects where they were collected
        (a merge at a prefix of ``path`` can replace a list along it). Fetches that ran
        meanwhile (same wave or parallel node) have not moved them: what lies along
        ``path`` came from the fetches this one depends on, which had all finished.
        """
        if not isinstance(errors, (list, tuple)):
            return {}  # a malformed "errors": none of its items is an error naming a target
        n = len(targets)
        wanted = [obj for err in errors if (i := _entity_index(err, n)) is not None
                  for obj in targets[i][:_MAX_ERROR_FANOUT]]
        return locate(self.store, path, wanted) if wanted else {}

    def _add_subgraph_error(self, fetch: FetchNode, err: Any, path: ResponsePath) -> None:
        if not isinstance(err, dict):
            err = {"message": str(err)}
        message = err.get("message") if isinstance(err.get("message"), str) else "subgraph error"
        out: JSONObject = {"message": message}
        if path:
            out["path"] = list(path)
        ext = dict(err["extensions"]) if isinstance(err.get("extensions"), dict) else {}
        ext.setdefault("code", "DOWNSTREAM_SERVICE_ERROR")
        ext["serviceName"] = fetch.subgraph
        out["extensions"] = ext
        self.errors.append(out)

    def _fetch_failed(self, fetch: FetchNode, exc: SubgraphError, paths: list[ResponsePath],
                      path: tuple[str, ...] | None = None) -> None:
        log.warning("fetch from %s failed: %s", fetch.subgraph, exc)
        if fetch.requires is None:
            paths = [(name,) for name in _root_response_names(fetch)] or [()]
        elif path is not None:
            paths = [_prefix(path)]
        for where in paths[:_MAX_ERROR_FANOUT]:
            err: JSONObject = {"message": str(exc),
                               "extensions": {"code": exc.code, "serviceName": fetch.subgraph}}
            if where:
                err["path"] = list(where)
            self.errors.append(err)


def _repath(err: Any, alias: str) -> Any:
    """An error of one aliased ``_entities`` field, re-pathed as if it were unaliased."""
    if not isinstance(err, dict):
        return err
    return {**err, "path": ["_entities", *_path_of(err)[1:]]}


def _entity_index(err: Any, n: int) -> int | None:
    """The index of the target an ``_entities.<i>...`` error names (of ``n``), else None."""
    epath = _path_of(err)
    if len(epath) >= 2 and epath[0] == "_entities" and isinstance(epath[1], int) \
            and 0 <= epath[1] < n:
        return epath[1]
    return None


def _prefix(path: tuple[str, ...]) -> ResponsePath:
    out: list[str] = []
    for seg in path:
        if seg == "@":
            break
        out.append(seg)
    return tuple(out)


def _path_of(err: Any) -> ResponsePath:
    path = err.get("path") if isinstance(err, dict) else None
    if isinstance(path, list) and all(isinstance(p, (str, int)) for p in path):
        return tuple(path)
    return ()


def _root_response_names(fetch: FetchNode) -> list[str]:
    """Root fields a failed root fetch would have answered (for the errors' paths)."""
    doc = parse(fetch.operation, no_location=True)
    op = next(d for d in doc.definitions if isinstance(d, OperationDefinitionNode))
    return [(s.alias or s.name).value for s in op.selection_set.selections
            if isinstance(s, FieldNode)]


async def execute_plan(plan: QueryPlan, state: ExecutionState,
                       schedule: Schedule | None = None) -> None:
    """Run ``plan``, leaving the merged data in ``state.store`` and errors in ``state.errors``.

    With a ``schedule`` (see :mod:`gateway.executor.schedule`) fetches run in batched waves;
    without one, node by node as the plan says.
    """
    if schedule is not None:
        await state.execute_schedule(schedule)
    elif plan.node is not None:
        await state.execute_node(plan.node)

"""Entities for an entity fetch: collect them along a flatten path, build de-duplicated reps.

PLANNER.md §5.2-5.3 with the per-request work cut to walking dicts: objects are collected
without their response paths, which only an entity error needs (:func:`locate` walks the
flatten path again with the list indexes for the objects an error names); each fetch's
``requires`` is compiled per ``__typename`` into the fields to copy, and a representation's
identity is a tuple of its values, so a duplicate costs a few dict reads, one small
``orjson.dumps`` and one lookup, and its dict is never built.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from itertools import repeat
from typing import Any, TypeAlias

import orjson

from gateway.executor.merge import MISSING, copy_value
from gateway.planner.plan import (
    ConditionNode,
    FetchNode,
    FlattenNode,
    InputField,
    InputFragment,
    InputSelection,
    ParallelNode,
    PlanNode,
    QueryPlan,
    Rewrite,
    SequenceNode,
)
from gateway.supergraph.model import Supergraph
from gateway.types import ResponsePath

__all__ = ["Collected", "Gatherer", "RepresentationBuilder", "Targets", "collect",
           "collect_many", "compile_builders", "locate", "target_paths"]

Collected: TypeAlias = list[dict[str, Any]]
"""Objects found along a flatten path, in walk order (one entry per time one is reached)."""

Targets: TypeAlias = list[Collected]
"""Per representation: every collected object it stands for."""


def collect(store: dict[str, Any], path: tuple[str, ...]) -> Collected:
    """Every object at ``path`` (``@`` = each list item; nested lists are unwrapped)."""
    level: _Level = [store]
    for seg in path:
        level = _step(level, seg)
    return _objects(level)


def collect_many(store: dict[str, Any], paths: Iterable[tuple[str, ...]]
                 ) -> dict[tuple[str, ...], Collected]:
    """:func:`collect` for several paths, walking each shared prefix once."""
    return Gatherer(store).collect_many(paths)


class Gatherer:
    """Walks flatten paths of one request's store, keeping every walked prefix across waves.

    A walked prefix stays valid until data with the key it continues through is merged at a
    *shorter* prefix of it: that can add the key, fill a null or replace a list along it.
    Merging into the objects at the prefix itself, or deeper, or under other keys, leaves the
    set of objects at the prefix as it was.
    """

    __slots__ = ("levels", "objects")

    def __init__(self, store: dict[str, Any]) -> None:
        self.levels: dict[tuple[str, ...], _Level] = {(): [store]}
        self.objects: dict[tuple[str, ...], Collected] = {}
        """What :meth:`collect_many` returned per path, valid as long as its level."""

    def collect_many(self, paths: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], Collected]:
        """The objects at each path, continuing from the longest prefix already walked."""
        levels, objects = self.levels, self.objects
        out: dict[tuple[str, ...], Collected] = {}
        for path in sorted(paths, key=len):
            done = objects.get(path)
            if done is not None:
                out[path] = done
                continue
            known = len(path)
            while path[:known] not in levels:
                known -= 1
            level = levels[path[:known]]
            for n in range(known, len(path)):
                level = levels[path[:n + 1]] = _step(level, path[n])
            out[path] = objects[path] = _objects(level)
        return out

    def merged_at(self, path: tuple[str, ...], keys: set[str]) -> None:
        """Data with top-level ``keys`` was merged into the objects at ``path`` (``()``: the
        store itself)."""
        if not keys:
            return
        n = len(path)
        for walked in [q for q in self.levels if len(q) > n and q[n] in keys and q[:n] == path]:
            del self.levels[walked]
            self.objects.pop(walked, None)


_Level: TypeAlias = list[Any]
"""Values reached so far (after an ``@`` step, None items too: the next step drops them)."""


def _step(level: _Level, seg: str) -> _Level:
    if seg == "@":
        nxt: _Level = []
        for value in level:
            if type(value) is list:
                nxt.extend(value)
        return nxt
    return [child for value in level
            if type(value) is dict and (child := value.get(seg)) is not None]


def _objects(level: _Level) -> Collected:
    out = [value for value in level if type(value) is dict]
    if len(out) == len(level) or all(type(value) is not list for value in level):
        return out
    out = []  # a list the path did not unwrap (nested lists): its objects go in its place
    for value in level:
        if type(value) is dict:
            out.append(value)
        elif type(value) is list:
            _unwrap(value, out)
    return out


def _unwrap(value: list[Any], out: Collected) -> None:
    for v in value:
        if type(v) is dict:
            out.append(v)
        elif type(v) is list:
            _unwrap(v, out)


def locate(store: dict[str, Any], path: tuple[str, ...], wanted: Iterable[dict[str, Any]]
           ) -> dict[int, list[ResponsePath]]:
    """The response paths at which :func:`collect` reaches each ``wanted`` object, by ``id``.

    The walk is :func:`collect`'s with the list indexes kept: an object reached more than
    once (values shared between merged duplicates) gets a path for each time, in walk
    order. Only errors need this, so only they pay for it; the store must hold what it held
    when the objects were collected.
    """
    ids = {id(obj) for obj in wanted}
    found: dict[int, list[ResponsePath]] = {}
    level: list[tuple[Any, tuple[int, ...]]] = [(store, ())]
    for seg in path:
        if seg == "@":
            level = [(v, (*where, i)) for value, where in level if type(value) is list
                     for i, v in enumerate(value) if v is not None]
        else:
            level = [(child, where) for value, where in level
                     if type(value) is dict and (child := value.get(seg)) is not None]

    def visit(value: Any, where: tuple[int, ...]) -> None:
        if type(value) is dict:
            if id(value) in ids:
                found.setdefault(id(value), []).append(_concrete(path, where))
        elif type(value) is list:  # a list the path did not unwrap (nested lists)
            for i, v in enumerate(value):
                if type(v) in (dict, list):
                    visit(v, (*where, i))

    for value, where in level:
        visit(value, where)
    return found


def target_paths(group: Collected, located: dict[int, list[ResponsePath]]
                 ) -> list[ResponsePath | None]:
    """The response path of each entry of ``group`` (in collected order) from :func:`locate`'s
    answer; None for an entry it did not find."""
    taken: dict[int, int] = {}
    out: list[ResponsePath | None] = []
    for obj in group:
        paths = located.get(id(obj), ())
        n = taken[id(obj)] = taken.get(id(obj), -1) + 1
        out.append(paths[n] if n < len(paths) else None)
    return out


def _concrete(path: tuple[str, ...], indexes: tuple[int, ...]) -> ResponsePath:
    """Flatten ``path`` with each ``@`` replaced by its index; extra (nested) indexes last."""
    taken = iter(indexes)
    out: list[str | int] = [next(taken) if seg == "@" else seg for seg in path]
    out.extend(taken)
    return tuple(out)


_SIGNATURES: dict[tuple[str, ...], int] = {}
"""Sorted representation key sets, numbered (process-wide; bounded by the schemas' fields)."""


class _TypePlan:
    """What to copy for objects of one ``__typename``."""

    __slots__ = ("inputs", "rewrite", "fast", "signature", "identity", "build")

    def __init__(self, inputs: list[InputField], rewrite: str | None) -> None:
        self.inputs = tuple(inputs)
        """The fields to copy, in order (fragments for this type flattened)."""
        self.rewrite = rewrite
        """The ``__typename`` an input rewrite writes, if any."""
        names = [f.name for f in inputs]
        self.fast = (bool(names) and rewrite is None and len(set(names)) == len(names)
                     and all(f.selections is None for f in inputs))
        """Flat, no rewrite, no repeated names: the representation is identified by its values
        (read with one itemgetter) and built by one generated function; otherwise it is built
        as a dict first."""
        by_name = sorted(inputs, key=lambda f: f.name)
        self.signature = _SIGNATURES.setdefault(tuple(f.name for f in by_name), len(_SIGNATURES))
        """Number of the sorted key set: with :attr:`identity`'s values, the identity."""
        self.identity: Callable[[dict[str, Any]], Any] = operator.itemgetter(
            *(f.store_key for f in by_name))
        """Reads the values in sorted name order (KeyError if one is missing)."""
        self.build: Callable[[dict[str, Any]], dict[str, Any]] = _rep_function(inputs) \
            if self.fast else _not_flat
        """Builds the representation of an object that has every field (when :attr:`fast`)."""


def _rep_function(inputs: list[InputField]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """``lambda o: {name: o[store_key], ...}``: a dict display is several times faster than
    ``dict(zip(...))``. Names and keys are embedded only through ``repr``."""
    body = ", ".join(f"{f.name!r}: o[{f.store_key!r}]" for f in inputs)
    fn: Callable[[dict[str, Any]], dict[str, Any]] = eval(  # noqa: S307
        compile(f"lambda o: {{{body}}}", "<representation>", "eval"), {"__builtins__": {}})
    return fn


def _not_flat(obj: dict[str, Any]) -> dict[str, Any]:
    raise AssertionError("only flat recipes build representations in one step")


class RepresentationBuilder:
    """Builds one fetch's representations; compiled per runtime type on first sight."""

    def __init__(self, requires: tuple[InputSelection, ...], rewrites: tuple[Rewrite, ...],
                 supergraph: Supergraph) -> None:
        self.requires = requires
        self.rewrites = rewrites
        self.supergraph = supergraph
        self._plans: dict[str, _TypePlan | None] = {}

    def _plan(self, typename: str) -> _TypePlan | None:
        plan = self._plans[typename] = self._compile(typename)
        return plan

    def _compile(self, typename: str) -> _TypePlan | None:
        """Flatten ``requires`` for ``typename`` (PLANNER.md §5.3); None if nothing applies."""
        matches = self.supergraph.runtime_type_matches
        inputs: list[InputField] = []
        applied = False

        def flatten(selections: tuple[InputSelection, ...]) -> None:
            for sel in selections:
                if isinstance(sel, InputFragment):
                    if matches(typename, sel.type_condition):
                        flatten(sel.selections)
                else:
                    inputs.append(sel)

        for sel in self.requires:
            if isinstance(sel, InputFragment):
                if matches(typename, sel.type_condition):
                    flatten(sel.selections)
                    applied = True
            else:
                inputs.append(sel)
                applied = True
        if not applied:
            return None
        rewrite = None
        for rw in self.rewrites:
            if matches(typename, rw.type_condition) and rw.value is not None:
                rewrite = rw.value
        return _TypePlan(inputs, rewrite)

    def build(self, entities: Collected) -> tuple[list[dict[str, Any]], Targets]:
        """De-duplicated representations of ``entities`` and the objects each stands for.

        Two representations are the same when their JSON is; for flat recipes that is
        checked as equality of the Python values (so ``1`` and ``1.0`` of a Float key are
        one entity, as GraphQL would have it; so would be ``1`` and ``true``, which no valid
        subgraph sends in one key field).
        """
        uniform = self._build_uniform(entities)
        if uniform is not None:
            return uniform
        reps: list[dict[str, Any]] = []
        targets: Targets = []
        index: dict[Any, int] = {}
        plans = self._plans
        for obj in entities:
            typename = obj.get("__typename")
            if type(typename) is not str:
                continue
            try:
                plan = plans[typename]
            except KeyError:
                plan = self._plan(typename)
            if plan is None:
                continue
            rep = None
            if plan.fast:
                try:
                    ident: Any = (plan.signature, plan.identity(obj))
                    i = index.get(ident)
                except KeyError:  # a required field is missing: the object cannot be sent
                    continue
                except TypeError:  # an unhashable value (a list or object scalar)
                    rep = self._slow(obj, plan)
                    if rep is None:
                        continue
                    ident = orjson.dumps(rep, option=orjson.OPT_SORT_KEYS)
                    i = index.get(ident)
            else:
                rep = self._slow(obj, plan)
                if rep is None:
                    continue
                ident = orjson.dumps(rep, option=orjson.OPT_SORT_KEYS)
                i = index.get(ident)
            if i is None:
                index[ident] = len(reps)
                if rep is None:
                    rep = plan.build(obj)
                reps.append(rep)
                targets.append([obj])
            else:
                targets[i].append(obj)
        return reps, targets

    def _build_uniform(self, entities: Collected) -> tuple[list[dict[str, Any]], Targets] | None:
        """The common case in one pass of C-level reads: every entity has the same
        ``__typename``, a flat recipe and all its fields. None when that is not so."""
        try:
            typenames = set(map(dict.get, entities, repeat("__typename")))
        except TypeError:  # an unhashable __typename
            return None
        if len(typenames) != 1:
            return None if typenames else ([], [])
        typename = typenames.pop()
        if type(typename) is not str:
            return None
        try:
            plan = self._plans[typename]
        except KeyError:
            plan = self._plan(typename)
        if plan is None:
            return [], []
        if not plan.fast:
            return None
        try:
            idents = list(map(plan.identity, entities))
            distinct = len(set(idents))
        except (KeyError, TypeError):  # a missing field or an unhashable value
            return None
        targets: Targets
        if distinct == len(entities):  # no duplicates: one target each, no per-entity loop
            firsts, targets = entities, [[obj] for obj in entities]
        elif distinct == 1:  # all one entity
            firsts, targets = entities[:1], [list(entities)]
        else:
            firsts, targets = [], []
            index: dict[Any, int] = {}
            for ident, obj in zip(idents, entities, strict=True):
                i = index.get(ident)
                if i is None:
                    index[ident] = len(firsts)
                    firsts.append(obj)
                    targets.append([obj])
                else:
                    targets[i].append(obj)
        reps = list(map(plan.build, firsts))
        return reps, targets

    def _slow(self, obj: dict[str, Any], plan: _TypePlan) -> dict[str, Any] | None:
        """Nested selections or repeated names: build the dict as the recipe says."""
        rep: dict[str, Any] = {}
        for f in plan.inputs:
            value = obj.get(f.store_key, MISSING)
            if value is MISSING:
                return None
            if f.selections is not None and value is not None:
                value = copy_value(value, f.selections, self.supergraph)
                if value is MISSING:
                    return None
            rep[f.name] = value
        if plan.rewrite is not None:
            rep["__typename"] = plan.rewrite
        return rep


def compile_builders(plan: QueryPlan, supergraph: Supergraph) -> dict[int, RepresentationBuilder]:
    """A builder for every entity fetch of ``plan``, by ``id()`` of its fetch node.

    The ids stay valid as long as ``plan`` lives: keep the two together.
    """
    out: dict[int, RepresentationBuilder] = {}
    stack: list[PlanNode | None] = [plan.node]
    while stack:
        node = stack.pop()
        if isinstance(node, (SequenceNode, ParallelNode)):
            stack.extend(node.nodes)
        elif isinstance(node, ConditionNode):
            stack.extend((node.if_clause, node.else_clause))
        elif isinstance(node, FlattenNode):
            stack.append(node.node)
        elif isinstance(node, FetchNode) and node.requires is not None:
            out[id(node)] = RepresentationBuilder(node.requires, node.input_rewrites, supergraph)
    return out

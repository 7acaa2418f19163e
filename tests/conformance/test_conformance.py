"""Run every conformance case through our gateway, started as a real process.

One gateway per case (queries are grouped by case); each query's response must match
``<name>.expected.json`` and each subgraph must have received ``<name>.calls.json`` requests.
``python -m gateway plan`` must print exactly ``<name>.plan.txt`` (with ``UPDATE_SNAPSHOTS=1``
the snapshot is rewritten instead; see :mod:`tests.conformance.plans`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager

import pytest

from tests.conformance.compare import response_mismatch
from tests.conformance.plans import printed_plan, snapshot_text, updating_snapshots
from tests.conformance.runner import Case, CaseRun, Query, load_cases, stated_sdl_hash
from tests.support.gateway_process import GatewayStartError

pytestmark = pytest.mark.e2e

CASES = load_cases()
QUERIES = [q for case in CASES for q in case.queries]
_CASES_BY_NAME = {case.name: case for case in CASES}


class _OneCaseAtATime:
    """Keeps the current case's subgraphs and gateway running; switching case stops them."""

    def __init__(self) -> None:
        self._name: str | None = None
        self._context: AbstractContextManager[CaseRun] | None = None
        self._run: CaseRun | None = None
        self._failure: str | None = None

    def get(self, case: Case) -> CaseRun:
        if case.name != self._name:
            self.close()
            self._name = case.name
            context = CaseRun.start(case)
            try:
                self._run = context.__enter__()
                self._context = context
            except GatewayStartError as error:
                self._failure = f"gateway did not start for case {case.name!r}:\n{error}"
        if self._failure is not None:
            pytest.fail(self._failure, pytrace=False)
        if self._run is None:
            raise RuntimeError("case run missing")
        return self._run

    def close(self) -> None:
        context, self._context, self._run, self._failure = self._context, None, None, None
        if context is not None:
            context.__exit__(None, None, None)


@pytest.fixture(scope="module")
def case_runs() -> Iterator[_OneCaseAtATime]:
    runs = _OneCaseAtATime()
    try:
        yield runs
    finally:
        runs.close()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_supergraph_is_composed_from_current_sdls(case: Case) -> None:
    stated = stated_sdl_hash(case.supergraph_path)
    assert stated == case.current_sdl_hash(), (
        f"{case.supergraph_path} is stale or missing its '# sdl-hash:' line; "
        f"run: python -m tests.conformance.generate --compose {case.name}")


KNOWN_GAPS: dict[str, str] = {}
"""Queries the gateway does not pass yet, with why. Strict: fixing one fails the suite until
its entry is removed here, so this list always says exactly what is missing."""


def _params(queries: list[Query]) -> list[object]:
    return [pytest.param(q, id=q.id, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[q.id]))
            if q.id in KNOWN_GAPS else pytest.param(q, id=q.id) for q in queries]


@pytest.mark.parametrize("query", _params(QUERIES))
def test_response_and_subgraph_calls(query: Query, case_runs: _OneCaseAtATime) -> None:
    expected = json.loads(query.sibling(".expected.json").read_text(encoding="utf-8"))
    expected_calls = json.loads(query.sibling(".calls.json").read_text(encoding="utf-8"))
    run = case_runs.get(_CASES_BY_NAME[query.case])
    actual, calls = run.query(query)
    mismatch = response_mismatch(expected, actual)
    if mismatch is not None:
        shown = json.dumps(actual, indent=2, ensure_ascii=False)
        if len(shown) > 4000:
            shown = shown[:4000] + "\n..."
        pytest.fail(f"{query.id}: response differs\n{mismatch}\n\nactual response:\n{shown}",
                    pytrace=False)
    if calls != expected_calls:
        pytest.fail(f"{query.id}: requests per subgraph differ: expected {expected_calls}, "
                    f"got {calls}", pytrace=False)


@pytest.mark.parametrize("query", QUERIES, ids=[q.id for q in QUERIES])
def test_printed_plan(query: Query) -> None:
    snapshot = query.sibling(".plan.txt")
    actual = snapshot_text(printed_plan(_CASES_BY_NAME[query.case], query))
    if updating_snapshots():
        snapshot.write_text(actual, encoding="utf-8")
        return
    assert snapshot.exists(), (
        f"{snapshot} is missing: run python -m tests.conformance.plans {query.case}, "
        "then review the plan")
    assert actual == snapshot.read_text(encoding="utf-8")

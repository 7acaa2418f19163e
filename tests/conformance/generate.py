"""Refresh conformance fixtures from Apollo's reference implementation.

    python -m tests.conformance.generate [CASE ...] [--compose] [--force]

For each case (all by default):

1. compose ``supergraph.graphql`` with ``@apollo/composition`` when the SDL hash on its first
   line is stale (always with ``--compose``);
2. write ``<query>.apollo-plan.txt`` for every query (``@apollo/query-planner``);
3. run every query through Apollo Gateway over the fake subgraphs and write
   ``<query>.expected.json`` and ``<query>.calls.json`` where they do not exist yet (or all of
   them with ``--force``). Existing expectations were reviewed by hand and may deliberately
   differ from Apollo (see the case's README.md); each difference is reported instead.

Needs ``npm ci`` in ``tools/apollo`` first.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.conformance.compare import normalize_error, response_mismatch
from tests.conformance.runner import Case, CaseRun, load_cases, stated_sdl_hash
from tests.support.gateway_process import APOLLO_DIR

__all__ = ["main", "reference_expectation"]


def compose(case: Case) -> None:
    """Compose the case's supergraph with Apollo and write it with its SDL hash."""
    args = [f"{name}={case.path / (name + '.graphql')}" for name in case.subgraph_names]
    if not case.config.get("compose", {}).get("runSatisfiability", True):
        args.insert(0, "--no-satisfiability")
    result = subprocess.run(["node", str(APOLLO_DIR / "compose.mjs"), *args],  # noqa: S603, S607
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"composition of {case.name} failed:\n{result.stderr}")
    header = f"# sdl-hash: {case.current_sdl_hash()}\n"
    case.supergraph_path.write_text(header + result.stdout.rstrip("\n") + "\n", encoding="utf-8")
    print(f"{case.name}: composed supergraph.graphql")


def override_labels(case: Case) -> list[str]:
    """Labels the case's gateway plans with: ``GATEWAY_OVERRIDE_LABELS`` and ``percent(100)``."""
    env = case.config.get("gateway_env", {})
    labels = [p.strip() for p in env.get("GATEWAY_OVERRIDE_LABELS", "").split(",") if p.strip()]
    used = re.findall(r'overrideLabel: "(percent\(100(?:\.0*)?\))"',
                      case.supergraph_path.read_text(encoding="utf-8"))
    return labels + sorted(set(used) - set(labels))


def write_apollo_plans(case: Case) -> None:
    """Write Apollo's printed plan next to each query (with the case's override labels)."""
    queries = case.queries
    if not queries:
        return
    env = {**os.environ, "OVERRIDE_LABELS": ",".join(override_labels(case))}
    result = subprocess.run(  # noqa: S603, S607
        ["node", str(APOLLO_DIR / "plan.mjs"), str(case.supergraph_path),
         *(str(q.path) for q in queries)],
        capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        raise SystemExit(f"planning {case.name} failed:\n{result.stderr}")
    plans = json.loads(result.stdout)
    for query in queries:
        query.sibling(".apollo-plan.txt").write_text(plans[str(query.path)].rstrip("\n") + "\n",
                                                     encoding="utf-8")


def reference_expectation(response: Any) -> dict[str, Any]:
    """Turn Apollo's response into an expectation: data, errors as path + code only."""
    out: dict[str, Any] = {}
    if "data" in response:
        out["data"] = response["data"]
    errors = response.get("errors")
    if errors:
        out["errors"] = [_pin(normalize_error(e)) for e in errors]
    return out


def _pin(error: dict[str, Any]) -> dict[str, Any]:
    pinned: dict[str, Any] = {}
    if error.get("path") is not None:
        pinned["path"] = error["path"]
    pinned["extensions"] = {"code": (error.get("extensions") or {}).get("code")}
    return pinned


def run_references(case: Case, *, force: bool) -> None:
    """Run the case's queries through Apollo Gateway; write or compare expectations."""
    with CaseRun.start(case, apollo=True) as run:
        for query in case.queries:
            response, calls = run.query(query)
            apollo = reference_expectation(response)
            expected_path = query.sibling(".expected.json")
            calls_path = query.sibling(".calls.json")
            if force or not expected_path.exists():
                _write_json(expected_path, apollo)
                print(f"{query.id}: wrote expected.json from Apollo")
            else:
                mismatch = response_mismatch(json.loads(expected_path.read_text()), response)
                if mismatch:
                    print(f"{query.id}: committed expectation differs from Apollo:\n{mismatch}")
            if force or not calls_path.exists():
                _write_json(calls_path, calls)
            elif json.loads(calls_path.read_text()) != calls:
                print(f"{query.id}: committed calls differ from Apollo's {calls}")


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    parser.add_argument("--compose", action="store_true", help="recompose even if fresh")
    parser.add_argument("--force", action="store_true", help="overwrite expectations")
    parser.add_argument("--no-responses", action="store_true", help="skip Apollo Gateway runs")
    args = parser.parse_args(argv)
    cases = [c for c in load_cases() if not args.cases or c.name in args.cases]
    for case in cases:
        if args.compose or stated_sdl_hash(case.supergraph_path) != case.current_sdl_hash():
            compose(case)
        write_apollo_plans(case)
        if not args.no_responses:
            run_references(case, force=args.force)
    sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Golden plan snapshots: what ``python -m gateway plan`` prints for each conformance query.

    python -m tests.conformance.plans [CASE ...]     # rewrite <query>.plan.txt (all cases)

does the same as ``UPDATE_SNAPSHOTS=1 pytest tests/conformance -k printed_plan``. Read every
changed snapshot (``git diff``) before committing it: a snapshot is only as good as the review
it got.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from click.testing import CliRunner

from gateway import cli
from tests.conformance.runner import Case, Query, load_cases

__all__ = ["main", "printed_plan", "snapshot_text", "updating_snapshots"]

_ERROR_PREFIX = "helhed: "


def printed_plan(case: Case, query: Query) -> str:
    """The plan ``gateway plan`` prints for ``query``, or ``ERROR: <message>`` if it fails.

    Runs the real command in-process (click's runner): a subprocess per query would cost a
    second each. The case's ``GATEWAY_OVERRIDE_LABELS`` (``case.json``) are passed on, so the
    plan is the one the case's gateway runs.
    """
    labels = case.config.get("gateway_env", {}).get("GATEWAY_OVERRIDE_LABELS", "")
    result = CliRunner().invoke(
        cli.main, ["plan", "--supergraph", str(case.supergraph_path), "--override-labels", labels,
                   str(query.path)],
        catch_exceptions=False)
    if result.exit_code == 0:
        return result.stdout.rstrip("\n")
    message = result.stderr.strip()
    return "ERROR: " + message.removeprefix(_ERROR_PREFIX)


def snapshot_text(plan: str) -> str:
    """The file content for a printed plan."""
    return plan.rstrip("\n") + "\n"


def updating_snapshots() -> bool:
    """True when ``UPDATE_SNAPSHOTS=1``: plan tests rewrite their snapshots instead."""
    return os.environ.get("UPDATE_SNAPSHOTS", "") not in ("", "0")


def main(argv: Sequence[str] | None = None) -> None:
    """Rewrite the ``.plan.txt`` snapshot of every query (of the given cases)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    args = parser.parse_args(argv)
    for case in load_cases():
        if args.cases and case.name not in args.cases:
            continue
        for query in case.queries:
            path = query.sibling(".plan.txt")
            text = snapshot_text(printed_plan(case, query))
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                print(f"{query.id}: wrote {path.name}")


if __name__ == "__main__":
    main()

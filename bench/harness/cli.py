"""``bench/run``: every server in turn under the same load, then one table and a JSON file."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.federation_subgraphs import BENCH_DIR, SUBGRAPH_NAMES
from bench.harness.measure import Bench, measure_target, taskset
from bench.harness.processes import Service, free_port, install_cleanup
from bench.harness.report import RowResult, format_table, results_document, write_json
from bench.harness.settings import RESULTS_DIR, Pinning, RunOptions, plan_pinning
from bench.harness.targets import BASELINE, REFERENCE, TARGETS, Target
from tests.support.supergraph_urls import rewrite_subgraph_urls

__all__ = ["main", "parse_options", "running_bench"]


def parse_options(argv: Sequence[str] | None = None) -> tuple[RunOptions, argparse.Namespace]:
    """The run options from the command line."""
    names = [t.name for t in TARGETS]
    parser = argparse.ArgumentParser(prog="bench/run", description=(
        "Benchmark Helhed against Apollo Gateway and Hive Gateway on the federation scenario."))
    parser.add_argument("--quick", action="store_true",
                        help="short smoke run (2 s warm-up, 5 s measured, 2 s at 1 connection)")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up load (default 10)")
    parser.add_argument("--duration", type=float, help="seconds measured (default 30)")
    parser.add_argument("--latency-duration", type=float,
                        help="seconds of the one-connection latency run (default 10)")
    parser.add_argument("--connections", type=int, help="closed-loop connections (default 50)")
    parser.add_argument("--max-requests", type=int,
                        help="stop a wrk run after this many answers (default 1000000)")
    parser.add_argument("--repeat", type=int, help=(
        "measure each server N times and keep the best run (a machine shared with other "
        "work; default 1)"))
    parser.add_argument("--nice", type=int, help=(
        "run the servers and wrk at this nice level (e.g. -10 on a machine shared with other "
        "work; default 0)"))
    parser.add_argument("--only", action="append", choices=names, metavar="NAME",
                        help=f"run only this row (repeatable): {', '.join(names)}")
    parser.add_argument("--json", type=Path, default=RESULTS_DIR / "latest.json",
                        help="where to write the results (default bench/results/latest.json)")
    parser.add_argument("--profile", action="store_true",
                        help="instead of the table: profile Helhed under load with py-spy")
    args = parser.parse_args(argv)
    only = tuple(args.only or ())
    base = RunOptions.quick(only) if args.quick else RunOptions(only=only)
    given = {"warmup": args.warmup, "duration": args.duration,
             "latency_duration": args.latency_duration, "connections": args.connections,
             "max_requests": args.max_requests, "nice": args.nice, "repeat": args.repeat}
    changes = {k: v for k, v in given.items() if v is not None}
    return RunOptions(**{**base.__dict__, **changes}), args


@contextmanager
def running_bench(options: RunOptions, pinning: Pinning, *, with_idp: bool) -> Iterator[Bench]:
    """The subgraph server (and the identity provider) on the load CPUs, for the whole run."""
    with tempfile.TemporaryDirectory(prefix="helhed-bench-") as tmp:
        work = Path(tmp)
        port = free_port()
        argv = [*taskset(pinning.load, options.nice), sys.executable, "-m",
                "bench.federation_subgraphs", "--port", str(port)]
        subgraphs = Service("subgraphs", argv, port)
        supergraph = work / "supergraph.graphql"
        supergraph.write_text(rewrite_subgraph_urls(
            (BENCH_DIR / "supergraph.graphql").read_text(encoding="utf-8"),
            {name: f"{subgraphs.url}/{name}" for name in SUBGRAPH_NAMES}), encoding="utf-8")
        with subgraphs, _maybe_idp(pinning, with_idp) as idp_url:
            yield Bench(options=options, pinning=pinning, supergraph=supergraph,
                        subgraphs_url=subgraphs.url, body=(BENCH_DIR / "body.json").read_bytes(),
                        expected=json.loads((BENCH_DIR / "expected-response.json").read_bytes()),
                        work_dir=work, subgraphs_pid=subgraphs.pid, idp_url=idp_url)


@contextmanager
def _maybe_idp(pinning: Pinning, wanted: bool) -> Iterator[str | None]:
    if not wanted:
        yield None
        return
    port = free_port()
    with Service("idp", [*taskset(pinning.load), sys.executable, "-m", "mocks.idp",
                         "--port", str(port)], port,
                 ready_path="/.well-known/openid-configuration") as idp:
        yield idp.url


def machine_facts() -> dict[str, Any]:
    """What the figures depend on: CPUs, model, kernel, runtimes."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        node = subprocess.run(["node", "--version"], capture_output=True, text=True,
                              check=False).stdout.strip()
    except OSError:
        node = ""
    return {"nproc": os.cpu_count(), "cpu_model": model, "kernel": platform.release(),
            "python": platform.python_version(), "node": node}


def _selected(options: RunOptions) -> list[Target]:
    return [t for t in TARGETS if not options.only or t.name in options.only]


def run_rows(options: RunOptions, pinning: Pinning) -> list[RowResult]:
    """Measure every selected target in turn."""
    targets = _selected(options)
    rows = []
    with running_bench(options, pinning, with_idp=any(t.authz for t in targets)) as bench:
        for target in targets:
            print(f"bench: {target.label} ...", file=sys.stderr, flush=True)
            row = measure_target(target, bench)
            print(f"bench: {target.label}: {row.status}", file=sys.stderr, flush=True)
            rows.append(row)
    baseline = next((r for r in rows if r.name == BASELINE and r.ok), None)
    for row in rows:
        if baseline and row.ok and row.p50_one_connection_ms is not None:
            row.added_latency_ms = row.p50_one_connection_ms - (
                baseline.p50_one_connection_ms or 0.0)
    return rows


def _notes(rows: Sequence[RowResult], pinning: Pinning, options: RunOptions) -> list[str]:
    notes = [pinning.note,
             (f"{options.connections} connections closed-loop, {options.warmup:g} s warm-up, "
              f"{options.duration:g} s measured; 1-connection latency over "
              f"{options.latency_duration:g} s"
              + (f"; best of {options.repeat}" if options.repeat > 1 else "")
              + f"; ratios are this row / {REFERENCE}")]
    for row in rows:
        alone, load = row.subgraph_requests_per_query, row.subgraph_requests_per_query_under_load
        if alone and load is not None and load < 0.95 * alone:
            notes.append(f"{row.name}: {load:.2f} subgraph requests per query under load "
                         f"({alone:g} alone): it shares in-flight subgraph requests")
        if row.load_core_busy is not None and row.load_core_busy > 0.95:
            notes.append(f"{row.name}: the load CPU was {row.load_core_busy:.0%} busy (subgraph "
                         f"server {row.subgraphs_cpu_share or 0:.0%}, wrk "
                         f"{row.wrk_cpu_share or 0:.0%}): figures may be bounded by the load side")
        note = _server_core_note(row)
        if note:
            notes.append(note)
    return notes


def _server_core_note(row: RowResult) -> str | None:
    """Say so when something besides the server and its network interrupts used its CPU."""
    busy, own = row.server_core_busy, row.server_cpu_share
    if not row.ok or busy is None or own is None:
        return None
    interrupts = row.server_core_interrupts or 0.0
    other = busy - own - interrupts
    if other <= 0.1:
        return None
    return (f"{row.name}: its CPU was {busy:.0%} busy: the server {own:.0%}, kernel interrupts "
            f"{interrupts:.0%}, other work {other:.0%} (figures disturbed)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or the profile), print the table, write the JSON; exit code."""
    options, args = parse_options(argv)
    install_cleanup()
    pinning = plan_pinning()
    os.sched_setaffinity(0, set(pinning.load))
    if args.profile:
        from bench.harness.profile import profile_helhed

        return profile_helhed(options, pinning)
    started = datetime.datetime.now(datetime.UTC)
    rows = run_rows(options, pinning)
    notes = _notes(rows, pinning, options)
    print()
    print(format_table(rows, REFERENCE))
    print()
    for note in notes:
        print(f"- {note}")
    document = results_document(rows, REFERENCE, {
        "date": started.isoformat(timespec="seconds"), "machine": machine_facts(),
        "options": options.__dict__ | {"only": list(options.only)},
        "pinning": {"server": pinning.server, "load": pinning.load}, "notes": notes})
    write_json(args.json, document)
    print(f"\nresults written to {args.json}")
    good = all(r.ok or r.status.startswith("skipped") for r in rows)
    return 0 if good else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Measure one server under test: start it, check its answer, load it, read its counters."""

from __future__ import annotations

import json
import resource
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.harness import procfs
from bench.harness.http import fetch_token, get_json, post
from bench.harness.processes import Service, ServiceError
from bench.harness.report import RowResult
from bench.harness.settings import AUTHZ_PERSONA, Pinning, RunOptions, authz_env
from bench.harness.targets import Target
from bench.harness.wrk import WrkError, WrkResult, run_wrk, wrk_script

__all__ = ["Bench", "measure_target", "taskset"]

_SKIPPED_AUTHZ = "skipped: authorization not available"
_SETTLE_SECONDS = 1.0


def taskset(cpus: Sequence[int], nice: int = 0) -> list[str]:
    """The ``taskset -c LIST`` (and ``nice -n N``) prefix that runs a command on ``cpus``."""
    return ["taskset", "-c", ",".join(str(c) for c in cpus),
            *(["nice", "-n", str(nice)] if nice else [])]


@dataclass(frozen=True)
class Bench:
    """What every measurement shares: options, pinning, the supergraph and the servers."""

    options: RunOptions
    pinning: Pinning
    supergraph: Path
    subgraphs_url: str
    body: bytes
    expected: Any
    work_dir: Path
    subgraphs_pid: int
    idp_url: str | None = None

    @property
    def server_prefix(self) -> list[str]:
        """How a server under test is started: on its CPU, at the chosen priority."""
        return taskset(self.pinning.server, self.options.nice)

    @property
    def load_prefix(self) -> list[str]:
        """How wrk (and helpers) are started: on the load CPUs, at the chosen priority."""
        return taskset(self.pinning.load, self.options.nice)

    def subgraph_requests(self) -> int:
        """Requests the subgraph server has counted since the last reset."""
        counts = get_json(f"{self.subgraphs_url}/_stats")["requests"]
        return sum(int(v) for v in counts.values())

    def reset_subgraph_counts(self) -> None:
        """Zero the subgraph server's counters."""
        post(f"{self.subgraphs_url}/_stats/reset", b"", {})


class _RowFailed(Exception):
    """Stop measuring a row; the message is its status."""


def measure_target(target: Target, bench: Bench,
                   during_load: Callable[[int], None] | None = None) -> RowResult:
    """Start ``target`` on the server CPU, measure it, stop it; never raises for its faults.

    ``during_load(pid)`` runs in a thread alongside the measured period (a profiler).
    """
    row = RowResult(name=target.name, label=target.label, version=target.version())
    env = authz_env(bench.idp_url, work_dir=bench.work_dir) if target.authz and bench.idp_url \
        else {}
    service = target.service(bench.supergraph, bench.server_prefix, env)
    try:
        service.start()
    except ServiceError as exc:
        row.status = f"did not start: {str(exc).splitlines()[0]}"
        row.detail = str(exc)
        return row
    try:
        _measure(target, service, bench, row, during_load)
        row.status = "ok" if not row.errors else "errors: " + ", ".join(
            f"{n} {k}" for k, n in row.errors.items())
    except _RowFailed as exc:
        row.status = str(exc)
    except (WrkError, ServiceError, OSError) as exc:
        row.status = f"failed: {str(exc).splitlines()[0]}"
        row.detail = str(exc)
    finally:
        if not service.alive() and row.status == "ok":
            row.status = "exited during the run"
        row.detail = row.detail or ("" if row.ok else service.output())
        service.stop()
    return row


def _measure(target: Target, service: Service, bench: Bench, row: RowResult,
             during_load: Callable[[int], None] | None) -> None:
    url = service.url + target.graphql_path
    headers = {"Content-Type": "application/json"}
    if target.authz:
        headers["Authorization"] = "Bearer " + _authorize(url, bench)
    expected_length = _check_answer(url, headers, bench)
    row.subgraph_requests_per_query = float(_subgraph_requests_alone(url, headers, bench))
    script = bench.work_dir / f"{target.name.replace('+', '-')}.lua"
    script.write_text(wrk_script(bench.body.decode(), headers, expected_length,
                                 bench.options.max_requests), "utf-8")
    opts = bench.options
    run_wrk(url, script, connections=opts.connections, duration=opts.warmup,
            timeout=opts.timeout, prefix=bench.load_prefix)
    # With --repeat N, the best of N runs counts (the least disturbed on a shared machine);
    # errors of every run count.
    runs = [_measured_period(url, script, service, bench, during_load)
            for _ in range(opts.repeat)]
    for run in runs:
        _add_errors(row, run.wrk)
    measured = max(runs, key=lambda m: m.wrk.requests_per_second)
    _record(row, measured)
    if measured.wrk.requests >= opts.max_requests:
        # wrk stops sending at the cap but still waits out its time: the rate would be wrong.
        raise _RowFailed(f"stopped at {opts.max_requests} requests: raise --max-requests")
    singles = [run_wrk(url, script, connections=1, duration=opts.latency_duration,
                       timeout=opts.timeout, prefix=bench.load_prefix)
               for _ in range(opts.repeat)]
    for single in singles:
        _add_errors(row, single)
    row.p50_one_connection_ms = min(single.latency_ms["p50"] for single in singles)
    row.peak_rss_mb = procfs.tree_peak_rss_kb(service.pid) / 1024
    _check_answer(url, headers, bench, after_load=True)


def _authorize(url: str, bench: Bench) -> str:
    if bench.idp_url is None:
        raise _RowFailed("failed: no identity provider")
    status, _ = post(url, bench.body, {"Content-Type": "application/json"})
    if status == 200:
        raise _RowFailed(_SKIPPED_AUTHZ)
    if status != 401:
        raise _RowFailed(f"wrong answer without a token: HTTP {status} (expected 401)")
    return fetch_token(bench.idp_url, AUTHZ_PERSONA)


def _check_answer(url: str, headers: Mapping[str, str], bench: Bench,
                  after_load: bool = False) -> int:
    """Raise unless the answer equals the expected response; return its length in bytes."""
    when = " after the load" if after_load else ""
    status, body = post(url, bench.body, headers)
    if status != 200:
        raise _RowFailed(f"wrong response{when}: HTTP {status}")
    try:
        answer = json.loads(body)
    except ValueError as exc:
        raise _RowFailed(f"wrong response{when}: not JSON") from exc
    if answer != bench.expected:
        problem = "has errors" if isinstance(answer, dict) and answer.get("errors") else "differs"
        raise _RowFailed(f"wrong response{when}: {problem}")
    return len(body)


def _subgraph_requests_alone(url: str, headers: Mapping[str, str], bench: Bench) -> int:
    bench.reset_subgraph_counts()
    post(url, bench.body, headers)
    return bench.subgraph_requests()


@dataclass(frozen=True)
class _Measured:
    wrk: WrkResult
    cpu_seconds: float
    wall_seconds: float
    subgraph_requests: int
    server_busy: float | None
    server_interrupts: float | None
    load_busy: float | None
    subgraphs_cpu_seconds: float
    wrk_cpu_seconds: float


def _measured_period(url: str, script: Path, service: Service, bench: Bench,
                     during_load: Callable[[int], None] | None) -> _Measured:
    opts = bench.options
    time.sleep(_SETTLE_SECONDS)  # let the warm-up's last queries finish before counting
    bench.reset_subgraph_counts()
    cpu_before, cores_before = procfs.tree_cpu_seconds(service.pid), procfs.read_cpu_lines()
    subgraphs_before, wrk_before = procfs.tree_cpu_seconds(bench.subgraphs_pid), _children_cpu()
    side = _SideTask(during_load, service.pid)
    started = time.monotonic()
    result = run_wrk(url, script, connections=opts.connections, duration=opts.duration,
                     timeout=opts.timeout, prefix=bench.load_prefix)
    wall = time.monotonic() - started
    side.join()
    cpu_after, cores_after = procfs.tree_cpu_seconds(service.pid), procfs.read_cpu_lines()
    subgraphs_after, wrk_after = procfs.tree_cpu_seconds(bench.subgraphs_pid), _children_cpu()
    time.sleep(_SETTLE_SECONDS)  # queries cut off at the end still finish their fetches
    return _Measured(
        wrk=result, cpu_seconds=cpu_after - cpu_before, wall_seconds=wall,
        subgraph_requests=bench.subgraph_requests(),
        server_busy=procfs.busy_fraction(cores_before, cores_after, bench.pinning.server),
        server_interrupts=procfs.interrupt_fraction(cores_before, cores_after,
                                                    bench.pinning.server),
        load_busy=procfs.busy_fraction(cores_before, cores_after, bench.pinning.load),
        subgraphs_cpu_seconds=subgraphs_after - subgraphs_before,
        wrk_cpu_seconds=wrk_after - wrk_before)


class _SideTask:
    """Run ``task(pid)`` in a thread; :meth:`join` waits and re-raises its error."""

    def __init__(self, task: Callable[[int], None] | None, pid: int) -> None:
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if task is not None:
            self._thread = threading.Thread(target=self._run, args=(task, pid), daemon=True)
            self._thread.start()

    def _run(self, task: Callable[[int], None], pid: int) -> None:
        try:
            task(pid)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller in join()
            self._error = exc

    def join(self) -> None:
        """Wait for the task; raise what it raised."""
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise ServiceError(f"the task alongside the load failed: {self._error}")


def _children_cpu() -> float:
    """CPU seconds of this process's waited-for children (wrk, during the measured period)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _record(row: RowResult, measured: _Measured) -> None:
    result = measured.wrk
    row.measured_requests = result.requests
    row.requests_per_second = result.requests_per_second
    row.p50_ms, row.p99_ms = result.latency_ms["p50"], result.latency_ms["p99"]
    if result.requests:
        row.cpu_ms_per_request = measured.cpu_seconds * 1000 / result.requests
        row.subgraph_requests_per_query_under_load = measured.subgraph_requests / result.requests
    row.server_cpu_share = measured.cpu_seconds / measured.wall_seconds
    row.server_core_busy, row.load_core_busy = measured.server_busy, measured.load_busy
    row.server_core_interrupts = measured.server_interrupts
    row.subgraphs_cpu_share = measured.subgraphs_cpu_seconds / measured.wall_seconds
    row.wrk_cpu_share = measured.wrk_cpu_seconds / measured.wall_seconds


def _add_errors(row: RowResult, result: WrkResult) -> None:
    counts = {**result.errors, "wrong bodies": result.bad_bodies}
    for name, count in counts.items():
        if count:
            key = "non-2xx" if name == "status" else name
            row.errors[key] = row.errors.get(key, 0) + count

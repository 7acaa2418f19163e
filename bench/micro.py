"""Measure the gateway's per-request cost on the federation benchmark: CPU ms, latency, RSS.

Starts the benchmark subgraphs (``python -m bench.federation_subgraphs``), a static server
that answers the expected response from memory (the "one server holding all the data" that
latency is compared with) and the real gateway process (``python -m gateway serve``), checks
the gateway's answer equals ``expected-response.json``, then for each round measures:

- sequential: N requests over one keep-alive connection; per-request latency and the
  gateway's CPU time (utime + stime from ``/proc/<pid>/stat``) divided by N;
- concurrent: N requests over C connections; CPU ms per request and throughput.

CPU time is the figure to trust on a shared 2-core machine; wall-clock figures are noisy.
``--profile FILE`` records the gateway with py-spy during an extra concurrent phase and prints
the functions with the most self and inclusive samples.

Run: ``python -m bench.micro [--requests 300] [--concurrency 8] [--rounds 3] [--profile p.txt]``
(``--profile`` needs py-spy: ``pip install -e '.[bench]'``; ``--pin`` puts the gateway alone
on CPU 1; ``--ab DIR`` alternates rounds with the gateway of another checkout, e.g. a
``git worktree`` of the previous commit, for comparisons on a busy machine).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import orjson

from bench.federation_subgraphs import BENCH_DIR
from bench.profile_summary import summarize
from tests.support.gateway_process import APOLLO_DIR, REPO_ROOT, free_port

__all__ = ["Round", "main", "measure", "static_app"]

_TICK = os.sysconf("SC_CLK_TCK")
_HEADERS = {"content-type": "application/json", "accept": "application/json"}


def cpu_seconds(pid: int) -> float:
    """utime + stime of process ``pid`` (all its threads), in seconds."""
    user, system = user_system_seconds(pid)
    return user + system


def user_system_seconds(pid: int) -> tuple[float, float]:
    """utime and stime of process ``pid`` (all its threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) / _TICK, int(fields[12]) / _TICK


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set size (VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def static_app(body: bytes):  # type: ignore[no-untyped-def]  # noqa: ANN201
    """An ASGI app answering every request with ``body`` (the direct-call stand-in)."""
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode())]

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def _wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:  # noqa: S310 - loopback
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} not ready after {timeout}s")


@contextmanager
def _process(argv: list[str], ready_url: str, log: Path, env: dict[str, str] | None = None,
             cpu: str | None = None, cwd: Path = REPO_ROOT) -> Iterator[subprocess.Popen[bytes]]:
    if cpu is not None:
        argv = ["taskset", "-c", cpu, *argv]
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,  # noqa: S603
                                env={**os.environ, **(env or {})})
    try:
        _wait_ready(ready_url, proc)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Round:
    """One sequential and one concurrent measurement."""

    seq_cpu_ms: float
    seq_p50_ms: float
    seq_p90_ms: float
    conc_cpu_ms: float
    conc_rps: float
    sys_share: float
    """Kernel share of the gateway's CPU time over the round."""


def _sequential(port: int, path: str, body: bytes, n: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        conn.request("POST", path, body=body, headers=_HEADERS)
        resp = conn.getresponse()
        resp.read()
        times.append(time.perf_counter() - t0)
        if resp.status != 200:
            raise RuntimeError(f"status {resp.status}")
    conn.close()
    return times


async def _concurrent(url: str, body: bytes, n: int, concurrency: int) -> float:
    left = n
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def worker() -> None:
            nonlocal left
            while left > 0:
                left -= 1
                async with session.post(url, data=body, headers=_HEADERS) as resp:
                    await resp.read()
        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - t0


def measure(pid: int, port: int, body: bytes, n: int, concurrency: int) -> Round:
    """One round against the gateway process ``pid`` listening on ``port``."""
    u0, s0 = user_system_seconds(pid)
    times = _sequential(port, "/graphql", body, n)
    c1 = cpu_seconds(pid)
    wall = asyncio.run(_concurrent(f"http://127.0.0.1:{port}/graphql", body, n, concurrency))
    u2, s2 = user_system_seconds(pid)
    c0, c2 = u0 + s0, u2 + s2
    q = statistics.quantiles(times, n=10)
    return Round(seq_cpu_ms=(c1 - c0) * 1000 / n, seq_p50_ms=statistics.median(times) * 1000,
                 seq_p90_ms=q[8] * 1000, conc_cpu_ms=(c2 - c1) * 1000 / n, conc_rps=n / wall,
                 sys_share=(s2 - s0) / max(c2 - c0, 1e-9))


def _check_response(port: int, body: bytes, expected: object) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("POST", "/graphql", body=body, headers=_HEADERS)
    got = orjson.loads(conn.getresponse().read())
    conn.close()
    if got != expected:
        raise SystemExit("the gateway's response differs from expected-response.json")


def _profile(pid: int, port: int, body: bytes, n: int, concurrency: int, out: Path) -> None:
    raw = out.with_suffix(".collapsed")
    exe = Path(sys.executable).with_name("py-spy")
    argv = [str(exe) if exe.exists() else "py-spy", "record", "-p", str(pid), "-r", "250",
            "-f", "raw", "-o", str(raw), "--nonblocking"]
    spy = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    time.sleep(1.0)
    asyncio.run(_concurrent(f"http://127.0.0.1:{port}/graphql", body, n, concurrency))
    spy.send_signal(2)
    spy.wait(timeout=30)
    text = summarize(raw.read_text())
    out.write_text(text)
    print(text)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=300, help="requests per phase")
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--profile", type=Path, help="write a py-spy summary here")
    p.add_argument("--pin", action="store_true",
                   help="gateway alone on CPU 1; subgraphs, static server and client on CPU 0")
    p.add_argument("--env", action="append", default=[], help="NAME=VALUE for the gateway")
    p.add_argument("--ab", type=Path, metavar="DIR",
                   help="also run the gateway from checkout DIR (e.g. a git worktree of the "
                        "previous commit) and alternate rounds between the two")
    p.add_argument("--ab-python", type=Path, metavar="PYTHON",
                   help="the interpreter for --ab's gateway (e.g. another virtualenv's, to "
                        "compare dependency sets)")
    p.add_argument("--apollo", action="store_true",
                   help="also measure Apollo Gateway (tools/apollo, after npm ci there)")
    p.add_argument("--serve-static", type=int, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def _serve_static(port: int) -> None:
    import uvicorn

    body = (BENCH_DIR / "expected-response.json").read_bytes()
    uvicorn.run(static_app(body), host="127.0.0.1", port=port, lifespan="off",
                log_level="warning", access_log=False)


def _report(label: str, r: Round, concurrency: int) -> None:
    print(f"{label}seq: cpu {r.seq_cpu_ms:6.2f} ms/req  p50 {r.seq_p50_ms:6.2f} ms  "
          f"p90 {r.seq_p90_ms:6.2f} ms | conc({concurrency}): cpu {r.conc_cpu_ms:6.2f} ms/req  "
          f"{r.conc_rps:7.1f} req/s | kernel {100 * r.sys_share:.0f}%")


def _summary(label: str, rounds: list[Round], pid: int) -> None:
    best = min(rounds, key=lambda r: r.conc_cpu_ms)
    print(f"{label}best: seq cpu {min(r.seq_cpu_ms for r in rounds):.2f} ms/req, conc cpu "
          f"{best.conc_cpu_ms:.2f} ms/req (~{1000 / best.conc_cpu_ms:.0f} req/s on one core), "
          f"seq p50 {min(r.seq_p50_ms for r in rounds):.2f} ms, peak RSS {peak_rss_mb(pid):.0f} MB")


def main(argv: Sequence[str] | None = None) -> None:
    """Start everything, measure, print the figures."""
    args = _parse(argv)
    if args.serve_static is not None:
        _serve_static(args.serve_static)
        return
    others, gateway_cpu = ("0", "1") if args.pin else (None, None)
    if args.pin:
        os.sched_setaffinity(0, {0})
    body = (BENCH_DIR / "body.json").read_bytes()
    expected = orjson.loads((BENCH_DIR / "expected-response.json").read_bytes())
    py = sys.executable
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        sg_port, st_port = free_port(), free_port()
        stack.enter_context(_process([py, "-m", "bench.federation_subgraphs", "--port",
                                      str(sg_port)], f"http://127.0.0.1:{sg_port}/health",
                                     tmp / "subgraphs.log", cpu=others))
        stack.enter_context(_process([py, "-m", "bench.micro", "--serve-static", str(st_port)],
                                     f"http://127.0.0.1:{st_port}/", tmp / "static.log",
                                     cpu=others))
        supergraph = tmp / "supergraph.graphql"
        supergraph.write_text((BENCH_DIR / "supergraph.graphql").read_text().replace(
            "http://127.0.0.1:4200", f"http://127.0.0.1:{sg_port}"))
        env = dict(e.split("=", 1) for e in args.env)
        b_python = str(args.ab_python) if args.ab_python else py
        sides: list[tuple[str, list[str], str, Path]] = [("", [py, "-m", "gateway", "serve"],
                                                          "/health", REPO_ROOT)]
        if args.ab:
            sides.append(("B ", [b_python, "-m", "gateway", "serve"], "/health",
                          args.ab.resolve()))
        if args.apollo:
            sides.append(("Apollo ", ["node", str(APOLLO_DIR / "gateway.mjs")],
                          "/graphql?query=%7B__typename%7D", REPO_ROOT))
        gateways = []
        for label, command, ready, cwd in sides:
            port = free_port()
            argv = ([*command, "--supergraph", str(supergraph), "--port", str(port)]
                    if command[-1] == "serve" else [*command, str(supergraph), str(port)])
            proc = stack.enter_context(_process(
                argv, f"http://127.0.0.1:{port}{ready}", tmp / f"gateway{label.strip()}.log",
                env, gateway_cpu, cwd))
            _check_response(port, body, expected)
            _sequential(port, "/graphql", body, args.warmup)
            gateways.append((label or ("A " if len(sides) > 1 else ""), proc, port))
        direct = _sequential(st_port, "/", body, args.requests)
        print(f"direct call (static server): p50 {statistics.median(direct) * 1000:.2f} ms")
        results: dict[str, list[Round]] = {label: [] for label, _, _ in gateways}
        for _ in range(args.rounds):
            for label, proc, port in gateways:
                r = measure(proc.pid, port, body, args.requests, args.concurrency)
                results[label].append(r)
                _report(label, r, args.concurrency)
        for label, proc, _ in gateways:
            _summary(label, results[label], proc.pid)
        first = next(iter(results.values()))
        for label, rounds in list(results.items())[1:]:
            conc = [b.conc_cpu_ms / a.conc_cpu_ms for a, b in zip(first, rounds, strict=True)]
            seq = [b.seq_cpu_ms / a.seq_cpu_ms for a, b in zip(first, rounds, strict=True)]
            print(f"{label.strip()}/A cpu per request, median over rounds: concurrent "
                  f"{statistics.median(conc):.3f}, sequential {statistics.median(seq):.3f}")
        if args.profile is not None:
            _, proc, port = gateways[0]
            _profile(proc.pid, port, body, args.requests, args.concurrency, args.profile)


if __name__ == "__main__":
    main()

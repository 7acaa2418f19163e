"""Paths, run options and the authorization variables of the benchmark harness."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "AUTHZ_PERSONA",
    "NODE_DIR",
    "REPO_ROOT",
    "RESULTS_DIR",
    "Pinning",
    "RunOptions",
    "authz_env",
    "plan_pinning",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The repository root: the working directory of every started Python process."""

NODE_DIR = REPO_ROOT / "bench" / "node"
"""The npm package holding the peer gateways (``npm ci`` there)."""

RESULTS_DIR = REPO_ROOT / "bench" / "results"
"""Where ``latest.json`` and profiles are written (gitignored)."""

AUTHZ_PERSONA = "jobcenter"
"""The mock identity provider persona whose token the ``helhed+authz`` row sends."""


def authz_env(idp_url: str, audience: str = "helhed-gateway",
              work_dir: Path | None = None) -> dict[str, str]:
    """The environment that switches authorization on in the gateway (the one place to edit).

    The samtykke/audit database goes into ``work_dir`` (a throw-away SQLite file).
    """
    env = {
        "GATEWAY_AUTH_ISSUER": idp_url,
        "GATEWAY_AUTH_AUDIENCE": audience,
        "GATEWAY_AUTH_JWKS_URL": f"{idp_url}/jwks",
    }
    if work_dir is not None:
        env["GATEWAY_DATABASE_URL"] = f"sqlite:///{work_dir / 'helhed-bench.db'}"
    return env


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """How long and how hard each server under test is driven."""

    warmup: float = 10.0
    """Seconds of load before measuring (JIT, caches, connection pools)."""

    duration: float = 30.0
    """Seconds of the measured closed-loop period."""

    latency_duration: float = 10.0
    """Seconds of the one-connection latency measurement."""

    connections: int = 50
    """Concurrent connections (closed loop: each waits for its answer before sending again)."""

    timeout: float = 20.0
    """Seconds after which wrk counts a request as timed out."""

    max_requests: int = 1_000_000
    """Most answers in one wrk run (each run also stops when its time is up)."""

    repeat: int = 1
    """Measured periods (and one-connection runs) per server; the best one counts."""

    nice: int = 0
    """Nice level of the servers, the subgraphs and wrk (negative: ahead of other work)."""

    only: tuple[str, ...] = ()
    """Row names to run (empty: all)."""

    @classmethod
    def quick(cls, only: tuple[str, ...] = ()) -> RunOptions:
        """A short smoke run: every row, a few seconds each."""
        return cls(warmup=2.0, duration=5.0, latency_duration=2.0, only=only)


@dataclass(frozen=True)
class Pinning:
    """Which CPUs the server under test and the load side (subgraphs, wrk) get."""

    server: tuple[int, ...]
    load: tuple[int, ...]
    note: str

    @property
    def pinned(self) -> bool:
        """True when the server under test has cores of its own."""
        return not set(self.server) & set(self.load)


def plan_pinning(cpus: set[int] | None = None, environ: Mapping[str, str] | None = None) -> Pinning:
    """Give the server under test the first CPU and the load side the others.

    ``cpus`` defaults to this process's affinity. With one CPU everything shares it, and the
    note says the figures are not comparable to a pinned run.
    """
    available = sorted(cpus if cpus is not None else os.sched_getaffinity(0))
    env = os.environ if environ is None else environ
    if env.get("BENCH_NO_PIN") == "1":
        every = tuple(available)
        return Pinning(every, every, "not pinned (BENCH_NO_PIN=1): all processes share "
                       f"{len(every)} CPU(s)")
    if len(available) < 2:
        only = tuple(available)
        return Pinning(only, only, "only 1 CPU: the gateway, the subgraphs and wrk share it; "
                       "figures are not comparable to a pinned 2-core run")
    server, load = (available[0],), tuple(available[1:])
    return Pinning(server, load, f"gateway under test on CPU {server[0]}; subgraphs and wrk "
                   f"on CPU {_cpu_list(load)}")


def _cpu_list(cpus: tuple[int, ...]) -> str:
    return ",".join(str(c) for c in cpus)

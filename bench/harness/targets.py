"""The servers under test: how each is started, where its GraphQL endpoint is, its version."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness.processes import Service, free_port
from bench.harness.settings import NODE_DIR

__all__ = ["BASELINE", "REFERENCE", "TARGETS", "Target", "node_package_version"]

REFERENCE = "apollo"
"""The row every ratio is relative to."""

BASELINE = "monolith"
"""The row whose one-connection latency is the "direct call" the added latency is over."""

_NODE_ENV = {"NODE_ENV": "production"}
"""Node peers run as deployed: production mode (graphql-js skips its development checks)."""

Launcher = Callable[[Path, int], tuple[list[str], Mapping[str, str]]]


@dataclass(frozen=True)
class Target:
    """One row of the table: a server that answers the benchmark query."""

    name: str
    label: str
    launch: Launcher
    """(supergraph file, port) -> (argv, extra environment)."""
    graphql_path: str = "/graphql"
    ready_path: str | None = "/health"
    ready_marker: str | None = None
    authz: bool = False
    """Started with authorization on; requests carry a bearer token."""
    cwd: Path | None = None
    version: Callable[[], str] = field(default=lambda: "")

    def service(self, supergraph: Path, prefix: Sequence[str],
                extra_env: Mapping[str, str] | None = None) -> Service:
        """A not yet started :class:`Service` for this target on a free port."""
        port = free_port()
        argv, env = self.launch(supergraph, port)
        return Service(self.name, [*prefix, *argv], port, ready_path=self.ready_path,
                       ready_marker=self.ready_marker, env={**env, **(extra_env or {})},
                       cwd=str(self.cwd) if self.cwd else None)


def node_package_version(package: str, node_dir: Path = NODE_DIR) -> str:
    """The installed version of an npm package in the peers' folder ("" when missing)."""
    manifest = node_dir / "node_modules" / package / "package.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return ""


def _helhed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("helhed")
    except PackageNotFoundError:
        return ""


def _apollo(supergraph: Path, port: int) -> tuple[list[str], Mapping[str, str]]:
    return ["node", str(NODE_DIR / "apollo-gateway.mjs"), str(supergraph), str(port)], _NODE_ENV


def _hive(supergraph: Path, port: int) -> tuple[list[str], Mapping[str, str]]:
    cli = NODE_DIR / "node_modules" / "@graphql-hive" / "gateway" / "dist" / "bin.js"
    return (["node", str(cli), "supergraph", str(supergraph), "--host", "127.0.0.1",
             "--port", str(port), "--fork", "1"], _NODE_ENV)


def _helhed(supergraph: Path, port: int) -> tuple[list[str], Mapping[str, str]]:
    return ([sys.executable, "-m", "gateway", "serve", "--supergraph", str(supergraph),
             "--port", str(port)], {})


def _monolith(_supergraph: Path, port: int) -> tuple[list[str], Mapping[str, str]]:
    return [sys.executable, "-m", "bench.monolith", "--port", str(port)], {}


TARGETS: tuple[Target, ...] = (
    Target("apollo", "Apollo Gateway", _apollo, graphql_path="/", ready_path=None,
           ready_marker="ready ", cwd=NODE_DIR,
           version=lambda: node_package_version("@apollo/gateway")),
    Target("hive", "Hive Gateway", _hive, ready_path="/readiness", cwd=NODE_DIR,
           version=lambda: node_package_version("@graphql-hive/gateway")),
    Target("helhed", "Helhed", _helhed, version=_helhed_version),
    Target("helhed+authz", "Helhed, authorization on", _helhed, authz=True,
           version=_helhed_version),
    Target("monolith", "direct call (monolith)", _monolith),
)
"""Every row, in table order."""

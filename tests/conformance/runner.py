"""Load conformance cases and run their queries through a gateway over fake subgraphs.

A case directory (``tests/conformance/cases/<feature>/``) holds:

* ``<subgraph>.graphql``: one SDL per subgraph (the file stem is the subgraph name);
* ``supergraph.graphql``: Apollo's composition of them, first line ``# sdl-hash: <hex>``;
* ``data.json``: ``{subgraph: data}`` for the fake subgraphs (:mod:`tests.support.subgraph_exec`);
* ``hooks.py`` (optional): ``HOOKS = {subgraph: {"Type.field": fn, ...}}``;
* ``case.json`` (optional): ``{"gateway_env": {"GATEWAY_SUBGRAPH_TIMEOUT": "1"}}``;
* ``queries/<name>.graphql`` with optional ``<name>.variables.json``, ``<name>.faults.json``
  (``{subgraph: {"status": 500} | {"garbage": true} | {"close": true} | {"delay": 2} |
  {"down": true} | {"errors": [{"path": [...], "message": ..., "extensions": {...}}]}}``),
  and the expectations ``<name>.expected.json``, ``<name>.calls.json``,
  ``<name>.apollo-plan.txt`` (reference only) and ``<name>.plan.txt`` (our plan, optional).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx

from tests.support.fake_subgraph import FakeSubgraph, Faults, InjectedError
from tests.support.gateway_process import GatewayProcess
from tests.support.subgraph_exec import Hook
from tests.support.supergraph_urls import rewrite_subgraph_urls

__all__ = [
    "CASES_DIR",
    "Case",
    "CaseRun",
    "Query",
    "load_cases",
    "sdl_hash",
    "stated_sdl_hash",
]

CASES_DIR = Path(__file__).resolve().parent / "cases"
"""Where the case directories live."""

_HASH_PREFIX = "# sdl-hash: "


@dataclass(frozen=True, slots=True)
class Query:
    """One query of a case and its expectation files."""

    case: str
    """The case (feature) name."""

    name: str
    """The query's file stem."""

    path: Path
    """``queries/<name>.graphql``."""

    def sibling(self, suffix: str) -> Path:
        """``queries/<name><suffix>`` (for example ``.expected.json``)."""
        return self.path.with_name(self.name + suffix)

    @property
    def text(self) -> str:
        """The operation text."""
        return self.path.read_text(encoding="utf-8")

    @property
    def variables(self) -> dict[str, Any] | None:
        """The variables, if a ``.variables.json`` exists."""
        return _read_json(self.sibling(".variables.json"))

    @property
    def faults(self) -> dict[str, Any]:
        """Faults to inject per subgraph for this query."""
        return _read_json(self.sibling(".faults.json")) or {}

    @property
    def id(self) -> str:
        """``<case>/<query>`` (the pytest id)."""
        return f"{self.case}/{self.name}"


@dataclass(frozen=True, slots=True)
class Case:
    """One conformance case directory."""

    name: str
    """The directory name (the feature)."""

    path: Path
    """The directory."""

    @property
    def subgraph_names(self) -> list[str]:
        """Subgraph names from the SDL file names, sorted."""
        return sorted(p.stem for p in self.path.glob("*.graphql") if p.stem != "supergraph")

    def sdl(self, subgraph: str) -> str:
        """One subgraph's SDL."""
        return (self.path / f"{subgraph}.graphql").read_text(encoding="utf-8")

    @property
    def supergraph_path(self) -> Path:
        """The committed supergraph."""
        return self.path / "supergraph.graphql"

    @property
    def data(self) -> dict[str, Any]:
        """``{subgraph: data}``."""
        return _read_json(self.path / "data.json") or {}

    @property
    def config(self) -> dict[str, Any]:
        """The optional ``case.json``."""
        return _read_json(self.path / "case.json") or {}

    @property
    def hooks(self) -> dict[str, dict[str, Hook]]:
        """``HOOKS`` from the optional ``hooks.py``."""
        hooks_file = self.path / "hooks.py"
        if not hooks_file.exists():
            return {}
        spec = importlib.util.spec_from_file_location(f"conformance_hooks_{self.name}",
                                                      hooks_file)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {hooks_file}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return dict(module.HOOKS)

    @property
    def queries(self) -> list[Query]:
        """The case's queries, sorted by name."""
        return [Query(case=self.name, name=p.stem, path=p)
                for p in sorted((self.path / "queries").glob("*.graphql"))]

    def current_sdl_hash(self) -> str:
        """The hash of the subgraph SDLs as they are now."""
        return sdl_hash({name: self.sdl(name) for name in self.subgraph_names})


def sdl_hash(sdls: Mapping[str, str]) -> str:
    """SHA-256 over ``name\\nsdl\\n`` for each subgraph, in name order."""
    digest = hashlib.sha256()
    for name in sorted(sdls):
        digest.update(f"{name}\n{sdls[name]}\n".encode())
    return digest.hexdigest()


def stated_sdl_hash(supergraph_path: Path) -> str | None:
    """The hash written on the supergraph's first line, if any."""
    if not supergraph_path.exists():
        return None
    first = supergraph_path.read_text(encoding="utf-8").split("\n", 1)[0]
    return first[len(_HASH_PREFIX):].strip() if first.startswith(_HASH_PREFIX) else None


def load_cases(root: Path = CASES_DIR) -> list[Case]:
    """Every case directory under ``root``, sorted by name."""
    return [Case(name=p.name, path=p) for p in sorted(root.iterdir())
            if p.is_dir() and any(p.glob("*.graphql"))]


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _faults_from_json(spec: Mapping[str, Any]) -> Faults:
    errors = tuple(InjectedError(path=tuple(e["path"]), message=e.get("message", "injected"),
                                 extensions=e.get("extensions"))
                   for e in spec.get("errors", ()))
    return Faults(delay=float(spec.get("delay", 0.0)), status=spec.get("status"),
                  garbage=bool(spec.get("garbage")), close=bool(spec.get("close")),
                  errors=errors)


@dataclass
class CaseRun:
    """A case's fake subgraphs plus one gateway process over them."""

    case: Case
    """The case being run."""

    subgraphs: dict[str, FakeSubgraph] = field(default_factory=dict)
    """The running fake subgraphs by name."""

    gateway: GatewayProcess | None = None
    """The gateway process (ours or Apollo's)."""

    ports: dict[str, int] = field(default_factory=dict)
    """Each subgraph's port (kept so a subgraph taken "down" comes back on the same URL)."""

    def query(self, query: Query, *, timeout: float = 30.0) -> tuple[Any, dict[str, int]]:
        """POST one query; return (parsed response body, requests per subgraph)."""
        if self.gateway is None:
            raise RuntimeError("gateway not started")
        for subgraph in self.subgraphs.values():
            subgraph.reset()
        downed = self._apply_faults(query.faults)
        try:
            body: dict[str, Any] = {"query": query.text}
            if query.variables is not None:
                body["variables"] = query.variables
            response = httpx.post(self.gateway.graphql_url, json=body, timeout=timeout,
                                  headers={"accept": "application/json"})
        finally:
            for name in downed:
                self.subgraphs[name].start(port=self.ports[name])
            for subgraph in self.subgraphs.values():
                subgraph.faults = Faults()
        try:
            parsed = response.json()
        except ValueError:
            parsed = {"non-json response": response.text, "status": response.status_code}
        return parsed, {name: sg.calls for name, sg in self.subgraphs.items()}

    def _apply_faults(self, faults: Mapping[str, Mapping[str, Any]]) -> list[str]:
        downed = []
        for name, spec in faults.items():
            if spec.get("down"):
                self.subgraphs[name].stop()
                downed.append(name)
            else:
                self.subgraphs[name].faults = _faults_from_json(spec)
        return downed

    @classmethod
    @contextmanager
    def start(cls, case: Case, *, apollo: bool = False) -> Iterator[CaseRun]:
        """Start the fake subgraphs and a gateway (ours, or Apollo's with ``apollo=True``)."""
        run = cls(case=case)
        hooks = case.hooks
        data = case.data
        with tempfile.TemporaryDirectory(prefix=f"conformance-{case.name}-") as tmp:
            try:
                for name in case.subgraph_names:
                    subgraph = FakeSubgraph(name=name, sdl=case.sdl(name),
                                            data=data.get(name, {}), hooks=hooks.get(name, {}))
                    subgraph.start()
                    run.ports[name] = subgraph.port
                    run.subgraphs[name] = subgraph
                supergraph = Path(tmp) / "supergraph.graphql"
                supergraph.write_text(rewrite_subgraph_urls(
                    case.supergraph_path.read_text(encoding="utf-8"),
                    {name: sg.url + "/graphql" for name, sg in run.subgraphs.items()}),
                    encoding="utf-8")
                if apollo:
                    run.gateway = GatewayProcess.apollo(supergraph)
                else:
                    run.gateway = GatewayProcess.helhed(
                        supergraph, env=case.config.get("gateway_env"))
                run.gateway.start()
                yield run
            finally:
                if run.gateway is not None:
                    run.gateway.close()
                for subgraph in run.subgraphs.values():
                    subgraph.stop()

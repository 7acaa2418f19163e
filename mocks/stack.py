"""Start the whole sector side in one asyncio process: five mocks and six subgraphs.

::

    async with run_stack(size=1000) as stack:
        stack.subgraph_urls["hoi"]        # http://127.0.0.1:<port>/graphql
        stack.mock_urls["social"]         # http://127.0.0.1:<port>
        stack.mock_state("social").fault = FaultConfig(FaultMode.FAIL)

The ``adgang`` subgraph keeps samtykker and the adgangslog in ``database_url`` (default: a
SQLite file in a temporary directory, removed afterwards), the ``hoi`` subgraph the HOI sag and
plan and its målgruppe index in the same database; both accept the tokens of ``identity``
(without it, their protected fields answer UNAUTHENTICATED).

Every server listens on a loopback socket bound before it starts, readiness is awaited,
and leaving the block shuts all of them down. ``python -m mocks.stack`` runs it until
interrupted and prints the URLs (the lead's ``helhed demo`` uses :func:`run_stack`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import mocks.beskaeftigelse
import mocks.cpr
import mocks.social
import mocks.sundhed
import mocks.uddannelse
from mocks.common.faults import FaultConfig, MockState
from mocks.common.serve import serve_apps
from mocks.population import DEFAULT_SEED, DEFAULT_SIZE, Population

if TYPE_CHECKING:
    from subgraphs.adgang.app import IdentityConfig

__all__ = ["MOCK_NAMES", "SUBGRAPH_NAMES", "RunningStack", "main", "run_stack"]

MOCK_NAMES = ("beskaeftigelse", "social", "uddannelse", "sundhed", "cpr")
"""The mock systems: four sector systems and the person register."""

SUBGRAPH_NAMES = ("hoi", "beskaeftigelse", "social", "uddannelse", "sundhed", "adgang")
"""The subgraphs, in supergraph order."""

_MOCK_FACTORIES = {
    "beskaeftigelse": mocks.beskaeftigelse.create_app, "social": mocks.social.create_app,
    "uddannelse": mocks.uddannelse.create_app, "sundhed": mocks.sundhed.create_app,
    "cpr": mocks.cpr.create_app,
}


@dataclass(frozen=True, slots=True)
class RunningStack:
    """The running mocks and subgraphs."""

    population: Population
    mock_urls: Mapping[str, str]
    """Base URL per mock (no trailing slash)."""
    subgraph_urls: Mapping[str, str]
    """GraphQL endpoint per subgraph (``.../graphql``)."""
    mock_apps: Mapping[str, Any]
    database_url: str = ""
    """The database of the adgang subgraph (samtykker, adgangslog)."""

    def mock_state(self, name: str) -> MockState:
        """The in-process fault and request-log state of one mock."""
        state: MockState = self.mock_apps[name].state.mock
        return state


def _subgraph_app(name: str, mock_urls: Mapping[str, str], timeout: float,
                  identity: IdentityConfig | None, database_url: str,
                  hoi_index_interval: float | None = None,
                  hoi_options: Mapping[str, Any] | None = None) -> Any:
    from subgraphs.common.app import SubgraphSettings

    settings = SubgraphSettings(name=name, timeout=timeout)
    if name == "adgang":
        from subgraphs.adgang.app import create_app as create_adgang

        return create_adgang(person_url=mock_urls["cpr"], database_url=database_url,
                             identity=identity, settings=settings)
    if name == "hoi":
        from subgraphs.hoi.app import create_app as create_hoi
        from subgraphs.hoi.index.runtime import IndexSettings

        sectors = {n: mock_urls[n] for n in MOCK_NAMES if n != "cpr"}
        index = IndexSettings(database_url=database_url, sync_interval=hoi_index_interval)
        return create_hoi(mock_url=mock_urls["cpr"], sector_urls=sectors, settings=settings,
                          database_url=database_url, identity=identity, index=index,
                          **(hoi_options or {}))
    module = __import__(f"subgraphs.{name}.app", fromlist=["create_app"])
    return module.create_app(mock_url=mock_urls[name], person_url=mock_urls["cpr"],
                             settings=settings)


@contextlib.asynccontextmanager
async def run_stack(*, seed: int = DEFAULT_SEED, size: int = DEFAULT_SIZE,
                    timeout: float = 5.0, faults: Mapping[str, FaultConfig] | None = None,
                    identity: IdentityConfig | None = None, database_url: str | None = None,
                    hoi_index_interval: float | None = None,
                    hoi_options: Mapping[str, Any] | None = None,
                    ) -> AsyncIterator[RunningStack]:
    """Run the five mocks and six subgraphs on free loopback ports until the block exits.

    ``timeout`` is how long a subgraph waits for its mock; ``faults`` arms faults at start-up;
    ``identity`` and ``database_url`` configure the adgang and hoi subgraphs (see the module
    doc); ``hoi_index_interval`` turns on hoi's background målgruppe index sync;
    ``hoi_options`` are more keyword arguments of the hoi subgraph's ``create_app`` (e.g.
    ``writeback=WritebackSettings(...)``, ``report=ReportSettings(...)``).
    """
    if database_url is None:
        with tempfile.TemporaryDirectory(prefix="helhed-stack-") as directory:
            async with run_stack(seed=seed, size=size, timeout=timeout, faults=faults,
                                 identity=identity, hoi_index_interval=hoi_index_interval,
                                 hoi_options=hoi_options,
                                 database_url=f"sqlite:///{directory}/helhed.db") as stack:
                yield stack
        return
    population = Population(seed=seed, size=size)
    faults = faults or {}
    apps = {name: factory(population, faults.get(name))
            for name, factory in _MOCK_FACTORIES.items()}
    async with serve_apps(apps) as mock_servers:
        mock_urls = {name: server.url for name, server in mock_servers.items()}
        subgraph_apps = {name: _subgraph_app(name, mock_urls, timeout, identity, database_url,
                                             hoi_index_interval, hoi_options)
                         for name in SUBGRAPH_NAMES}
        async with serve_apps(subgraph_apps) as subgraph_servers:
            yield RunningStack(
                population=population, mock_urls=mock_urls, mock_apps=apps,
                subgraph_urls={n: f"{s.url}/graphql" for n, s in subgraph_servers.items()},
                database_url=database_url)


async def _serve_forever(seed: int, size: int) -> None:
    async with run_stack(seed=seed, size=size) as stack:
        for name, url in stack.mock_urls.items():
            print(f"mock     {name:15} {url}", flush=True)
        for name, url in stack.subgraph_urls.items():
            print(f"subgraph {name:15} {url}", flush=True)
        await asyncio.Event().wait()


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m mocks.stack [--seed S] [--size N]``: run until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m mocks.stack")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE)
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve_forever(args.seed, args.size))


if __name__ == "__main__":
    main()

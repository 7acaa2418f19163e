"""``helhed demo``: mocks, identity provider, subgraphs, composition and gateway in one process."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from pathlib import Path

import uvicorn

from authz.store.engine import redacted_url
from gateway.cli import bind_socket
from gateway.config import Settings
from gateway.http.app import create_app
from gateway.supergraph.compose import compose_supergraph, fetch_subgraph_sources
from mocks.idp import DEFAULT_AUDIENCE
from mocks.idp.server import serve_idp
from mocks.population import DEMO_CITIZEN
from mocks.stack import SUBGRAPH_NAMES, run_stack
from subgraphs.adgang.app import IdentityConfig

__all__ = ["DEMO_INDEX_INTERVAL", "DemoOptions", "run_demo"]

DEMO_INDEX_INTERVAL = 30.0
"""Seconds between the hoi subgraph's background syncs of the målgruppe index in the demo."""


class DemoOptions:
    """What ``helhed demo`` is started with."""

    def __init__(self, *, port: int, idp_port: int, size: int, state_dir: Path,
                 database_url: str | None = None) -> None:
        self.port = port
        self.idp_port = idp_port
        self.size = size
        self.state_dir = state_dir
        self.database_url = database_url or f"sqlite:///{state_dir / 'helhed.db'}"
        """Samtykker and the adgangslog (default: a SQLite file in the state directory)."""


def _banner(graphiql: str, idp_url: str, supergraph: Path, database: str) -> str:
    return "\n".join([
        "",
        "Helhed is running.",
        f"  GraphiQL:     {graphiql}",
        f"  Supergraph:   {supergraph} (composed from the subgraphs just now)",
        f"  Identity provider: {idp_url}",
        "",
        f"Demo citizen (fictitious CPR): {DEMO_CITIZEN.cpr} — cases in all four sectors.",
        "Try in GraphiQL:",
        f'  {{ borger(cpr: "{DEMO_CITIZEN.cpr}") {{ navn sager {{ sektor kle titel',
        "      indsatser { titel } } tidslinje { sektor tidslinjeTid tidslinjeTekst } } }",
        "",
        "Authorization is on: every request needs a bearer token. Get one for a persona",
        "(jobcenter, socialraadgiver, ungevejleder, sygeplejerske, hoi-koordinator, revisor,",
        "borger) with  helhed token jobcenter  and put it in GraphiQL's Headers tab as",
        '  {"Authorization": "Bearer <token>"}',
        f"Samtykke and the audit log are kept in {database}.",
        "Ctrl-C stops everything.",
        "",
    ])


async def run_demo(options: DemoOptions, announce: Callable[[str], None]) -> None:
    """Start everything, print where it is, and run until interrupted."""
    options.state_dir.mkdir(parents=True, exist_ok=True)
    gateway_sock = bind_socket("127.0.0.1", options.port)
    async with contextlib.AsyncExitStack() as stack:
        idp = await stack.enter_async_context(serve_idp(port=options.idp_port))
        identity = IdentityConfig(issuer=idp.url, audience=DEFAULT_AUDIENCE,
                                  jwks_url=idp.jwks_url)
        running = await stack.enter_async_context(run_stack(
            size=options.size, identity=identity, database_url=options.database_url,
            hoi_index_interval=DEMO_INDEX_INTERVAL))
        specs = [(name, running.subgraph_urls[name]) for name in SUBGRAPH_NAMES]
        sources = await fetch_subgraph_sources(specs)
        supergraph = options.state_dir / "supergraph.graphql"
        supergraph.write_text(compose_supergraph(sources), encoding="utf-8")
        settings = Settings(supergraph=str(supergraph), port=options.port, dev_mode=True,
                            auth_issuer=idp.url, database_url=options.database_url)
        server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning",
                                               access_log=False))
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        task = asyncio.create_task(server.serve(sockets=[gateway_sock]))
        while not server.started and not task.done():
            await asyncio.sleep(0.05)
        if task.done():
            task.result()
            return
        announce(_banner(f"http://127.0.0.1:{options.port}/graphql", idp.url, supergraph,
                         redacted_url(options.database_url)))
        await stop.wait()
        server.should_exit = True
        await task

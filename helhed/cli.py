"""The ``helhed`` command line: ``demo`` and ``token``."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import click

from helhed.demo import DemoOptions, run_demo
from mocks.idp.client import fetch_persona_token

__all__ = ["main"]

DEFAULT_IDP_PORT = 4099
"""Where ``helhed demo`` serves the identity provider, so ``helhed token`` can find it."""

EXIT_FAILURE = 1


@click.group()
def main() -> None:
    """Helhed: one GraphQL graph over the municipality's sector systems."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")


@main.command()
@click.option("--port", default=4000, show_default=True, help="Gateway port (GraphiQL there).")
@click.option("--idp-port", default=DEFAULT_IDP_PORT, show_default=True,
              help="Identity provider port.")
@click.option("--size", default=1000, show_default=True, help="Synthetic citizens.")
@click.option("--state-dir", default=".helhed", show_default=True, type=click.Path(path_type=Path),
              help="Where the composed supergraph and local state go.")
@click.option("--database-url", envvar="GATEWAY_DATABASE_URL", default=None,
              help="Samtykker and adgangslog: sqlite:///PATH or postgresql://... "
                   "[default: a SQLite file in the state directory]")
def demo(port: int, idp_port: int, size: int, state_dir: Path,
         database_url: str | None) -> None:
    """Start mocks, identity provider, subgraphs and the gateway on loopback."""
    options = DemoOptions(port=port, idp_port=idp_port, size=size, state_dir=state_dir,
                          database_url=database_url)
    try:
        asyncio.run(run_demo(options, lambda text: click.echo(text)))
    except OSError as exc:
        click.echo(f"helhed: cannot start the demo: {exc}", err=True)
        sys.exit(EXIT_FAILURE)


@main.command()
@click.argument("persona")
@click.option("--idp-url", default=f"http://127.0.0.1:{DEFAULT_IDP_PORT}", show_default=True,
              help="The running demo's identity provider.")
def token(persona: str, idp_url: str) -> None:
    """Print a signed token for PERSONA, alone on stdout (the GraphiQL hint goes to stderr),
    so that ``TOKEN=$(helhed token jobcenter)`` works."""
    try:
        value = asyncio.run(fetch_persona_token(idp_url, persona))
    except Exception as exc:  # noqa: BLE001 - the client's errors are all user-facing
        click.echo(f"helhed: no token for {persona!r}: {exc}", err=True)
        sys.exit(EXIT_FAILURE)
    click.echo("Authorization header for GraphiQL: {\"Authorization\": \"Bearer <token>\"}",
               err=True)
    click.echo(value)

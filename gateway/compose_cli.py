"""The ``compose`` command: build a supergraph SDL from running (or on-disk) subgraphs.

Registered in :mod:`gateway.cli` by the lead. Exit codes: 0 on success, 1 when composition
fails (each problem on its own stderr line), 2 when a subgraph cannot be reached or answers
with something other than its SDL (also for unusable command-line input).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import click

from gateway.errors import SubgraphError
from gateway.supergraph.compose import (
    CompositionError,
    SubgraphSource,
    compose_supergraph,
    fetch_subgraph_sources,
)

__all__ = ["compose", "EXIT_COMPOSED", "EXIT_COMPOSITION_FAILED", "EXIT_SUBGRAPH_UNREACHABLE"]

EXIT_COMPOSED = 0
EXIT_COMPOSITION_FAILED = 1
EXIT_SUBGRAPH_UNREACHABLE = 2


def _parse_subgraph_option(value: str) -> tuple[str, str]:
    name, separator, url = value.partition("=")
    if not separator or not name or not url:
        raise click.BadParameter(f"expected NAME=URL, got {value!r}", param_hint="--subgraph")
    return name, url


def _read_config(path: Path) -> list[dict[str, Any]]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise click.BadParameter(f"cannot read {path}: {error}", param_hint="--config") from error
    if not isinstance(entries, list):
        raise click.BadParameter(f"{path}: expected a JSON list of subgraphs",
                                 param_hint="--config")
    for index, entry in enumerate(entries):
        if not (isinstance(entry, dict) and isinstance(entry.get("name"), str)
                and isinstance(entry.get("url"), str)):
            raise click.BadParameter(
                f'{path}: entry {index} needs string "name" and "url"', param_hint="--config")
    return entries


def _sources_from_config(path: Path, timeout: float) -> list[SubgraphSource]:
    entries = _read_config(path)
    local: dict[str, SubgraphSource] = {}
    remote: list[tuple[str, str]] = []
    for entry in entries:
        sdl_file = entry.get("sdl_file")
        if sdl_file is None:
            remote.append((entry["name"], entry["url"]))
            continue
        sdl_path = (path.parent / str(sdl_file))
        try:
            sdl = sdl_path.read_text(encoding="utf-8")
        except OSError as error:
            raise click.BadParameter(f"cannot read {sdl_path}: {error}",
                                     param_hint="--config") from error
        local[entry["name"]] = SubgraphSource(entry["name"], entry["url"], sdl)
    fetched = {s.name: s for s in asyncio.run(fetch_subgraph_sources(remote, timeout=timeout))}
    return [local.get(e["name"]) or fetched[e["name"]] for e in entries]


@click.command("compose")
@click.option("--subgraph", "subgraphs", multiple=True, metavar="NAME=URL",
              help="A subgraph to ask for its SDL (repeatable).")
@click.option("--config", "config", type=click.Path(dir_okay=False, path_type=Path),
              help='JSON list of {"name", "url", "sdl_file"?}; sdl_file is read instead of '
                   "asking the subgraph (relative to the config file).")
@click.option("--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the supergraph here instead of stdout.")
@click.option("--timeout", default=10.0, show_default=True,
              help="Seconds to wait for each subgraph.")
def compose(subgraphs: tuple[str, ...], config: Path | None, output: Path | None,
            timeout: float) -> None:
    """Compose a supergraph from federation subgraphs, as Apollo's composition does."""
    if bool(subgraphs) == bool(config):
        raise click.UsageError("give either --subgraph NAME=URL (repeatable) or --config FILE")
    try:
        if config is not None:
            sources = _sources_from_config(config, timeout)
        else:
            specs = [_parse_subgraph_option(value) for value in subgraphs]
            sources = asyncio.run(fetch_subgraph_sources(specs, timeout=timeout))
    except SubgraphError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(EXIT_SUBGRAPH_UNREACHABLE) from error
    try:
        supergraph = compose_supergraph(sources)
    except CompositionError as error:
        click.echo(f"composition failed with {len(error.issues)} error(s):", err=True)
        for issue in error.issues:
            click.echo(f"  [{issue.code}] {issue}", err=True)
        raise SystemExit(EXIT_COMPOSITION_FAILED) from error
    if output is None:
        click.echo(supergraph)
    else:
        output.write_text(supergraph + "\n", encoding="utf-8")

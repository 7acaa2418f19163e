"""SDL snapshots of the six subgraphs and the supergraph composed from them.

``python -m subgraphs.snapshots`` rewrites ``subgraphs/<name>/schema.graphql`` from the
printed schemas (the same text ``_service { sdl }`` returns) and, with ``--compose``,
``subgraphs/supergraph.graphql`` through the gateway's composer. Tests compare the files with
fresh prints and fail when they differ (``UPDATE_SNAPSHOTS=1`` makes the tests rewrite them).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from pathlib import Path

from strawberry.federation import Schema

__all__ = ["SUBGRAPH_NAMES", "SUPERGRAPH_PATH", "placeholder_url", "print_sdl", "snapshot_path",
           "write_snapshots"]

SUBGRAPH_NAMES = ("hoi", "beskaeftigelse", "social", "uddannelse", "sundhed", "adgang")
SUPERGRAPH_PATH = Path(__file__).resolve().parent / "supergraph.graphql"


def _schema(name: str) -> Schema:
    schema: Schema = importlib.import_module(f"subgraphs.{name}.schema").schema
    return schema


def print_sdl(name: str) -> str:
    """The subgraph's SDL as Strawberry prints it (ending in one newline)."""
    return _schema(name).as_str().rstrip("\n") + "\n"


def snapshot_path(name: str) -> Path:
    """Where the subgraph's SDL snapshot lives."""
    return Path(__file__).resolve().parent / name / "schema.graphql"


def placeholder_url(name: str) -> str:
    """The ``@join__graph(url:)`` in the checked-in supergraph (the gateway overrides it)."""
    return f"http://127.0.0.1/{name}/graphql"


def compose() -> str:
    """The supergraph composed by the gateway's composer from the printed SDLs."""
    from gateway.supergraph.compose.compose import compose_supergraph
    from gateway.supergraph.compose.source import SubgraphSource

    return compose_supergraph([SubgraphSource(name=name, url=placeholder_url(name),
                                              sdl=print_sdl(name)) for name in SUBGRAPH_NAMES])


def write_snapshots(*, supergraph: bool = False) -> list[Path]:
    """Rewrite every snapshot (and the supergraph if asked); the paths written."""
    written = []
    for name in SUBGRAPH_NAMES:
        path = snapshot_path(name)
        path.write_text(print_sdl(name), encoding="utf-8")
        written.append(path)
    if supergraph:
        SUPERGRAPH_PATH.write_text(compose().rstrip("\n") + "\n", encoding="utf-8")
        written.append(SUPERGRAPH_PATH)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m subgraphs.snapshots [--compose]``."""
    parser = argparse.ArgumentParser(prog="python -m subgraphs.snapshots")
    parser.add_argument("--compose", action="store_true", help="also write supergraph.graphql")
    args = parser.parse_args(argv)
    for path in write_snapshots(supergraph=args.compose):
        print(path)


if __name__ == "__main__":
    main()

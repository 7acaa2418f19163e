"""The input of composition: one subgraph's name, URL and SDL."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SubgraphSource"]


@dataclass(frozen=True, slots=True)
class SubgraphSource:
    """A subgraph as composition sees it."""

    name: str
    """The subgraph name; it becomes ``@join__graph(name:)``."""
    url: str
    """Where the gateway sends this subgraph's requests (``@join__graph(url:)``)."""
    sdl: str
    """The subgraph schema as ``_service { sdl }`` returns it."""

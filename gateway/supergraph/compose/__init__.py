"""Supergraph composition: build a supergraph SDL from federation subgraphs.

``compose_supergraph`` follows Apollo's reference composition (``@apollo/composition``) for
the federation 2 features Helhed's subgraphs use; ``fetch_subgraph_sources`` asks running
subgraphs for their SDL (``_service { sdl }``).
"""

from __future__ import annotations

from .compose import compose_supergraph
from .errors import CompositionError, CompositionIssue
from .fetch import fetch_subgraph_sources
from .source import SubgraphSource

__all__ = [
    "CompositionError",
    "CompositionIssue",
    "SubgraphSource",
    "compose_supergraph",
    "fetch_subgraph_sources",
]

"""Per-request DataLoaders of the beskaeftigelse subgraph (DFDG + person register)."""

from __future__ import annotations

import aiohttp

from subgraphs.beskaeftigelse.build import BeskaeftigelsesView, build_view
from subgraphs.beskaeftigelse.client import API
from subgraphs.common.loaders import SectorLoaders
from subgraphs.common.sector import sector_loaders

__all__ = ["create_loaders"]


def create_loaders(session: aiohttp.ClientSession, *, mock_url: str,
                   person_url: str) -> SectorLoaders[BeskaeftigelsesView]:
    """New loaders for one request; never shared between requests."""
    return sector_loaders(session, API, build_view, mock_url=mock_url, person_url=person_url)

"""The systems the hoi subgraph reads: the person register and the four sector systems.

hoi is the cross-sector index (as SAPA is over the national indexes): it reads each sector
system directly, with the sector subgraphs' own clients and builders, so the ids and dates
it orders by are exactly the ones the sector subgraphs serve.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiohttp

from subgraphs.beskaeftigelse import build as beskaeftigelse_build
from subgraphs.beskaeftigelse.client import API as BESKAEFTIGELSE
from subgraphs.common.client import PersonClient, SectorApi, SectorClient
from subgraphs.social import build as social_build
from subgraphs.social.client import API as SOCIAL
from subgraphs.sundhed import build as sundhed_build
from subgraphs.sundhed.client import API as SUNDHED
from subgraphs.uddannelse import build as uddannelse_build
from subgraphs.uddannelse.client import API as UDDANNELSE

__all__ = ["SECTORS", "SECTOR_NAMES", "HoiClients", "SectorSource"]


@dataclass(frozen=True, slots=True)
class SectorSource:
    """One sector system as hoi reads it: its API and the sector subgraph's builder."""

    name: str
    api: SectorApi
    build: Callable[[dict[str, Any], datetime], Any]


SECTORS = (
    SectorSource("beskaeftigelse", BESKAEFTIGELSE, beskaeftigelse_build.build_view),
    SectorSource("social", SOCIAL, social_build.build_view),
    SectorSource("uddannelse", UDDANNELSE, uddannelse_build.build_view),
    SectorSource("sundhed", SUNDHED, sundhed_build.build_view),
)
"""The sector systems, in the fixed sector order."""

SECTOR_NAMES = tuple(source.name for source in SECTORS)


@dataclass(frozen=True, slots=True)
class HoiClients:
    """Clients for one request (they share the process-wide aiohttp session)."""

    persons: PersonClient
    sectors: Mapping[str, SectorClient]

    @classmethod
    def create(cls, session: aiohttp.ClientSession, person_url: str,
               sector_urls: Mapping[str, str]) -> HoiClients:
        """Clients for the person register and every sector system in ``sector_urls``."""
        sectors = {s.name: SectorClient(session, sector_urls[s.name], s.api)
                   for s in SECTORS if s.name in sector_urls}
        return cls(persons=PersonClient(session, person_url), sectors=sectors)

"""The hoi subgraph's ASGI app: the person register plus the four sector systems behind it."""

from __future__ import annotations

from collections.abc import Mapping

import aiohttp
from starlette.applications import Starlette

from subgraphs.common.app import SubgraphSettings, create_subgraph_app
from subgraphs.hoi.client import HoiClients
from subgraphs.hoi.loaders import HoiContext, HoiLoaders
from subgraphs.hoi.schema import schema

__all__ = ["create_app"]


def create_app(*, mock_url: str, sector_urls: Mapping[str, str],
               settings: SubgraphSettings | None = None) -> Starlette:
    """The hoi subgraph; ``mock_url`` is the person register, ``sector_urls`` the sectors."""
    urls = dict(sector_urls)

    def make_context(session: aiohttp.ClientSession) -> HoiContext:
        return HoiContext(loaders=HoiLoaders(HoiClients.create(session, mock_url, urls)))

    return create_subgraph_app(schema, make_context, settings or SubgraphSettings(name="hoi"))

"""The sundhed subgraph's ASGI app (aftaleoversigt / EOJ behind it)."""

from __future__ import annotations

from functools import partial

from starlette.applications import Starlette

from subgraphs.common.app import SubgraphSettings
from subgraphs.common.sector import create_sector_app
from subgraphs.sundhed.loaders import create_loaders
from subgraphs.sundhed.schema import schema

__all__ = ["create_app"]


def create_app(*, mock_url: str, person_url: str,
               settings: SubgraphSettings | None = None) -> Starlette:
    """The sundhed subgraph calling the health mock at ``mock_url``."""
    loaders = partial(create_loaders, mock_url=mock_url, person_url=person_url)
    return create_sector_app(schema, loaders, settings or SubgraphSettings(name="sundhed"))

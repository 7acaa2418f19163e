"""The beskaeftigelse subgraph's ASGI app (DFDG / Min Plan behind it)."""

from __future__ import annotations

from functools import partial

from starlette.applications import Starlette

from subgraphs.beskaeftigelse.loaders import create_loaders
from subgraphs.beskaeftigelse.schema import schema
from subgraphs.common.app import SubgraphSettings
from subgraphs.common.sector import create_sector_app

__all__ = ["create_app"]


def create_app(*, mock_url: str, person_url: str,
               settings: SubgraphSettings | None = None) -> Starlette:
    """The beskaeftigelse subgraph calling the DFDG mock at ``mock_url``."""
    loaders = partial(create_loaders, mock_url=mock_url, person_url=person_url)
    return create_sector_app(schema, loaders, settings or SubgraphSettings(name="beskaeftigelse"))

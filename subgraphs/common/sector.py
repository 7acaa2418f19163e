"""What the four sector subgraphs share: the request context, entity look-ups, app + CLI.

Every sector subgraph has the same shape: a ``Borger`` entity keyed by ``id`` with the
sector's own fields, object entities keyed by ``id`` resolved through the per-request
``object_by_id`` loader, and a source system reached with batch lookups.
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import aiohttp
import uvicorn
from starlette.applications import Starlette
from strawberry.federation import Schema
from strawberry.types import Info

from subgraphs.common.app import SubgraphSettings, create_subgraph_app
from subgraphs.common.client import PersonClient, SectorApi, SectorClient
from subgraphs.common.loaders import Builder, SectorLoaders

__all__ = [
    "SectorContext",
    "create_sector_app",
    "owner_id",
    "resolve_object",
    "run_sector_cli",
    "sector_loaders",
    "view_for",
]

T = TypeVar("T")


@dataclass(slots=True)
class SectorContext:
    """The per-request context of a sector subgraph (new loaders each request)."""

    loaders: SectorLoaders[Any]


async def view_for(info: Info[SectorContext, None], borger_id: uuid.UUID) -> Any:
    """The sector's view of a citizen (``None`` if the system does not know them)."""
    return await info.context.loaders.view_for_borger(str(borger_id))


async def resolve_object(cls: type[T], info: Info[SectorContext, None], object_id: Any) -> T | None:
    """Entity resolution: the object with this id if it exists and is a ``cls``."""
    found = await info.context.loaders.object_by_id.load(str(object_id))
    return found if isinstance(found, cls) else None


async def owner_id(info: Info[SectorContext, None], cpr: str) -> uuid.UUID | None:
    """The person id of the citizen with this CPR (through the person register)."""
    person_id = await info.context.loaders.person_id_by_cpr.load(cpr)
    return None if person_id is None else uuid.UUID(person_id)


def sector_loaders(session: aiohttp.ClientSession, api: SectorApi, build: Builder[Any], *,
                   mock_url: str, person_url: str) -> SectorLoaders[Any]:
    """Fresh loaders for one request against ``api`` at ``mock_url``."""
    return SectorLoaders(SectorClient(session, mock_url, api), PersonClient(session, person_url),
                         build)


def create_sector_app(schema: Schema,
                      make_loaders: Callable[[aiohttp.ClientSession], SectorLoaders[Any]],
                      settings: SubgraphSettings) -> Starlette:
    """The ASGI app of a sector subgraph; ``make_loaders`` runs once per request."""

    def make_context(session: aiohttp.ClientSession) -> SectorContext:
        return SectorContext(loaders=make_loaders(session))

    return create_subgraph_app(schema, make_context, settings)


def run_sector_cli(name: str, create_app: Callable[..., Starlette],
                   argv: Sequence[str] | None = None) -> None:
    """``python -m subgraphs.<name> --port N --mock-url URL --person-url URL``."""
    parser = argparse.ArgumentParser(prog=f"python -m subgraphs.{name}")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--mock-url", required=True, help="the sector system's base URL")
    parser.add_argument("--person-url", required=True, help="the person register's base URL")
    parser.add_argument("--timeout", type=float, default=5.0)
    args = parser.parse_args(argv)
    app = create_app(mock_url=args.mock_url, person_url=args.person_url,
                     settings=SubgraphSettings(name=name, timeout=args.timeout))
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")

"""Fixtures for the målgruppe index tests: a database of each kind, an HTTP session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from authz.store.engine import Database
from subgraphs.hoi.index.database import open_index_database
from tests.support.databases import postgres_schema_url, sqlite_url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database of each kind."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path, "index.db")
    else:
        with postgres_schema_url() as url:
            yield url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """The migrated index database; closed after the test."""
    opened = await open_index_database(database_url)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A client session for the sync's and the test's requests."""
    async with aiohttp.ClientSession() as opened:
        yield opened

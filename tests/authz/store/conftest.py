"""Every store test runs against SQLite (a temporary file) and PostgreSQL (a fresh schema)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from authz.store import Store
from tests.support.databases import postgres_schema_url, sqlite_url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database of each kind."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
    else:
        with postgres_schema_url() as url:
            yield url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL of an empty PostgreSQL schema (for PostgreSQL-only behaviour)."""
    with postgres_schema_url() as url:
        yield url


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    """An open, migrated store; closed after the test."""
    opened = await Store.open(database_url)
    try:
        yield opened
    finally:
        await opened.close()

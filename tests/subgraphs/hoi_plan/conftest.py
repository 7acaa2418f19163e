"""Fixtures for the HOI state: each store test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from subgraphs.hoi.plan_state import HoiStore
from tests.subgraphs.hoi_plan.samples import Clock
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
def clock() -> Clock:
    """A settable clock, starting now."""
    return Clock()


@pytest.fixture
async def hoi(database_url: str, clock: Clock) -> AsyncIterator[HoiStore]:
    """An open, migrated HOI store (with the samtykke registry) on a settable clock."""
    opened = await HoiStore.open(database_url, clock=clock)
    try:
        yield opened
    finally:
        await opened.close()

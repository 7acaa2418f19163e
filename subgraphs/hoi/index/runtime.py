"""The open index inside a process: its database, the search, and the optional background sync.

Where the sync runs: in the hoi subgraph process when it is started with a sync interval
(``--index-interval``; :func:`open_index` starts a task that syncs every N seconds), and/or
as its own process (``python -m subgraphs.hoi.index sync --follow``). Several of them may run
against one database at once: each page is applied once (compare-and-set on the feed cursor),
so running the sync in every hoi replica is safe, merely redundant. Unit tests leave it off
and sync explicitly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import aiohttp

from authz.principal import Medarbejder
from authz.store.engine import Database
from subgraphs.hoi.index.access import visible_key_ids
from subgraphs.hoi.index.criteria import Criteria, Preset, load_preset
from subgraphs.hoi.index.database import open_index_database, read_keys
from subgraphs.hoi.index.model import AccessKey
from subgraphs.hoi.index.search import Page, count_matches, find_page
from subgraphs.hoi.index.sync import MAX_PAGE_SIZE, IndexSync

__all__ = ["IndexSettings", "MaalgruppeIndex", "open_index"]

logger = logging.getLogger(__name__)


def _today() -> date:
    return datetime.now(UTC).date()


@dataclass(frozen=True, slots=True)
class IndexSettings:
    """How the hoi subgraph runs its målgruppe index."""

    database_url: str
    """The shared database (the one holding samtykker and the adgangslog)."""
    sync_interval: float | None = None
    """Seconds between background syncs in this process; None: no background sync."""
    preset_path: Path | None = None
    """The skal-målgruppe configuration (default: the file shipped with the code)."""
    page_size: int = MAX_PAGE_SIZE
    """Feed page size for the sync."""


class MaalgruppeIndex:
    """The searchable index: the caller's visible keys, then pages and counts in SQL."""

    def __init__(self, database: Database, preset: Preset, *,
                 today: Callable[[], date] = _today) -> None:
        self.database = database
        self.preset = preset
        self.today = today

    async def visible(self, worker: Medarbejder) -> dict[int, AccessKey]:
        """The access keys whose rows ``worker`` may see and count, by id."""
        async with self.database.read() as connection:
            keys = dict(await read_keys(connection))
        return {key_id: keys[key_id] for key_id in visible_key_ids(worker, keys.items())}

    async def page(self, criteria: Criteria, visible: Mapping[int, AccessKey], *, first: int,
                   after: int | None) -> Page:
        """One page of matching citizens."""
        async with self.database.read() as connection:
            return await find_page(connection, criteria, visible, today=self.today(),
                                   first=first, after=after)

    async def count(self, criteria: Criteria, visible: Mapping[int, AccessKey]) -> int:
        """How many citizens match."""
        async with self.database.read() as connection:
            return await count_matches(connection, criteria, visible, today=self.today())


async def _sync_forever(sync: IndexSync, interval: float) -> None:
    while True:
        try:
            results = await sync.sync()
            logger.info("hoi index synced: %s", ", ".join(
                f"{r.kilde} {r.borgere} borgere{' (' + r.fejl + ')' if r.fejl else ''}"
                for r in results))
        except Exception as error:  # noqa: BLE001 - keep syncing; the cause type is logged
            logger.warning("hoi index sync failed (%s)", type(error).__name__)
        await asyncio.sleep(interval)


@contextlib.asynccontextmanager
async def open_index(settings: IndexSettings, session: aiohttp.ClientSession, *,
                     person_url: str, sector_urls: Mapping[str, str],
                     ) -> AsyncIterator[MaalgruppeIndex]:
    """Open the database (migrating it) and, if configured, run the background sync."""
    preset = load_preset(settings.preset_path)
    database = await open_index_database(settings.database_url)
    task: asyncio.Task[None] | None = None
    try:
        if settings.sync_interval is not None:
            sync = IndexSync(database, session, person_url=person_url, sector_urls=sector_urls,
                             page_size=settings.page_size, preset=preset)
            task = asyncio.create_task(_sync_forever(sync, settings.sync_interval))
        yield MaalgruppeIndex(database, preset)
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await database.close()

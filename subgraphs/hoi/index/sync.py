"""Keep the index current from the sector systems' change feeds (full sync, then incremental).

Per source, one page at a time: read the cursor, read a feed page, look the listed citizens
up in the person register (internal id, birth date) and in the source (their record, built
into metadata rows), then apply the rows and step the cursor in one transaction. A failure
anywhere leaves the cursor at the last applied page, so the next run resumes there; the
four sources run side by side and one failing does not stop the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp
from sqlalchemy import text

from authz.store.engine import Database
from authz.store.errors import StoreUnavailable
from subgraphs.common.build import parse_date
from subgraphs.common.client import PersonClient, SectorClient, SourceUnavailable
from subgraphs.hoi.client import SECTORS, SectorSource
from subgraphs.hoi.index.criteria import Preset
from subgraphs.hoi.index.cursor import CursorMoved, load_cursor, reset_cursor, store_cursor
from subgraphs.hoi.index.extract import rows_of
from subgraphs.hoi.index.feed import FeedPage, read_feed_page
from subgraphs.hoi.index.historik import Vurdering, evaluate
from subgraphs.hoi.index.tables import borger, objekt
from subgraphs.hoi.index.writer import CitizenRows, write_page

__all__ = ["ANALYZE_AFTER_ROWS", "MAX_PAGE_SIZE", "STORE_RETRIES", "IndexSync",
           "SourceResult"]

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 500
"""The feed's largest page (and well inside the lookups' batch limit)."""
ANALYZE_AFTER_ROWS = 5000
"""Rows written by one run after which the planner statistics are refreshed."""
STORE_RETRIES = 3
"""Times a page whose database transaction failed is tried again before the run stops."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class SourceResult:
    """What one run did for one source."""

    kilde: str
    sider: int = 0
    """Pages applied."""
    borgere: int = 0
    """Citizens whose rows were replaced."""
    raekker: int = 0
    """Metadata rows written."""
    fuldfoert: bool = False
    """True when the run reached the end of the feed (a pass completed)."""
    fejl: str | None = None
    """Why it stopped early (a CPR-free message), if it did."""


class IndexSync:
    """Synchronises the index from the person register and the four sector systems."""

    def __init__(self, database: Database, session: aiohttp.ClientSession, *,
                 person_url: str, sector_urls: Mapping[str, str],
                 page_size: int = MAX_PAGE_SIZE, retry_delay: float = 0.5,
                 clock: Callable[[], datetime] = _utc_now,
                 preset: Preset | None = None) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page size must be 1..{MAX_PAGE_SIZE}")
        self._database = database
        self._session = session
        self._urls = dict(sector_urls)
        self._sources = {s.name: s for s in SECTORS if s.name in sector_urls}
        self._clients = {name: SectorClient(session, self._urls[name], s.api)
                         for name, s in self._sources.items()}
        self._persons = PersonClient(session, person_url)
        self._page_size = page_size
        self._retry_delay = retry_delay
        self._clock = clock
        self._preset = preset
        self.vurdering: Vurdering | None = None
        """The latest membership evaluation of this sync (None before one, or without a
        preset)."""

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources this sync reads, in sector order."""
        return tuple(self._sources)

    async def sync(self, *, max_pages: int | None = None) -> list[SourceResult]:
        """Bring every source up to date (or apply at most ``max_pages`` pages each).

        After a run that wrote many rows (the initial sync, a full resync) the database's
        planner statistics are refreshed, so the search's plans fit the data at once. With a
        ``preset`` the target-group membership of the citizens touched is then evaluated
        and its history appended (:mod:`subgraphs.hoi.index.historik`).
        """
        results = list(await asyncio.gather(*(self.sync_source(name, max_pages=max_pages)
                                              for name in self._sources)))
        if sum(result.raekker for result in results) >= ANALYZE_AFTER_ROWS:
            try:
                async with self._database.write() as connection:
                    await connection.execute(text(f"ANALYZE {objekt.name}"))
                    await connection.execute(text(f"ANALYZE {borger.name}"))
            except StoreUnavailable:
                logger.warning("hoi index: refreshing planner statistics failed")
        if self._preset is not None:
            try:
                self.vurdering = await evaluate(self._database, self._preset, self._clock)
            except StoreUnavailable:  # the watermark stays: the next run evaluates them
                logger.warning("hoi index: evaluating target-group membership failed")
        return results

    async def reset(self) -> None:
        """Make the next sync a full one (every source read from the beginning)."""
        async with self._database.write() as connection:
            for name in self._sources:
                await reset_cursor(connection, name, self._clock())

    async def sync_source(self, name: str, *, max_pages: int | None = None) -> SourceResult:
        """Apply ``name``'s feed pages until its end (or ``max_pages``); never raises."""
        result = SourceResult(kilde=name)
        retries = 0
        try:
            while max_pages is None or result.sider < max_pages:
                try:
                    if await self._step(name, result):
                        result.fuldfoert = True
                        break
                    retries = 0
                except StoreUnavailable:
                    # Mostly a busy SQLite (another writer held the lock past its busy
                    # timeout): the page is applied once or not at all, so try it again.
                    if retries >= STORE_RETRIES:
                        raise
                    retries += 1
                    await asyncio.sleep(self._retry_delay * 2 ** retries)
        except (SourceUnavailable, StoreUnavailable) as error:
            result.fejl = str(error)
            cause = type(error.__cause__).__name__ if error.__cause__ else "-"
            logger.warning("hoi index: sync of %s stopped after %d pages: %s (cause: %s)",
                           name, result.sider, error, cause)
        return result

    async def _step(self, name: str, result: SourceResult) -> bool:
        """Apply one page; True when it was the feed's last."""
        async with self._database.write() as connection:
            cursor = await load_cursor(connection, name, self._clock())
        page = await read_feed_page(self._session, self._urls[name], name, siden=cursor.siden,
                                    efter=cursor.efter, antal=self._page_size)
        citizens = await self._citizens(self._sources[name], page)
        seen = max((entry.sidst_aendret for entry in page.entries), default=None)
        now = self._clock()
        try:
            async with self._database.write() as connection:
                await store_cursor(connection, cursor, cursor.advanced(page.naeste, seen, now),
                                   now)
                result.raekker += await write_page(connection, name, citizens, now)
        except CursorMoved:
            return False  # another process applied this page: continue from its cursor
        result.sider += 1
        result.borgere += len(citizens)
        return page.naeste is None

    async def _citizens(self, source: SectorSource, page: FeedPage) -> list[CitizenRows]:
        cprs = list(dict.fromkeys(entry.cpr for entry in page.entries))
        if not cprs:
            return []
        client = self._clients[source.name]
        people, records = await asyncio.gather(self._persons.by_cprs(cprs),
                                               client.by_cprs(cprs))
        hentet = self._clock()
        found: dict[str, CitizenRows] = {}
        for cpr in cprs:
            person = people.get(cpr)
            if person is None:
                continue  # unknown to the person register: nothing to index it under
            citizen = self._citizen(source, person, records.get(cpr), hentet, client)
            found[citizen.borger_id] = citizen
        return list(found.values())

    @staticmethod
    def _citizen(source: SectorSource, person: dict[str, Any], record: dict[str, Any] | None,
                 hentet: datetime, client: SectorClient) -> CitizenRows:
        try:
            borger_id = str(person["personId"])
            born = parse_date(person.get("foedselsdato"))
        except (KeyError, TypeError, ValueError) as error:
            raise SourceUnavailable("CPR", None, "unexpected person shape") from error
        if record is None:
            return CitizenRows(borger_id=borger_id, foedselsdato=born, rows=())
        try:
            rows = rows_of(source.name, record, source.build(record, hentet), hentet)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise client.unavailable("unexpected record shape") from error
        return CitizenRows(borger_id=borger_id, foedselsdato=born, rows=rows)

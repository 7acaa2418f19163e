"""The HOI state in the shared database: cases (``.sager``), plans (``.planer``), write-back.

::

    hoi = await HoiStore.open("sqlite:///./helhed.db")     # or postgresql://...
    try:
        sag = await hoi.sager.opret(NySag(...), actor)
        await hoi.planer.aendr(sag.plan_id, 1, TilfoejMaal(...), actor)
    finally:
        await hoi.close()

``open`` opens an :class:`authz.store.Store` on the same URL (the samtykke registry, whose
migrations it runs) and applies the HOI migrations (versions 100–199) after them. A process
that already has a ``Store`` uses :meth:`HoiStore.attach` (or just :func:`ensure_schema`).
"""

from __future__ import annotations

import logging
from types import TracebackType

from authz.store import DEFAULT_DATABASE_URL, Store
from authz.store.engine import Database, redacted_url
from authz.store.registry import Clock, utc_now
from subgraphs.hoi.plan_state.migrations import migrate
from subgraphs.hoi.plan_state.outbox import WritebackQueue
from subgraphs.hoi.plan_state.plans import PlanRegistry
from subgraphs.hoi.plan_state.sager import SagRegistry
from subgraphs.hoi.plan_state.settings import DEFAULT_SETTINGS, HoiSettings
from subgraphs.hoi.plan_state.tilbud import TilbudRegistry

__all__ = ["HoiStore", "ensure_schema"]

logger = logging.getLogger(__name__)


async def ensure_schema(database: Database) -> list[int]:
    """Apply every missing authz and HOI migration (safe with several processes at once)."""
    async with database.write() as connection:
        return await migrate(connection)


class HoiStore:
    """The HOI registries over one open authz :class:`Store` (same database)."""

    def __init__(self, store: Store, *, settings: HoiSettings = DEFAULT_SETTINGS,
                 clock: Clock = utc_now, owns_store: bool = False) -> None:
        self.store = store
        self.database = store.database
        self.settings = settings
        self.sager = SagRegistry(store.database, store.samtykker, settings, clock)
        self.planer = PlanRegistry(store.database, self.sager, settings, clock)
        self.tilbageskrivninger = WritebackQueue(store.database, clock)
        self.tilbud = TilbudRegistry(store.database, clock)
        self._owns_store = owns_store

    @classmethod
    async def open(cls, url: str = DEFAULT_DATABASE_URL, *,
                   settings: HoiSettings = DEFAULT_SETTINGS, clock: Clock = utc_now,
                   transaction_timeout: float = 5.0) -> HoiStore:
        """Connect, migrate (authz, then HOI) and return the store; it owns the connection."""
        store = await Store.open(url, transaction_timeout=transaction_timeout, clock=clock)
        try:
            return await cls.attach(store, settings=settings, clock=clock, owns_store=True)
        except BaseException:
            await store.close()
            raise

    @classmethod
    async def attach(cls, store: Store, *, settings: HoiSettings = DEFAULT_SETTINGS,
                     clock: Clock = utc_now, owns_store: bool = False) -> HoiStore:
        """The HOI store over an open authz store (its migrations applied if missing)."""
        applied = await ensure_schema(store.database)
        if applied:
            logger.info("HOI store %s: applied schema migrations %s",
                        redacted_url(str(store.database.url)), applied)
        return cls(store, settings=settings, clock=clock, owns_store=owns_store)

    async def close(self) -> None:
        """Close the database connections (only when :meth:`open` opened them)."""
        if self._owns_store:
            await self.store.close()

    async def __aenter__(self) -> HoiStore:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.close()

"""The Store: one database holding the samtykke registry and the adgangslog.

::

    store = await Store.open("sqlite:///./helhed.db")    # or postgresql://user@host/db
    try:
        active = await store.samtykker.active_for(borger_ids, at=now)
        await store.audit.append(records)
    finally:
        await store.close()

``async with await Store.open(url) as store:`` closes it too. ``open`` creates the engine,
applies the schema migrations (safe when several processes start at once) and fails with
:class:`StoreUnavailable` when the database cannot be reached. Meant for a Starlette lifespan:
open before ``yield``, close after.
"""

from __future__ import annotations

import logging
from types import TracebackType

from authz.store.audit import AuditLog
from authz.store.engine import DEFAULT_DATABASE_URL, Database, redacted_url
from authz.store.migrations import apply_migrations
from authz.store.registry import Clock, SamtykkeRegistry, utc_now

__all__ = ["DEFAULT_DATABASE_URL", "Store"]

logger = logging.getLogger(__name__)


class Store:
    """An open database: ``.samtykker`` (the registry) and ``.audit`` (the adgangslog)."""

    def __init__(self, database: Database, *, clock: Clock = utc_now) -> None:
        self.database = database
        self.samtykker = SamtykkeRegistry(database, clock=clock)
        self.audit = AuditLog(database)

    @classmethod
    async def open(cls, url: str = DEFAULT_DATABASE_URL, *, transaction_timeout: float = 5.0,
                   pool_size: int = 5, clock: Clock = utc_now) -> Store:
        """Connect, migrate and return the store; ValueError for a URL of another kind.

        ``transaction_timeout`` bounds every unit of work, in seconds (the migration at
        start-up gets four times as long: it may wait for another process's migration).
        """
        database = Database(url, timeout=transaction_timeout * 4, pool_size=pool_size)
        try:
            async with database.write() as connection:
                applied = await apply_migrations(connection)
        except BaseException:
            await database.close()
            raise
        database.timeout = transaction_timeout
        if applied:
            logger.info("store %s: applied schema migrations %s", redacted_url(url), applied)
        return cls(database, clock=clock)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.database.dialect

    async def close(self) -> None:
        """Close every connection; later calls raise StoreUnavailable (AuditUnavailable)."""
        await self.database.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.close()

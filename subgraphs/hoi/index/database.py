"""Open the shared database for the målgruppe index (running its migrations), read its keys."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.principal import Foelsomhed
from authz.store.engine import Database, redacted_url
from authz.store.migrations import apply_migrations
from subgraphs.hoi.index.model import AccessKey
from subgraphs.hoi.index.tables import INDEX_VERSIONS, MIGRATIONS, noegle

__all__ = ["open_index_database", "read_keys"]

logger = logging.getLogger(__name__)


async def open_index_database(url: str, *, timeout: float = 10.0,
                              pool_size: int = 5) -> Database:
    """Connect and apply the index's migrations (versions 200–299); the caller closes it.

    Safe when several processes start at once (the migration runner's lock), and alongside
    the other components' migrations in the same database and version table.
    """
    database = Database(url, timeout=timeout * 4, pool_size=pool_size)
    try:
        async with database.write() as connection:
            applied = await apply_migrations(connection, MIGRATIONS, INDEX_VERSIONS)
    except BaseException:
        await database.close()
        raise
    database.timeout = timeout
    if applied:
        logger.info("hoi index %s: applied schema migrations %s", redacted_url(url), applied)
    return database


async def read_keys(connection: AsyncConnection) -> list[tuple[int, AccessKey]]:
    """Every access key with its id."""
    result = await connection.execute(select(
        noegle.c.id, noegle.c.sektor, noegle.c.kommune_cvr, noegle.c.kle,
        noegle.c.foelsomhed, noegle.c.ansvarlig_enhed))
    return [(int(row.id), AccessKey(sektor=row.sektor, kommune_cvr=row.kommune_cvr,
                                    kle=row.kle, foelsomhed=Foelsomhed(int(row.foelsomhed)),
                                    ansvarlig_enhed=row.ansvarlig_enhed))
            for row in result]

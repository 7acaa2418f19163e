"""The change-feed cursor of one source system, advanced by compare-and-set.

A *pass* reads a source's feed from ``siden`` to its end, page by page; ``efter`` is the
feed position of the last page applied, ``hoejeste`` the latest ``sidstAendret`` seen in
the pass. When a pass ends, ``hoejeste`` becomes the next pass's ``siden`` (the first pass
has none: the full initial sync). Every page is applied in the same transaction as the
cursor step, and the step only succeeds if the cursor still has the version the page was
read at (:class:`CursorMoved` otherwise) — so a page is applied once, even with two
syncing processes, and a sync that failed part-way resumes at the last applied page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from subgraphs.hoi.index.tables import kilde

__all__ = ["CursorMoved", "FeedCursor", "dialect_insert", "load_cursor", "reset_cursor",
           "store_cursor"]


class CursorMoved(Exception):
    """Another sync applied a page of this source first; re-read the cursor."""


def dialect_insert(connection: AsyncConnection, table: Any) -> Any:
    """``INSERT`` with ``ON CONFLICT`` support for the connection's database."""
    module = postgresql if connection.dialect.name == "postgresql" else sqlite
    return module.insert(table)


@dataclass(frozen=True, slots=True)
class FeedCursor:
    """Where the index stands in one source's change feed."""

    kilde: str
    version: int
    siden: datetime | None
    """Lower bound (exclusive) of the current pass; None: from the very beginning."""
    efter: int | None
    """Feed position of the last applied page of the current pass; None: pass not begun."""
    hoejeste: datetime | None
    """Latest ``sidstAendret`` seen in the current pass."""
    gennemloeb: int
    """Completed passes."""
    sidst_fuldfoert: datetime | None

    def advanced(self, naeste: int | None, seen: datetime | None, now: datetime) -> FeedCursor:
        """The cursor after applying a page whose feed answer said ``naeste``."""
        hoejeste = max((t for t in (self.hoejeste, seen) if t is not None), default=None)
        if naeste is not None:
            return replace(self, version=self.version + 1, efter=naeste, hoejeste=hoejeste)
        siden = max((t for t in (self.siden, hoejeste) if t is not None), default=None)
        return replace(self, version=self.version + 1, siden=siden, efter=None, hoejeste=None,
                       gennemloeb=self.gennemloeb + 1, sidst_fuldfoert=now)


def _cursor(row: Any) -> FeedCursor:
    return FeedCursor(kilde=row.kilde, version=int(row.version), siden=row.siden,
                      efter=row.efter, hoejeste=row.hoejeste, gennemloeb=int(row.gennemloeb),
                      sidst_fuldfoert=row.sidst_fuldfoert)


async def load_cursor(connection: AsyncConnection, name: str, now: datetime) -> FeedCursor:
    """The source's cursor, created at the start (version 0) if it has none yet."""
    await connection.execute(dialect_insert(connection, kilde).values(
        kilde=name, version=0, siden=None, efter=None, hoejeste=None, gennemloeb=0,
        sidst_fuldfoert=None, opdateret=now).on_conflict_do_nothing(index_elements=["kilde"]))
    row = (await connection.execute(select(kilde).where(kilde.c.kilde == name))).one()
    return _cursor(row)


async def store_cursor(connection: AsyncConnection, old: FeedCursor, new: FeedCursor,
                       now: datetime) -> None:
    """Step the cursor from ``old`` to ``new``; :class:`CursorMoved` if it is not ``old``."""
    result = await connection.execute(
        update(kilde).where(kilde.c.kilde == old.kilde, kilde.c.version == old.version)
        .values(version=new.version, siden=new.siden, efter=new.efter, hoejeste=new.hoejeste,
                gennemloeb=new.gennemloeb, sidst_fuldfoert=new.sidst_fuldfoert, opdateret=now))
    if result.rowcount != 1:
        raise CursorMoved(old.kilde)


async def reset_cursor(connection: AsyncConnection, name: str, now: datetime) -> None:
    """Start the source over from the beginning (a full resync; rows are replaced as read)."""
    current = await load_cursor(connection, name, now)
    await store_cursor(connection, current, replace(
        current, version=current.version + 1, siden=None, efter=None, hoejeste=None), now)

"""The database connection: URL mapping, the async engine, and transactions with a deadline.

One code path for both databases (SQLAlchemy Core 2 over asyncio): ``sqlite:///path`` runs
on ``aiosqlite`` (a file, no server), ``postgresql://...`` on psycopg 3. SQLite connections
get WAL mode (readers never block the writer), a busy timeout and foreign keys; SQLAlchemy,
not the driver, emits ``BEGIN`` so that write transactions can be ``BEGIN IMMEDIATE`` (take
the write lock up front instead of failing on upgrade). Every unit of work runs in a fresh
transaction from the pool: nothing is cached between calls, so another process's commit is
visible to the very next call.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from authz.store.errors import StoreError, StoreUnavailable

__all__ = ["DEFAULT_DATABASE_URL", "Database", "async_url", "redacted_url"]

DEFAULT_DATABASE_URL = "sqlite:///./helhed.db"
"""A SQLite file in the working directory."""

logger = logging.getLogger(__name__)

_DRIVERS = {"sqlite": "sqlite+aiosqlite", "sqlite+aiosqlite": "sqlite+aiosqlite",
            "postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg",
            "postgresql+psycopg": "postgresql+psycopg"}
_WRITE = "helhed_write"
_BUSY_TIMEOUT_MS = 10_000
_CONNECT_TIMEOUT_S = 5


def async_url(url: str) -> URL:
    """``sqlite:///p`` / ``postgresql://...`` as the async driver's URL; ValueError if neither.

    An in-memory SQLite database is refused: each connection would see its own database.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValueError("not a database URL") from None
    driver = _DRIVERS.get(parsed.drivername)
    if driver is None:
        raise ValueError("database URL must start with sqlite:/// or postgresql://")
    if driver.startswith("sqlite") and parsed.database in (None, "", ":memory:"):
        raise ValueError("a SQLite database URL needs a file path")
    return parsed.set(drivername=driver)


def redacted_url(url: str) -> str:
    """The URL without its password, for log lines."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


def _sqlite_hooks(engine: AsyncEngine) -> None:
    """WAL, busy timeout, foreign keys; our own BEGIN (IMMEDIATE for writes)."""

    @event.listens_for(engine.sync_engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's begin hook emits BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode")
        if str(cursor.fetchone()[0]).lower() != "wal":
            try:  # persistent in the file: normally only the very first connection does it
                cursor.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:
                # Another process is switching the new file at this moment and SQLite does
                # not wait for that; locking stays correct either way, and the next
                # connection tries again.
                logger.debug("SQLite journal mode switch deferred (database busy)")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection: Any) -> None:
        write = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _create_engine(url: URL, pool_size: int) -> AsyncEngine:
    codec: dict[str, Any] = {"json_serializer": _json_dumps, "json_deserializer": orjson.loads}
    if url.drivername.startswith("sqlite"):
        engine = create_async_engine(url, pool_size=pool_size, **codec)
        _sqlite_hooks(engine)
        return engine
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = _CONNECT_TIMEOUT_S
    return create_async_engine(url, pool_size=pool_size, max_overflow=pool_size,
                               pool_pre_ping=True, connect_args=connect_args, **codec)


class Database:
    """The engine plus the two ways to use it: :meth:`read` and :meth:`write` transactions.

    Both raise :class:`StoreUnavailable` (or ``unavailable``'s subclass) when the database
    fails, the deadline passes, or the store is closed; other :class:`StoreError`s raised
    inside the block pass through unchanged.
    """

    def __init__(self, url: str, *, timeout: float = 5.0, pool_size: int = 5) -> None:
        self.url = async_url(url)
        self.dialect = "postgresql" if self.url.drivername.startswith("postgresql") else "sqlite"
        self.timeout = timeout
        """Seconds one unit of work may take (connect + statements + commit)."""
        if self.dialect == "sqlite" and not Path(str(self.url.database)).parent.is_dir():
            # Checked here: aiosqlite's failed-connect path can outlive the event loop.
            raise StoreUnavailable("the SQLite database's directory does not exist")
        self._engine = _create_engine(self.url, pool_size)
        self._closed = False

    @property
    def engine(self) -> AsyncEngine:
        """The SQLAlchemy engine (for event hooks and tests; use :meth:`read`/:meth:`write`)."""
        return self._engine

    @contextlib.asynccontextmanager
    async def read(self, unavailable: type[StoreUnavailable] = StoreUnavailable,
                   ) -> AsyncIterator[AsyncConnection]:
        """A read transaction (a consistent snapshot on both databases)."""
        async with self._transaction(write=False, unavailable=unavailable) as connection:
            yield connection

    @contextlib.asynccontextmanager
    async def write(self, unavailable: type[StoreUnavailable] = StoreUnavailable,
                    ) -> AsyncIterator[AsyncConnection]:
        """A write transaction; committed when the block ends without an error."""
        async with self._transaction(write=True, unavailable=unavailable) as connection:
            yield connection

    @contextlib.asynccontextmanager
    async def _transaction(self, *, write: bool, unavailable: type[StoreUnavailable],
                           ) -> AsyncIterator[AsyncConnection]:
        if self._closed:
            raise unavailable("the store is closed")
        try:
            async with asyncio.timeout(self.timeout), self._engine.connect() as connection:
                if write:
                    connection = await connection.execution_options(**{_WRITE: True})
                async with connection.begin():
                    yield connection
        except StoreError:
            raise
        except TimeoutError as error:
            raise unavailable("the database did not answer in time") from error
        except (SQLAlchemyError, OSError) as error:
            raise unavailable("the database failed") from error

    async def close(self) -> None:
        """Refuse further work and close every pooled connection."""
        self._closed = True
        await self._engine.dispose()

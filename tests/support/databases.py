"""Throw-away databases for tests: a SQLite file, or a fresh schema in the local PostgreSQL.

Each PostgreSQL test gets its own schema (``search_path`` set through the URL's ``options``),
dropped afterwards, so parallel runs and reruns never see each other's tables. The server
defaults to ``postgresql://postgres@127.0.0.1:5432/test``; ``HELHED_TEST_POSTGRES_URL``
overrides it. When the server cannot be reached the test is skipped, saying why.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from psycopg import sql

__all__ = ["POSTGRES_URL", "postgres_schema_url", "sqlite_url"]

POSTGRES_URL = os.environ.get("HELHED_TEST_POSTGRES_URL",
                              "postgresql://postgres@127.0.0.1:5432/test")
"""The PostgreSQL server and database the tests use."""

_unreachable: str | None = None


def sqlite_url(directory: Path, name: str = "store.db") -> str:
    """A SQLite database file URL in ``directory``."""
    return f"sqlite:///{directory / name}"


def _admin_connection() -> psycopg.Connection[tuple[object, ...]]:
    global _unreachable
    if _unreachable is not None:
        pytest.skip(_unreachable)
    try:
        return psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        _unreachable = f"PostgreSQL at {POSTGRES_URL} is unreachable ({type(error).__name__})"
        pytest.skip(_unreachable)


@contextlib.contextmanager
def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections use a new, empty schema; the schema is dropped afterwards."""
    schema = f"helhed_test_{uuid.uuid4().hex[:12]}"
    with _admin_connection() as admin:
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with _admin_connection() as admin:
            admin.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                sql.Identifier(schema)))

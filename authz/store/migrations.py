"""Numbered schema migrations, applied at start-up in one transaction under a lock.

Runner choice: a small own runner instead of alembic. The schema is three tables plus
triggers, the migrations must run inside the application's start-up (not a separate CLI
step), and they need the dialect-specific trigger DDL anyway; alembic would add its env
machinery, a second configuration and a second version table convention for no gain here.

How it stays safe with several processes starting at once: everything happens in one
transaction that first takes a lock — ``pg_advisory_xact_lock`` on PostgreSQL (keyed by the
current schema, released at commit), ``BEGIN IMMEDIATE`` on SQLite (the database's write
lock; other writers wait for ``busy_timeout``). Inside, the version table is created if
missing, the applied versions are read, and each missing migration's statements run and its
row is inserted. PostgreSQL and SQLite both have transactional DDL, so a failure leaves
nothing half-applied. A database with a version newer than this code knows is refused.

Each migration's DDL is frozen text: never edit a released migration, add the next number.

Several components share one database and one version table, each with its own range of
version numbers: ``authz.store`` uses 1–99 (:data:`AUTHZ_VERSIONS`); another component
(the hoi subgraph's state) calls :func:`apply_migrations` with its own migrations and range,
so "newer than this code" is judged per component.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.store.errors import SchemaTooNew
from authz.store.tables import VERSION_TABLE, schema_version

__all__ = ["AUTHZ_VERSIONS", "MIGRATIONS", "Migration", "apply_migrations", "column_types"]

AUTHZ_VERSIONS = range(1, 100)
"""The version numbers reserved for ``authz.store``'s own migrations."""

APPEND_ONLY_TABLES = ("samtykke", "samtykke_status", "adgangslog")


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: a version number, a name and its statements per dialect."""

    version: int
    name: str
    statements: Callable[[str], Sequence[str]]
    """Dialect name (``postgresql`` or ``sqlite``) to the DDL statements, run in order."""


def column_types(dialect: str) -> dict[str, str]:
    """Dialect-specific column types for migration DDL: ``ts``, ``json``, ``seq``."""
    return _types(dialect)


def _types(dialect: str) -> dict[str, str]:
    if dialect == "postgresql":
        return {"ts": "TIMESTAMP WITH TIME ZONE", "json": "JSONB",
                "seq": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"}
    return {"ts": "TEXT", "json": "TEXT", "seq": "INTEGER PRIMARY KEY AUTOINCREMENT"}


_V1_TABLES = """
CREATE TABLE samtykke (
    id TEXT PRIMARY KEY,
    borger_id TEXT NOT NULL,
    givet_af {json} NOT NULL,
    formaal {json} NOT NULL,
    handlinger {json} NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('GIVET', 'FRABEDT')),
    omraader {json} NOT NULL,
    kle_afgraensning {json},
    afgivere {json} NOT NULL,
    modtagere {json} NOT NULL,
    gyldig_fra {ts} NOT NULL,
    gyldig_til {ts},
    form TEXT NOT NULL CHECK (form IN ('DIGITAL_MITID', 'SKRIFTLIG', 'MUNDTLIG')),
    skabelon {json},
    informations_tekst TEXT,
    hjemmel {json} NOT NULL,
    registreret_af {json} NOT NULL,
    registreret_tid {ts} NOT NULL,
    ekstern_reference TEXT,
    CHECK (gyldig_til IS NULL OR gyldig_til >= gyldig_fra)
);
CREATE INDEX samtykke_borger ON samtykke (borger_id);
CREATE TABLE samtykke_status (
    samtykke_id TEXT NOT NULL REFERENCES samtykke (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    status TEXT NOT NULL CHECK (status IN ('UDKAST', 'AFVENTER_BORGER', 'AKTIV', 'AFVIST',
                                           'TILBAGEKALDT', 'FEJLREGISTRERET')),
    tid {ts} NOT NULL,
    registreret_tid {ts} NOT NULL,
    aktoer {json} NOT NULL,
    kanal TEXT,
    aarsag TEXT,
    PRIMARY KEY (samtykke_id, version)
);
CREATE TABLE adgangslog (
    seq {seq},
    id TEXT NOT NULL UNIQUE,
    tid {ts} NOT NULL,
    transaktions_id TEXT NOT NULL,
    viewer_kind TEXT NOT NULL,
    viewer_id TEXT NOT NULL,
    kommune_cvr TEXT,
    org_enhed TEXT,
    formaal TEXT,
    borger_id TEXT,
    handling TEXT NOT NULL,
    entiteter {json} NOT NULL,
    felter {json} NOT NULL,
    soegekriterium TEXT,
    samtykke_ider {json} NOT NULL,
    hjemmel {json} NOT NULL,
    afvist BOOLEAN NOT NULL,
    afvisnings_aarsag TEXT,
    afviste {json} NOT NULL
);
CREATE INDEX adgangslog_borger ON adgangslog (borger_id, tid, seq);
CREATE INDEX adgangslog_viewer ON adgangslog (viewer_id, tid, seq);
CREATE INDEX adgangslog_tid ON adgangslog (tid, seq)
"""


def _append_only_triggers(dialect: str) -> list[str]:
    """Triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on our tables."""
    if dialect == "postgresql":
        # No '%' anywhere: the driver may treat it as a placeholder.
        statements = [
            "CREATE FUNCTION helhed_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION USING ERRCODE = '42501', "
            "MESSAGE = 'append-only table: ' || TG_TABLE_NAME; END $$"]
        for table in APPEND_ONLY_TABLES:
            statements += [
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION helhed_append_only()",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION helhed_append_only()"]
        return statements
    return [f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'append-only table: {table}'); END"
            for table in APPEND_ONLY_TABLES for verb in ("UPDATE", "DELETE")]


def _v1(dialect: str) -> list[str]:
    tables = [s.strip() for s in _V1_TABLES.format(**_types(dialect)).split(";")]
    return tables + _append_only_triggers(dialect)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "samtykke registry and adgangslog, append-only", _v1),
)
"""Every migration, in version order."""

_CREATE_VERSION_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at {ts} NOT NULL)")


async def apply_migrations(connection: AsyncConnection,
                           migrations: Sequence[Migration] = MIGRATIONS,
                           versions: range = AUTHZ_VERSIONS) -> list[int]:
    """Apply the missing migrations inside the caller's (locked) transaction.

    ``versions`` is the calling component's range of version numbers: versions outside it
    belong to other components and are ignored; one inside it that ``migrations`` does not
    know means the database was migrated by newer code (:class:`SchemaTooNew`).

    The caller has begun the transaction (``BEGIN IMMEDIATE`` on SQLite); on PostgreSQL
    this takes the advisory lock first. Returns the versions applied now (empty when the
    database was up to date).
    """
    dialect = connection.dialect.name
    if dialect == "postgresql":
        await connection.execute(text(
            "SELECT pg_advisory_xact_lock(hashtext('helhed.authz.store:' || current_schema()))"))
    await connection.exec_driver_sql(_CREATE_VERSION_TABLE.format(**_types(dialect)))
    applied = {v for v in (await connection.execute(select(schema_version.c.version))).scalars()
               if v in versions}
    known = {m.version for m in migrations}
    if not known <= set(versions):
        raise ValueError("a migration's version lies outside its component's range")
    if applied - known:
        raise SchemaTooNew(f"database schema version {max(applied)} is newer than this code")
    done: list[int] = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version in applied:
            continue
        for statement in migration.statements(dialect):
            await connection.exec_driver_sql(statement)
        await connection.execute(schema_version.insert().values(
            version=migration.version, name=migration.name, applied_at=datetime.now(UTC)))
        done.append(migration.version)
    return done

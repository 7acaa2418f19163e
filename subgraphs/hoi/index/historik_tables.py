"""The target-group membership history's tables (index migration 201), append-only.

* ``hoi_mg_vurdering`` — one row per evaluation of the must-offer criteria after a sync:
  the criteria's name and version (a fingerprint of their content), when, which citizens it
  looked at (those the index touched since ``siden``; NULL: all), and what it appended.
  The latest row per version is the watermark of the next evaluation.
* ``hoi_mg_medlemskab`` — entry (``IND``) and exit (``UD``) events per (criteria version,
  municipality, citizen), each naming the event before it (``forrige``, 0 for the first);
  the unique key on that chain means two evaluations running at once can never both append
  the same step (the second fails and is retried on the new state). A membership period is
  an ``IND`` event and the ``UD`` event naming it, if any.

Both refuse UPDATE, DELETE (and TRUNCATE on PostgreSQL): a period is closed by appending
its exit, never by changing a row. Frozen DDL: never edit it, add the next number.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, Text

from authz.store.migrations import Migration, column_types
from authz.store.tables import UtcDateTime

__all__ = ["HISTORIK_MIGRATION", "IND", "UD", "medlemskab", "metadata", "vurdering"]

IND = "IND"
UD = "UD"

_V201 = """
CREATE TABLE hoi_mg_vurdering (
    id {seq},
    kriterier TEXT NOT NULL,
    version TEXT NOT NULL,
    tid {ts} NOT NULL,
    siden {ts},
    borgere INTEGER NOT NULL,
    ind INTEGER NOT NULL,
    ud INTEGER NOT NULL
);
CREATE INDEX hoi_mg_vurdering_version ON hoi_mg_vurdering (version, tid);
CREATE TABLE hoi_mg_medlemskab (
    id {seq},
    version TEXT NOT NULL,
    kommune_cvr TEXT NOT NULL,
    borger_nr {bigint} NOT NULL REFERENCES hoi_mg_borger (nr),
    haendelse TEXT NOT NULL CHECK (haendelse IN ('IND', 'UD')),
    forrige {bigint} NOT NULL,
    tid {ts} NOT NULL,
    UNIQUE (version, kommune_cvr, borger_nr, forrige)
);
CREATE INDEX hoi_mg_medlemskab_tid ON hoi_mg_medlemskab (version, kommune_cvr, tid);
CREATE INDEX hoi_mg_borger_opdateret ON hoi_mg_borger (opdateret)
"""

_TABLES = ("hoi_mg_vurdering", "hoi_mg_medlemskab")


def _append_only(dialect: str) -> list[str]:
    """UPDATE/DELETE (and TRUNCATE) refused, as on authz's and the HOI state's tables."""
    if dialect != "postgresql":
        return [f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'append-only table: {table}'); END"
                for table in _TABLES for verb in ("UPDATE", "DELETE")]
    statements = [
        ("CREATE OR REPLACE FUNCTION hoi_mg_append_only() RETURNS trigger LANGUAGE plpgsql "
         "AS $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', "
         "MESSAGE = 'append-only table: ' || TG_TABLE_NAME; END $$")]
    for table in _TABLES:
        statements += [
            (f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
             "FOR EACH ROW EXECUTE FUNCTION hoi_mg_append_only()"),
            (f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
             "FOR EACH STATEMENT EXECUTE FUNCTION hoi_mg_append_only()")]
    return statements


def _v201(dialect: str) -> list[str]:
    postgres = dialect == "postgresql"
    types = {**column_types(dialect), "bigint": "BIGINT" if postgres else "INTEGER"}
    statements = (statement.strip() for statement in _V201.format(**types).split(";"))
    return [statement for statement in statements if statement] + _append_only(dialect)


HISTORIK_MIGRATION = Migration(
    201, "hoi målgruppe index: membership history of the must-offer criteria (append-only)",
    _v201)

metadata = MetaData()

vurdering = Table(
    "hoi_mg_vurdering", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kriterier", Text, nullable=False),
    Column("version", Text, nullable=False),
    Column("tid", UtcDateTime, nullable=False),
    Column("siden", UtcDateTime),
    Column("borgere", Integer, nullable=False),
    Column("ind", Integer, nullable=False),
    Column("ud", Integer, nullable=False),
)

medlemskab = Table(
    "hoi_mg_medlemskab", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version", Text, nullable=False),
    Column("kommune_cvr", Text, nullable=False),
    Column("borger_nr", BigInteger, nullable=False),
    Column("haendelse", Text, nullable=False),
    Column("forrige", BigInteger, nullable=False),
    Column("tid", UtcDateTime, nullable=False),
)

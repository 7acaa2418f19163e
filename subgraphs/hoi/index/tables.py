"""The målgruppe index's tables: frozen migrations (versions 200–299) and Core definitions.

Four tables in the shared database (the one holding samtykker and the adgangslog):

* ``hoi_mg_noegle`` — access keys: each distinct (sektor, kommuneCvr, KLE, følsomhed,
  ansvarlig enhed) a metadata row can carry. There are few of them (tens), so rule A1 is
  decided per key in Python with :meth:`authz.principal.Privilege.permits`, and the search
  filters rows in SQL by the ids of the keys the caller may see.
* ``hoi_mg_borger`` — one row per citizen the index knows: a number (given at first sight,
  never reused: the search's order), the internal id and birth date (never the CPR number).
* ``hoi_mg_objekt`` — the metadata rows: one per sag, indsats, plan or kontaktgruppe of a
  citizen in one source system (art, status, dates, type code, hjemmel; never titles, notes
  or other content), plus the citizen's birth date (copied, so an age filter needs no join).
  A citizen's rows from one source are replaced as a whole. Stored in citizen order: the
  search reads it as one ordered scan and stops after a page.
* ``hoi_mg_kilde`` — the change-feed cursor per source system, with a version number so
  that two syncing processes never both apply the same page.

Migration 201 adds the membership history (:mod:`.historik_tables`).

The DDL is frozen per version: never edit a released migration, add the next number.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, Integer, MetaData, Table, Text

from authz.store.migrations import Migration, column_types
from authz.store.tables import UtcDateTime
from subgraphs.hoi.index.historik_tables import HISTORIK_MIGRATION

__all__ = ["INDEX_VERSIONS", "MIGRATIONS", "borger", "kilde", "metadata", "noegle", "objekt"]

INDEX_VERSIONS = range(200, 300)
"""The version numbers reserved for the målgruppe index."""

_V200 = """
CREATE TABLE hoi_mg_noegle (
    id {seq},
    noegle TEXT NOT NULL UNIQUE,
    sektor TEXT NOT NULL,
    kommune_cvr TEXT NOT NULL,
    kle TEXT,
    foelsomhed INTEGER NOT NULL CHECK (foelsomhed BETWEEN 1 AND 4),
    ansvarlig_enhed TEXT
);
CREATE TABLE hoi_mg_borger (
    nr {seq},
    borger_id TEXT NOT NULL UNIQUE,
    foedselsdato {date},
    opdateret {ts} NOT NULL
);
CREATE TABLE hoi_mg_objekt (
    borger_nr {bigint} NOT NULL REFERENCES hoi_mg_borger (nr),
    kilde TEXT NOT NULL,
    loebenr INTEGER NOT NULL,
    art TEXT NOT NULL CHECK (art IN ('SAG', 'INDSATS', 'PLAN', 'KONTAKTGRUPPE')),
    objekt_id TEXT,
    noegle_id {bigint} NOT NULL REFERENCES hoi_mg_noegle (id),
    sektor TEXT NOT NULL,
    aktiv BOOLEAN NOT NULL,
    status TEXT,
    fra {date},
    til {date},
    type_system TEXT,
    type_kode TEXT,
    type_tekst TEXT,
    hjemmel_lov TEXT,
    hjemmel_paragraf TEXT,
    foedselsdato {date},
    PRIMARY KEY (borger_nr, kilde, loebenr)
){objekt_storage};
{objekt_index}
CREATE TABLE hoi_mg_kilde (
    kilde TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    siden {ts},
    efter INTEGER,
    hoejeste {ts},
    gennemloeb INTEGER NOT NULL,
    sidst_fuldfoert {ts},
    opdateret {ts} NOT NULL
)
"""


_PG_SEARCH_INDEX = (
    "CREATE INDEX hoi_mg_objekt_soeg ON hoi_mg_objekt (borger_nr) INCLUDE (noegle_id, aktiv, "
    "art, sektor, type_system, type_kode, hjemmel_lov, hjemmel_paragraf, foedselsdato);")


def _v200(dialect: str) -> list[str]:
    postgres = dialect == "postgresql"
    types = {**column_types(dialect), "date": "DATE" if postgres else "TEXT",
             "bigint": "BIGINT" if postgres else "INTEGER",
             # The search scans rows in citizen order: a clustered table on SQLite, a
             # covering index (index-only scans) on PostgreSQL.
             "objekt_storage": "" if postgres else " WITHOUT ROWID",
             "objekt_index": _PG_SEARCH_INDEX if postgres else ""}
    statements = (statement.strip() for statement in _V200.format(**types).split(";"))
    return [statement for statement in statements if statement]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(200, "hoi målgruppe index: access keys, citizens, metadata rows, feed cursors",
              _v200),
    HISTORIK_MIGRATION,
)
"""Every migration of the index, in version order."""

metadata = MetaData()

noegle = Table(
    "hoi_mg_noegle", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("noegle", Text, nullable=False, unique=True),
    Column("sektor", Text, nullable=False),
    Column("kommune_cvr", Text, nullable=False),
    Column("kle", Text),
    Column("foelsomhed", Integer, nullable=False),
    Column("ansvarlig_enhed", Text),
)

borger = Table(
    "hoi_mg_borger", metadata,
    Column("nr", Integer, primary_key=True, autoincrement=True),
    Column("borger_id", Text, nullable=False, unique=True),
    Column("foedselsdato", Date),
    Column("opdateret", UtcDateTime, nullable=False),
)

objekt = Table(
    "hoi_mg_objekt", metadata,
    Column("borger_nr", Integer, primary_key=True, autoincrement=False),
    Column("kilde", Text, primary_key=True),
    Column("loebenr", Integer, primary_key=True, autoincrement=False),
    Column("art", Text, nullable=False),
    Column("objekt_id", Text),
    Column("noegle_id", Integer, nullable=False),
    Column("sektor", Text, nullable=False),
    Column("aktiv", Boolean, nullable=False),
    Column("status", Text),
    Column("fra", Date),
    Column("til", Date),
    Column("type_system", Text),
    Column("type_kode", Text),
    Column("type_tekst", Text),
    Column("hjemmel_lov", Text),
    Column("hjemmel_paragraf", Text),
    Column("foedselsdato", Date),
)

kilde = Table(
    "hoi_mg_kilde", metadata,
    Column("kilde", Text, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("siden", UtcDateTime),
    Column("efter", Integer),
    Column("hoejeste", UtcDateTime),
    Column("gennemloeb", Integer, nullable=False),
    Column("sidst_fuldfoert", UtcDateTime),
    Column("opdateret", UtcDateTime, nullable=False),
)

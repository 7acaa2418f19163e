"""The HOI sag and plan tables: migrations in version range 100–199 of the shared database.

They live in the same database as the samtykke registry and the adgangslog (``authz.store``,
versions 1–99) and reference the ``samtykke`` table, so :func:`migrate` applies authz's
migrations first, then these, in one locked transaction (see
:func:`authz.store.migrations.apply_migrations`). Every table is append-only, with the
triggers of authz's migration 1 (forvaltningsloven: nothing is overwritten). Frozen DDL: never
edit a released migration, add the next number.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from authz.store.migrations import Migration, apply_migrations, column_types

__all__ = ["AFSLUTNINGSKODER", "HOI_MIGRATIONS", "HOI_TABLES", "HOI_VERSIONS", "TILBUD_KANALER",
           "migrate"]

HOI_VERSIONS = range(100, 200)
"""The version numbers reserved for the HOI sag and plan (the målgruppe index has 200–299)."""

HOI_TABLES = ("hoi_sag", "hoi_sag_version", "hoi_plan_version", "hoi_tilbageskrivning")
"""The tables of migration 100."""

AFSLUTNINGSKODER = ("MAAL_NAAET", "BORGERENS_OENSKE", "ANDEN_INDSATS", "FRAFLYTNING", "ANDET")
"""Why a case was closed, as a code (migration 101; the free-text ``aarsag`` stays)."""
TILBUD_KANALER = ("MOEDE", "TELEFON", "BREV", "DIGITAL_POST")
"""How HOI was offered (migration 101)."""

_V100 = """
CREATE TABLE hoi_sag (
    id TEXT PRIMARY KEY,
    borger_id TEXT NOT NULL,
    kommune_cvr TEXT NOT NULL,
    plan_id TEXT NOT NULL UNIQUE,
    oprettet_tid {ts} NOT NULL,
    oprettet_af {json} NOT NULL
);
CREATE INDEX hoi_sag_borger ON hoi_sag (borger_id);
CREATE TABLE hoi_sag_version (
    sag_id TEXT NOT NULL REFERENCES hoi_sag (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    status TEXT NOT NULL CHECK (status IN ('AKTIV', 'SAMTYKKE_OPHOERT', 'AFSLUTTET')),
    haendelse TEXT NOT NULL CHECK (haendelse IN ('OPRETTET', 'AENDRET', 'SAMTYKKE_OPHOERT',
                                                 'AFSLUTTET')),
    koordinator_id TEXT NOT NULL,
    koordinator_cvr TEXT NOT NULL,
    samtykke_id TEXT NOT NULL REFERENCES samtykke (id),
    omraader {json} NOT NULL,
    aarsag TEXT NOT NULL,
    tid {ts} NOT NULL,
    registreret_tid {ts} NOT NULL,
    aktoer {json} NOT NULL,
    PRIMARY KEY (sag_id, version)
);
CREATE TABLE hoi_plan_version (
    plan_id TEXT NOT NULL REFERENCES hoi_sag (plan_id),
    version INTEGER NOT NULL CHECK (version >= 1),
    aendring TEXT NOT NULL,
    element_id TEXT,
    aarsag TEXT,
    tid {ts} NOT NULL,
    aktoer {json} NOT NULL,
    indhold {json} NOT NULL,
    PRIMARY KEY (plan_id, version)
);
CREATE TABLE hoi_tilbageskrivning (
    seq {seq},
    plan_id TEXT NOT NULL,
    element_id TEXT NOT NULL,
    plan_version INTEGER NOT NULL,
    sektor TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('AFVENTER', 'I_GANG', 'GENNEMFOERT', 'FEJLET',
                                           'OPGIVET', 'ERSTATTET')),
    forsoeg INTEGER NOT NULL CHECK (forsoeg >= 0),
    tid {ts} NOT NULL,
    fejl TEXT,
    ekstern_id TEXT,
    FOREIGN KEY (plan_id, plan_version) REFERENCES hoi_plan_version (plan_id, version),
    UNIQUE (plan_id, element_id, plan_version, forsoeg, status)
);
CREATE INDEX hoi_tilbageskrivning_element ON hoi_tilbageskrivning (plan_id, element_id, seq)
"""


def _append_only(dialect: str, tables: tuple[str, ...] = HOI_TABLES) -> list[str]:
    """The triggers of authz migration 1 (its ``helhed_append_only()`` on PostgreSQL)."""
    if dialect == "postgresql":
        statements = []
        for table in tables:
            statements += [
                (f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                 "FOR EACH ROW EXECUTE FUNCTION helhed_append_only()"),
                (f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                 "FOR EACH STATEMENT EXECUTE FUNCTION helhed_append_only()")]
        return statements
    return [f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'append-only table: {table}'); END"
            for table in tables for verb in ("UPDATE", "DELETE")]


def _v100(dialect: str) -> list[str]:
    tables = [s.strip() for s in _V100.format(**column_types(dialect)).split(";")]
    return tables + _append_only(dialect)


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


_V101 = """
ALTER TABLE hoi_sag_version ADD COLUMN aarsagskode TEXT
    CHECK (aarsagskode IS NULL OR aarsagskode IN ({koder}));
CREATE TABLE hoi_tilbud (
    id TEXT PRIMARY KEY,
    borger_id TEXT NOT NULL,
    kommune_cvr TEXT NOT NULL,
    tid {ts} NOT NULL,
    kanal TEXT NOT NULL CHECK (kanal IN ({kanaler})),
    registreret_tid {ts} NOT NULL,
    aktoer {json} NOT NULL
);
CREATE INDEX hoi_tilbud_kommune_tid ON hoi_tilbud (kommune_cvr, tid)
"""


def _v101(dialect: str) -> list[str]:
    text = _V101.format(koder=_quoted(AFSLUTNINGSKODER), kanaler=_quoted(TILBUD_KANALER),
                        **column_types(dialect))
    return [s.strip() for s in text.split(";")] + _append_only(dialect, ("hoi_tilbud",))


HOI_MIGRATIONS: tuple[Migration, ...] = (
    Migration(100, "HOI sag, plan versions and write-back queue, append-only", _v100),
    Migration(101, "HOI case closing codes; offers of HOI (hoi_tilbud), append-only", _v101),
)
"""Every HOI migration, in version order."""


async def migrate(connection: AsyncConnection) -> list[int]:
    """Apply authz's migrations, then the HOI ones, in the caller's write transaction."""
    applied = await apply_migrations(connection)
    return applied + await apply_migrations(connection, HOI_MIGRATIONS, HOI_VERSIONS)

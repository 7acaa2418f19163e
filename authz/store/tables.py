"""SQLAlchemy Core tables for queries: the current shape of the schema the migrations build.

The DDL lives in :mod:`authz.store.migrations` (frozen per version); these definitions are
only used to build statements, and a test compares them with the migrated database.
Date-times are stored in UTC: ``TIMESTAMP WITH TIME ZONE`` on PostgreSQL, ISO text on SQLite
(fixed width, so text order is time order and comparisons in SQL stay correct).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Integer,
    MetaData,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeEngine

__all__ = ["VERSION_TABLE", "UtcDateTime", "adgangslog", "metadata", "samtykke",
           "samtykke_status", "schema_version"]

VERSION_TABLE = "helhed_schema_version"
"""The migrations' bookkeeping table."""


class UtcDateTime(TypeDecorator[datetime]):
    """An aware date-time, stored in UTC; naive values are refused on the way in."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """To UTC; on SQLite without the offset (the column holds UTC text)."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive date-time")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Back to an aware UTC date-time."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _json() -> TypeEngine[Any]:
    return JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


metadata = MetaData()

schema_version = Table(
    VERSION_TABLE, metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("applied_at", UtcDateTime, nullable=False),
)

samtykke = Table(
    "samtykke", metadata,
    Column("id", Text, primary_key=True),
    Column("borger_id", Text, nullable=False),
    Column("givet_af", _json(), nullable=False),
    Column("formaal", _json(), nullable=False),
    Column("handlinger", _json(), nullable=False),
    Column("type", Text, nullable=False),
    Column("omraader", _json(), nullable=False),
    Column("kle_afgraensning", _json()),
    Column("afgivere", _json(), nullable=False),
    Column("modtagere", _json(), nullable=False),
    Column("gyldig_fra", UtcDateTime, nullable=False),
    Column("gyldig_til", UtcDateTime),
    Column("form", Text, nullable=False),
    Column("skabelon", _json()),
    Column("informations_tekst", Text),
    Column("hjemmel", _json(), nullable=False),
    Column("registreret_af", _json(), nullable=False),
    Column("registreret_tid", UtcDateTime, nullable=False),
    Column("ekstern_reference", Text),
)

samtykke_status = Table(
    "samtykke_status", metadata,
    Column("samtykke_id", Text, primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("status", Text, nullable=False),
    Column("tid", UtcDateTime, nullable=False),
    Column("registreret_tid", UtcDateTime, nullable=False),
    Column("aktoer", _json(), nullable=False),
    Column("kanal", Text),
    Column("aarsag", Text),
)

adgangslog = Table(
    "adgangslog", metadata,
    Column("seq", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True,
           autoincrement=True),
    Column("id", Text, nullable=False, unique=True),
    Column("tid", UtcDateTime, nullable=False),
    Column("transaktions_id", Text, nullable=False),
    Column("viewer_kind", Text, nullable=False),
    Column("viewer_id", Text, nullable=False),
    Column("kommune_cvr", Text),
    Column("org_enhed", Text),
    Column("formaal", Text),
    Column("borger_id", Text),
    Column("handling", Text, nullable=False),
    Column("entiteter", _json(), nullable=False),
    Column("felter", _json(), nullable=False),
    Column("soegekriterium", Text),
    Column("samtykke_ider", _json(), nullable=False),
    Column("hjemmel", _json(), nullable=False),
    Column("afvist", Boolean, nullable=False),
    Column("afvisnings_aarsag", Text),
    Column("afviste", _json(), nullable=False),
)

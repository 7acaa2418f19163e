"""SQLAlchemy Core tables of the HOI state, for building statements (DDL: :mod:`.migrations`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Integer, MetaData, Table, Text, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeEngine

from authz.store.tables import UtcDateTime

__all__ = ["hoi_plan_version", "hoi_sag", "hoi_sag_version", "hoi_tilbageskrivning",
           "hoi_tilbud", "latest_sag_version", "metadata"]


def _json() -> TypeEngine[Any]:
    return JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


metadata = MetaData()

hoi_sag = Table(
    "hoi_sag", metadata,
    Column("id", Text, primary_key=True),
    Column("borger_id", Text, nullable=False),
    Column("kommune_cvr", Text, nullable=False),
    Column("plan_id", Text, nullable=False, unique=True),
    Column("oprettet_tid", UtcDateTime, nullable=False),
    Column("oprettet_af", _json(), nullable=False),
)

hoi_sag_version = Table(
    "hoi_sag_version", metadata,
    Column("sag_id", Text, primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("status", Text, nullable=False),
    Column("haendelse", Text, nullable=False),
    Column("koordinator_id", Text, nullable=False),
    Column("koordinator_cvr", Text, nullable=False),
    Column("samtykke_id", Text, nullable=False),
    Column("omraader", _json(), nullable=False),
    Column("aarsag", Text, nullable=False),
    Column("tid", UtcDateTime, nullable=False),
    Column("registreret_tid", UtcDateTime, nullable=False),
    Column("aktoer", _json(), nullable=False),
    Column("aarsagskode", Text),
)

hoi_plan_version = Table(
    "hoi_plan_version", metadata,
    Column("plan_id", Text, primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("aendring", Text, nullable=False),
    Column("element_id", Text),
    Column("aarsag", Text),
    Column("tid", UtcDateTime, nullable=False),
    Column("aktoer", _json(), nullable=False),
    Column("indhold", _json(), nullable=False),
)

hoi_tilbageskrivning = Table(
    "hoi_tilbageskrivning", metadata,
    Column("seq", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True,
           autoincrement=True),
    Column("plan_id", Text, nullable=False),
    Column("element_id", Text, nullable=False),
    Column("plan_version", Integer, nullable=False),
    Column("sektor", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("forsoeg", Integer, nullable=False),
    Column("tid", UtcDateTime, nullable=False),
    Column("fejl", Text),
    Column("ekstern_id", Text),
)


hoi_tilbud = Table(
    "hoi_tilbud", metadata,
    Column("id", Text, primary_key=True),
    Column("borger_id", Text, nullable=False),
    Column("kommune_cvr", Text, nullable=False),
    Column("tid", UtcDateTime, nullable=False),
    Column("kanal", Text, nullable=False),
    Column("registreret_tid", UtcDateTime, nullable=False),
    Column("aktoer", _json(), nullable=False),
)


def latest_sag_version() -> Any:
    """A scalar subquery: the highest version of the ``hoi_sag`` row in the outer query."""
    inner = hoi_sag_version.alias("latest_version")
    return (select(func.max(inner.c.version)).where(inner.c.sag_id == hoi_sag.c.id)
            .scalar_subquery())

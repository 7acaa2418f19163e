"""Apply one page of a source's changes: each listed citizen's rows from that source replaced."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from subgraphs.hoi.index.cursor import dialect_insert
from subgraphs.hoi.index.model import AccessKey, MetadataRow
from subgraphs.hoi.index.tables import borger, noegle, objekt

__all__ = ["CitizenRows", "write_page"]


@dataclass(frozen=True, slots=True)
class CitizenRows:
    """One citizen's current rows in one source (empty: the source no longer has them)."""

    borger_id: str
    foedselsdato: date | None
    rows: Sequence[MetadataRow]


async def _key_ids(connection: AsyncConnection, keys: Iterable[AccessKey]) -> dict[str, int]:
    """Ids of ``keys``, inserting the ones the table lacks."""
    wanted = {key.text: key for key in keys}
    if not wanted:
        return {}
    await connection.execute(dialect_insert(connection, noegle).values([
        {"noegle": text, "sektor": key.sektor, "kommune_cvr": key.kommune_cvr, "kle": key.kle,
         "foelsomhed": int(key.foelsomhed), "ansvarlig_enhed": key.ansvarlig_enhed}
        for text, key in sorted(wanted.items())]).on_conflict_do_nothing(
        index_elements=["noegle"]))
    result = await connection.execute(select(noegle.c.noegle, noegle.c.id)
                                      .where(noegle.c.noegle.in_(sorted(wanted))))
    return {row.noegle: int(row.id) for row in result}


async def _upsert_borgere(connection: AsyncConnection, citizens: Sequence[CitizenRows],
                          now: datetime) -> dict[str, int]:
    """Insert or update the citizens; their numbers by id."""
    statement = dialect_insert(connection, borger).values([  # sorted: one lock order
        {"borger_id": c.borger_id, "foedselsdato": c.foedselsdato, "opdateret": now}
        for c in sorted(citizens, key=lambda c: c.borger_id)])
    result = await connection.execute(statement.on_conflict_do_update(
        index_elements=["borger_id"],
        set_={"foedselsdato": statement.excluded.foedselsdato,
              "opdateret": statement.excluded.opdateret}
    ).returning(borger.c.borger_id, borger.c.nr))
    return {row.borger_id: int(row.nr) for row in result}


def _row_values(citizen: CitizenRows, number: int, kilde: str, loebenr: int, row: MetadataRow,
                key_id: int) -> dict[str, Any]:
    return {"borger_nr": number, "foedselsdato": citizen.foedselsdato,
            "kilde": kilde, "loebenr": loebenr, "art": row.art.value,
            "objekt_id": row.objekt_id, "noegle_id": key_id, "sektor": row.key.sektor,
            "aktiv": row.aktiv, "status": row.status, "fra": row.fra, "til": row.til,
            "type_system": row.type_system, "type_kode": row.type_kode,
            "type_tekst": row.type_tekst, "hjemmel_lov": row.hjemmel_lov,
            "hjemmel_paragraf": row.hjemmel_paragraf}


async def write_page(connection: AsyncConnection, kilde: str, citizens: Sequence[CitizenRows],
                     now: datetime) -> int:
    """Replace the citizens' ``kilde`` rows inside the caller's transaction; rows written.

    Replaying a page is harmless: a citizen's rows from one source are deleted and written
    again as a whole, keyed by (citizen number, source, running number), so nothing is ever
    doubled.
    """
    if not citizens:
        return 0
    key_ids = await _key_ids(connection, (row.key for c in citizens for row in c.rows))
    numbers = await _upsert_borgere(connection, citizens, now)
    await connection.execute(delete(objekt).where(
        objekt.c.borger_nr.in_(sorted(numbers.values())), objekt.c.kilde == kilde))
    values = [_row_values(c, numbers[c.borger_id], kilde, loebenr, row, key_ids[row.key.text])
              for c in citizens for loebenr, row in enumerate(c.rows)]
    if values:
        await connection.execute(objekt.insert(), values)
    return len(values)

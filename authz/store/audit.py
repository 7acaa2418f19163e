"""The adgangslog: append a request's records in one transaction; read them newest first.

Appending is all or nothing and any failure is :class:`AuditUnavailable`, so the gateway can
refuse to return personal data it could not log. Reads are keyset-paginated on
``(tid, seq)``: ``seq`` is the database's insertion counter, so ties on ``tid`` keep a
stable order and a page never skips or repeats a record while new ones are appended.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select

from authz.store.audit_records import (
    AuditEntry,
    AuditPage,
    AuditRecord,
    DeniedItem,
    EntityRef,
    LogHandling,
    ViewerKind,
)
from authz.store.engine import Database
from authz.store.errors import AuditUnavailable, StoreUnavailable
from authz.store.tables import adgangslog as table
from authz.store.values import ensure_aware, ensure_uuid

__all__ = ["MAX_PAGE_SIZE", "AuditLog"]

MAX_PAGE_SIZE = 500
"""The largest ``first`` a read accepts."""


class AuditLog:
    """Adgangslog records in the database."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def append(self, records: Sequence[AuditRecord]) -> None:
        """Store every record in one transaction; AuditUnavailable if that fails."""
        if not records:
            return
        try:
            rows = [_row(record) for record in records]
            async with self._db.write(AuditUnavailable) as connection:
                await connection.execute(table.insert(), rows)
        except AuditUnavailable:
            raise
        except Exception as error:  # fail closed: whatever broke, nothing was logged
            raise AuditUnavailable("audit records could not be encoded") from error

    async def for_borger(self, borger_id: str, *, since: datetime | None = None,
                         until: datetime | None = None, first: int = 50,
                         after: str | None = None) -> AuditPage:
        """Records about one citizen (for the citizen's own view and the auditor)."""
        return await self.query(borger_id=borger_id, since=since, until=until, first=first,
                                after=after)

    async def for_viewer(self, viewer_id: str, *, kommune_cvr: str | None = None,
                         since: datetime | None = None, until: datetime | None = None,
                         first: int = 50, after: str | None = None) -> AuditPage:
        """Records of one viewer's uses (for the auditor)."""
        return await self.query(viewer_id=viewer_id, kommune_cvr=kommune_cvr, since=since,
                                until=until, first=first, after=after)

    async def query(self, *, borger_id: str | None = None, viewer_id: str | None = None,
                    kommune_cvr: str | None = None, since: datetime | None = None,
                    until: datetime | None = None, first: int = 50,
                    after: str | None = None) -> AuditPage:
        """Records matching every given filter, newest first; ``since``/``until`` inclusive.

        ValueError for a bad ``first``, a malformed ``after`` cursor or a naive date-time.
        """
        if not 1 <= first <= MAX_PAGE_SIZE:
            raise ValueError(f"first must be between 1 and {MAX_PAGE_SIZE}")
        conditions: list[Any] = []
        if borger_id is not None:
            conditions.append(table.c.borger_id == ensure_uuid(borger_id, "borger id"))
        if viewer_id is not None:
            conditions.append(table.c.viewer_id == viewer_id)
        if kommune_cvr is not None:
            conditions.append(table.c.kommune_cvr == kommune_cvr)
        if since is not None:
            conditions.append(table.c.tid >= ensure_aware(since, "since"))
        if until is not None:
            conditions.append(table.c.tid <= ensure_aware(until, "until"))
        if after is not None:
            tid, seq = decode_cursor(after)
            conditions.append(or_(table.c.tid < tid, and_(table.c.tid == tid,
                                                          table.c.seq < seq)))
        statement = (select(table).where(and_(*conditions))
                     .order_by(table.c.tid.desc(), table.c.seq.desc()).limit(first + 1))
        async with self._db.read() as connection:
            rows = (await connection.execute(statement)).all()
        try:
            entries = tuple(AuditEntry(encode_cursor(row.tid, row.seq), _record(row._mapping))
                            for row in rows[:first])
        except (KeyError, TypeError, ValueError) as error:
            raise StoreUnavailable("a stored audit record could not be read") from error
        return AuditPage(entries, has_next_page=len(rows) > first)


def encode_cursor(tid: datetime, seq: int) -> str:
    """An opaque cursor for the position ``(tid, seq)``."""
    return base64.urlsafe_b64encode(f"{tid.isoformat()}|{seq}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The position of a cursor made by :func:`encode_cursor`; ValueError otherwise."""
    try:
        tid_text, seq_text = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return ensure_aware(datetime.fromisoformat(tid_text), "cursor"), int(seq_text)
    except (binascii.Error, UnicodeError, ValueError):
        raise ValueError("malformed cursor") from None


def _row(record: AuditRecord) -> dict[str, Any]:
    return {
        "id": record.id, "tid": record.tid, "transaktions_id": record.transaktions_id,
        "viewer_kind": record.viewer_kind.value, "viewer_id": record.viewer_id,
        "kommune_cvr": record.kommune_cvr, "org_enhed": record.org_enhed,
        "formaal": record.formaal, "borger_id": record.borger_id,
        "handling": record.handling.value,
        "entiteter": [{"type": e.type, "id": e.id} for e in record.entiteter],
        "felter": list(record.felter), "soegekriterium": record.soegekriterium,
        "samtykke_ider": list(record.samtykke_ider), "hjemmel": list(record.hjemmel),
        "afvist": record.afvist, "afvisnings_aarsag": record.afvisnings_aarsag,
        "afviste": [{"type": d.type, "id": d.id, "code": d.code} for d in record.afviste],
    }


def _record(row: Any) -> AuditRecord:
    return AuditRecord(
        id=row["id"], tid=row["tid"], transaktions_id=row["transaktions_id"],
        viewer_kind=ViewerKind(row["viewer_kind"]), viewer_id=row["viewer_id"],
        kommune_cvr=row["kommune_cvr"], org_enhed=row["org_enhed"], formaal=row["formaal"],
        borger_id=row["borger_id"], handling=LogHandling(row["handling"]),
        entiteter=tuple(EntityRef(type=e["type"], id=e.get("id")) for e in row["entiteter"]),
        felter=tuple(row["felter"]), soegekriterium=row["soegekriterium"],
        samtykke_ider=tuple(row["samtykke_ider"]), hjemmel=tuple(row["hjemmel"]),
        afvist=bool(row["afvist"]), afvisnings_aarsag=row["afvisnings_aarsag"],
        afviste=tuple(DeniedItem(type=d["type"], id=d.get("id"), code=d["code"])
                      for d in row["afviste"]))

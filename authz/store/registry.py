"""The samtykke registry: register, withdraw, read, and the gateway's per-request lookup.

Rows are never updated or deleted (the database refuses it, see :mod:`.migrations`): a
samtykke is one immutable row and every status change is a new ``samtykke_status`` row with
the next version number. Two processes changing the same samtykke at once both try to insert
the same version; the primary key lets one win and the other re-reads and re-decides.

:meth:`SamtykkeRegistry.active_for` is the hot path: one ``SELECT`` for all the citizens of a
request, no cache, so a withdrawal committed by any process counts on the very next call.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.store import codec
from authz.store.engine import Database
from authz.store.errors import InvalidStatusChange, SamtykkeNotFound, StoreError, StoreUnavailable
from authz.store.samtykke import (
    ALLOWED_CHANGES,
    NewSamtykke,
    Samtykke,
    SamtykkeForm,
    SamtykkeHandling,
    SamtykkeStatus,
    SamtykkeType,
    StatusEvent,
    derive_status,
)
from authz.store.tables import samtykke as s_table
from authz.store.tables import samtykke_status as e_table
from authz.store.values import Actor, Periode, Sektor, ensure_aware, ensure_uuid

__all__ = ["Clock", "SamtykkeRegistry", "utc_now"]

Clock = Callable[[], datetime]
_ATTEMPTS = 3


class _Conflict(StoreError):
    """Another process appended a status event first; re-read and decide again."""


def utc_now() -> datetime:
    """The current time in UTC (the default clock)."""
    return datetime.now(UTC)


class SamtykkeRegistry:
    """Samtykker in the database; every method is one short transaction."""

    def __init__(self, database: Database, *, clock: Clock = utc_now) -> None:
        self._db = database
        self._clock = clock

    async def give(self, new: NewSamtykke, registered_by: Actor) -> Samtykke:
        """Register a samtykke with its first status (``new.status``, normally AKTIV)."""
        now = self._clock()
        samtykke_id = str(uuid.uuid4())
        row = _samtykke_row(samtykke_id, new, registered_by, now)
        event = StatusEvent(status=new.status, tid=now, aktoer=registered_by, kanal=new.kanal)
        async with self._db.write() as connection:
            await connection.execute(s_table.insert().values(row))
            await connection.execute(e_table.insert().values(
                _event_row(samtykke_id, 1, event, now)))
        return _record(row, (event,), now)

    async def withdraw(self, samtykke_id: str, by: Actor, channel: str,
                       at: datetime | None = None) -> Samtykke:
        """Append ``TILBAGEKALDT``; InvalidStatusChange unless the samtykke is active now.

        ``at`` is when the citizen withdrew (default: now); the withdrawal takes effect
        for every reader as soon as it is stored, whatever ``at`` says.
        """
        return await self.change_status(samtykke_id, SamtykkeStatus.TILBAGEKALDT, by,
                                        channel=channel, at=at)

    async def change_status(self, samtykke_id: str, status: SamtykkeStatus, by: Actor, *,
                            channel: str | None = None, reason: str | None = None,
                            at: datetime | None = None) -> Samtykke:
        """Append a status event allowed by :data:`ALLOWED_CHANGES` from the current status."""
        samtykke_id = ensure_uuid(samtykke_id, "samtykke id")
        for _attempt in range(_ATTEMPTS):
            now = self._clock()
            event = StatusEvent(status=status, tid=now if at is None else at, aktoer=by,
                                kanal=channel, aarsag=reason)
            try:
                return await self._append_event(samtykke_id, event, now)
            except _Conflict:
                continue
        raise StoreUnavailable("samtykke status kept changing concurrently")

    async def _append_event(self, samtykke_id: str, event: StatusEvent,
                            now: datetime) -> Samtykke:
        async with self._db.write() as connection:
            current = await _load(connection, s_table.c.id == samtykke_id, now)
            if not current:
                raise SamtykkeNotFound(samtykke_id)
            record = current[0]
            if event.status not in ALLOWED_CHANGES[record.status]:
                raise InvalidStatusChange(samtykke_id, record.status, event.status)
            try:
                await connection.execute(e_table.insert().values(
                    _event_row(samtykke_id, len(record.historik) + 1, event, now)))
            except IntegrityError:
                raise _Conflict from None
        return _with_history(record, (*record.historik, event), now)

    async def get(self, samtykke_id: str) -> Samtykke | None:
        """The samtykke with its history and current status, or None."""
        try:
            samtykke_id = ensure_uuid(samtykke_id, "samtykke id")
        except ValueError:
            return None
        now = self._clock()
        async with self._db.read() as connection:
            found = await _load(connection, s_table.c.id == samtykke_id, now)
        return found[0] if found else None

    async def list_for_borger(self, borger_id: str,
                              status: Collection[SamtykkeStatus] | None = None,
                              ) -> tuple[Samtykke, ...]:
        """The citizen's samtykker (oldest first), optionally only those in ``status`` now."""
        return (await self.list_for_borgere([borger_id], status))[borger_id]

    async def list_for_borgere(self, borger_ids: Collection[str],
                               status: Collection[SamtykkeStatus] | None = None,
                               ) -> Mapping[str, tuple[Samtykke, ...]]:
        """:meth:`list_for_borger` for several citizens in one query; every id is a key."""
        canonical = {borger_id: ensure_uuid(borger_id, "borger id") for borger_id in borger_ids}
        if not canonical:
            return {}
        now = self._clock()
        async with self._db.read() as connection:
            found = await _load(connection, s_table.c.borger_id.in_(
                sorted(set(canonical.values()))), now)
        wanted = None if status is None else frozenset(status)
        return _by_borger(canonical, (record for record in found
                                      if wanted is None or record.status in wanted))

    async def active_for(self, borger_ids: Collection[str],
                         at: datetime) -> Mapping[str, tuple[Samtykke, ...]]:
        """Per given citizen, the samtykker AKTIV at ``at`` (GIVET and FRABEDT alike).

        One query: the latest status event is AKTIV and ``at`` lies within gyldighed. Every
        given id is a key of the result (with an empty tuple when nothing is active).
        """
        at = ensure_aware(at, "at")
        canonical = {borger_id: ensure_uuid(borger_id, "borger id") for borger_id in borger_ids}
        if not canonical:
            return {}
        latest = e_table.alias("latest")
        latest_status = (select(latest.c.status).where(latest.c.samtykke_id == s_table.c.id)
                         .order_by(latest.c.version.desc()).limit(1).scalar_subquery())
        condition = and_(
            s_table.c.borger_id.in_(sorted(set(canonical.values()))),
            s_table.c.gyldig_fra <= at,
            or_(s_table.c.gyldig_til.is_(None), s_table.c.gyldig_til >= at),
            latest_status == SamtykkeStatus.AKTIV.value)
        async with self._db.read() as connection:
            found = await _load(connection, condition, at)
        return _by_borger(canonical, found)


def _by_borger(canonical: Mapping[str, str],
               records: Iterable[Samtykke]) -> dict[str, tuple[Samtykke, ...]]:
    """Records grouped under each given id (``canonical``: given id -> canonical UUID)."""
    grouped: dict[str, list[Samtykke]] = {}
    for record in records:
        grouped.setdefault(record.borger_id, []).append(record)
    return {given: tuple(grouped.get(borger_id, ())) for given, borger_id in canonical.items()}


def _query(condition: ColumnElement[bool]) -> Select[Any]:
    return (select(s_table, e_table.c.version, e_table.c.status, e_table.c.tid,
                   e_table.c.aktoer, e_table.c.kanal, e_table.c.aarsag)
            .join(e_table, e_table.c.samtykke_id == s_table.c.id)
            .where(condition)
            .order_by(s_table.c.registreret_tid, s_table.c.id, e_table.c.version))


async def _load(connection: AsyncConnection, condition: ColumnElement[bool],
                as_of: datetime) -> tuple[Samtykke, ...]:
    """Samtykker matching ``condition``, each with its full status history."""
    rows = (await connection.execute(_query(condition))).all()
    grouped: dict[str, list[Row[Any]]] = {}
    for row in rows:
        grouped.setdefault(row.id, []).append(row)
    try:
        return tuple(_record(group[0]._mapping, tuple(_event(r) for r in group), as_of)
                     for group in grouped.values())
    except (KeyError, TypeError, ValueError) as error:
        raise StoreUnavailable("a stored samtykke could not be read") from error


def _samtykke_row(samtykke_id: str, new: NewSamtykke, by: Actor,
                  now: datetime) -> dict[str, Any]:
    return {
        "id": samtykke_id, "borger_id": new.borger_id,
        "givet_af": codec.givet_af_to_json(new.givet_af),
        "formaal": codec.kode_to_json(new.formaal),
        "handlinger": [h.value for h in new.handlinger], "type": new.type.value,
        "omraader": [o.value for o in new.omraader],
        "kle_afgraensning": None if new.kle_afgraensning is None else list(new.kle_afgraensning),
        "afgivere": [codec.myndighed_to_json(m) for m in new.afgivere],
        "modtagere": [codec.myndighed_to_json(m) for m in new.modtagere],
        "gyldig_fra": new.gyldighed.fra, "gyldig_til": new.gyldighed.til,
        "form": new.form.value,
        "skabelon": None if new.skabelon is None else codec.kode_to_json(new.skabelon),
        "informations_tekst": new.informations_tekst,
        "hjemmel": [codec.hjemmel_to_json(h) for h in new.hjemmel],
        "registreret_af": codec.actor_to_json(by), "registreret_tid": now,
        "ekstern_reference": new.ekstern_reference,
    }


def _event_row(samtykke_id: str, version: int, event: StatusEvent,
               now: datetime) -> dict[str, Any]:
    return {"samtykke_id": samtykke_id, "version": version, "status": event.status.value,
            "tid": event.tid, "registreret_tid": now,
            "aktoer": codec.actor_to_json(event.aktoer), "kanal": event.kanal,
            "aarsag": event.aarsag}


def _event(row: Row[Any]) -> StatusEvent:
    return StatusEvent(status=SamtykkeStatus(row.status), tid=row.tid,
                       aktoer=codec.actor_from_json(row.aktoer), kanal=row.kanal,
                       aarsag=row.aarsag)


def _tuple(values: Iterable[Any], convert: Callable[[Any], Any]) -> tuple[Any, ...]:
    return tuple(convert(value) for value in values)


def _record(row: Mapping[Any, Any], history: Sequence[StatusEvent],
            as_of: datetime) -> Samtykke:
    gyldighed = Periode(fra=row["gyldig_fra"], til=row["gyldig_til"])
    status, since = derive_status(history[-1], gyldighed, as_of)
    kle = row["kle_afgraensning"]
    return Samtykke(
        id=row["id"], borger_id=row["borger_id"],
        givet_af=codec.givet_af_from_json(row["givet_af"]),
        formaal=codec.kode_from_json(row["formaal"]),
        handlinger=_tuple(row["handlinger"], SamtykkeHandling),
        type=SamtykkeType(row["type"]), omraader=_tuple(row["omraader"], Sektor),
        kle_afgraensning=None if kle is None else tuple(str(k) for k in kle),
        afgivere=_tuple(row["afgivere"], codec.myndighed_from_json),
        modtagere=_tuple(row["modtagere"], codec.myndighed_from_json),
        gyldighed=gyldighed, form=SamtykkeForm(row["form"]),
        skabelon=None if row["skabelon"] is None else codec.kode_from_json(row["skabelon"]),
        informations_tekst=row["informations_tekst"],
        hjemmel=_tuple(row["hjemmel"], codec.hjemmel_from_json),
        ekstern_reference=row["ekstern_reference"],
        registreret_af=codec.actor_from_json(row["registreret_af"]),
        registreret_tid=row["registreret_tid"], historik=tuple(history),
        status=status, status_tid=since, as_of=as_of)


def _with_history(record: Samtykke, history: tuple[StatusEvent, ...], as_of: datetime,
                  ) -> Samtykke:
    status, since = derive_status(history[-1], record.gyldighed, as_of)
    return replace(record, historik=history, status=status, status_tid=since, as_of=as_of)

"""The write-back queue: which plan items go back to their sector's system, and how it went.

An item (goal or aftale) whose ``fagomraade`` is a write-back sector (Min Plan for
beskæftigelse) is queued in the same transaction as the plan version that added or changed
it: a ``hoi_tilbageskrivning`` row ``AFVENTER`` for (plan, item, plan version) — a
transactional outbox, so no change is lost and none is queued twice. The worker that talks
to the sector system (a later step) appends rows for its attempts (``I_GANG`` to claim an
attempt — the unique key lets one worker win — then ``GENNEMFOERT`` or ``FEJLET``) and uses
``<item id>:<plan version>`` as the idempotency key towards the sector system, so a retried
attempt is never applied twice. The item's status is the latest row's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.store import Sektor
from authz.store.engine import Database
from authz.store.registry import Clock
from authz.store.values import ensure_uuid
from subgraphs.hoi.plan_state.errors import InvalidChange
from subgraphs.hoi.plan_state.tables import hoi_tilbageskrivning

__all__ = ["Tilbageskrivning", "TilbageskrivningStatus", "WritebackQueue", "enqueue"]


class TilbageskrivningStatus(StrEnum):
    """Where an item's write-back stands."""

    AFVENTER = "AFVENTER"
    I_GANG = "I_GANG"
    GENNEMFOERT = "GENNEMFOERT"
    FEJLET = "FEJLET"
    OPGIVET = "OPGIVET"
    ERSTATTET = "ERSTATTET"


@dataclass(frozen=True, slots=True, kw_only=True)
class Tilbageskrivning:
    """An item's write-back: the plan version being written, its status and attempts."""

    element_id: str
    plan_version: int
    """The plan version whose content of the item is being written back."""
    sektor: Sektor
    status: TilbageskrivningStatus
    forsoeg: int
    """Attempts made so far (0 while only queued)."""
    sidst_forsoegt: datetime | None
    """When the latest attempt was made (None while only queued)."""
    ekstern_id: str | None
    """The sector system's id of the item, once written."""

    @property
    def idempotency_key(self) -> str:
        """What the sector system is given so that a retry is never applied twice."""
        return f"{self.element_id}:{self.plan_version}"


async def enqueue(connection: AsyncConnection, plan_id: str, element_id: str,
                  plan_version: int, sektor: Sektor, now: datetime) -> None:
    """Queue an item's write-back (inside the plan version's own transaction)."""
    await connection.execute(hoi_tilbageskrivning.insert().values(
        plan_id=plan_id, element_id=element_id, plan_version=plan_version, sektor=sektor.value,
        status=TilbageskrivningStatus.AFVENTER.value, forsoeg=0, tid=now))


def _state(rows: list[Any]) -> Tilbageskrivning:
    """The state of the latest queued plan version (a late answer about an older version,
    which a newer one superseded, does not hide it)."""
    version = max(r.plan_version for r in rows)
    current = [r for r in rows if r.plan_version == version]
    latest = current[-1]
    attempts = [r for r in current if r.forsoeg > 0]
    return Tilbageskrivning(
        element_id=latest.element_id, plan_version=latest.plan_version,
        sektor=Sektor(latest.sektor), status=TilbageskrivningStatus(latest.status),
        forsoeg=max((r.forsoeg for r in attempts), default=0),
        sidst_forsoegt=max((r.tid for r in attempts), default=None),
        ekstern_id=next((r.ekstern_id for r in reversed(rows) if r.ekstern_id), None))


class WritebackQueue:
    """Reading the queue per plan, and appending attempts (for the write-back worker)."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def for_plan(self, plan_id: str) -> Mapping[str, Tilbageskrivning]:
        """Each queued item's write-back state, by item id."""
        plan_id = ensure_uuid(plan_id, "plan id")
        async with self._db.read() as connection:
            rows = (await connection.execute(
                select(hoi_tilbageskrivning).where(hoi_tilbageskrivning.c.plan_id == plan_id)
                .order_by(hoi_tilbageskrivning.c.seq))).all()
        grouped: dict[str, list[Any]] = {}
        for row in rows:
            grouped.setdefault(row.element_id, []).append(row)
        return {element: _state(group) for element, group in grouped.items()}

    async def registrer(self, plan_id: str, element_id: str, plan_version: int,
                        sektor: Sektor, status: TilbageskrivningStatus, forsoeg: int, *,
                        fejl: str | None = None, ekstern_id: str | None = None) -> None:
        """Append one step of an attempt; InvalidChange if that step is recorded already."""
        async with self._db.write() as connection:
            try:
                await connection.execute(hoi_tilbageskrivning.insert().values(
                    plan_id=ensure_uuid(plan_id, "plan id"), element_id=element_id,
                    plan_version=plan_version, sektor=sektor.value, status=status.value,
                    forsoeg=forsoeg, tid=self._clock(), fejl=fejl, ekstern_id=ekstern_id))
            except IntegrityError:
                raise InvalidChange("that write-back step is recorded already (or the plan "
                                    "version does not exist)") from None

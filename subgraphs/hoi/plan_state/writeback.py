"""The write-back queue: which plan items go back to their sector's system, and how it went.

An item (goal or aftale) whose ``fagomraade`` is a write-back sector (Min Plan for
beskæftigelse) is queued in the same transaction as the plan version that added or changed
it: a ``hoi_tilbageskrivning`` row ``AFVENTER`` for (plan, item, plan version) — a
transactional outbox, so no change is lost and none is queued twice. The worker
(:mod:`.outbox`, driven by ``subgraphs.hoi.writeback``) appends rows for its attempts
(``I_GANG`` to claim attempt *n* — the unique key lets one worker win — then
``GENNEMFOERT``, ``FEJLET`` or ``OPGIVET``) and uses ``<item id>:<plan version>`` as the
idempotency key towards the sector system, so a retried attempt is never applied twice.

An item's state is that of its latest queued plan version (older ones are superseded): done
once any attempt of it succeeded, given up once the worker gave up, else its latest row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.store import Sektor
from authz.store.engine import Database
from authz.store.values import ensure_uuid
from subgraphs.hoi.plan_state.tables import hoi_tilbageskrivning

__all__ = ["FINAL", "Tilbageskrivning", "TilbageskrivningStatus", "enqueue", "group_rows",
           "item_state", "read_queue"]


class TilbageskrivningStatus(StrEnum):
    """Where an item's write-back stands."""

    AFVENTER = "AFVENTER"
    I_GANG = "I_GANG"
    GENNEMFOERT = "GENNEMFOERT"
    FEJLET = "FEJLET"
    OPGIVET = "OPGIVET"
    ERSTATTET = "ERSTATTET"


FINAL = frozenset({TilbageskrivningStatus.GENNEMFOERT, TilbageskrivningStatus.OPGIVET})
"""States after which a plan version's item is not tried again."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Tilbageskrivning:
    """An item's write-back: the plan version being written, its status and attempts."""

    plan_id: str
    element_id: str
    plan_version: int
    """The plan version whose content of the item is being written back."""
    sektor: Sektor
    status: TilbageskrivningStatus
    forsoeg: int
    """Attempts made so far (0 while only queued)."""
    sidst_forsoegt: datetime | None
    """When the latest attempt was made or concluded (None while only queued)."""
    fejl: str | None
    """Why the latest attempt failed (a fixed text, never personal data); None once done."""
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


def _status(current: Sequence[Any]) -> TilbageskrivningStatus:
    found = {TilbageskrivningStatus(r.status) for r in current}
    for final in (TilbageskrivningStatus.GENNEMFOERT, TilbageskrivningStatus.OPGIVET):
        if final in found:  # a late answer of an earlier attempt does not undo it
            return final
    return TilbageskrivningStatus(current[-1].status)


def item_state(rows: Sequence[Any]) -> Tilbageskrivning:
    """The state of one item from all its rows (in ``seq`` order)."""
    version = max(r.plan_version for r in rows)
    current = [r for r in rows if r.plan_version == version]
    attempts = [r for r in current if r.forsoeg > 0]
    status = _status(current)
    failed = [r for r in attempts if r.fejl]
    return Tilbageskrivning(
        plan_id=current[0].plan_id, element_id=current[0].element_id, plan_version=version,
        sektor=Sektor(current[0].sektor), status=status,
        forsoeg=max((r.forsoeg for r in attempts), default=0),
        sidst_forsoegt=max((r.tid for r in attempts), default=None),
        fejl=None if status is TilbageskrivningStatus.GENNEMFOERT or not failed
        else failed[-1].fejl,
        ekstern_id=next((r.ekstern_id for r in reversed(rows) if r.ekstern_id), None))


def group_rows(rows: Sequence[Any]) -> dict[tuple[str, str], list[Any]]:
    """Rows by (plan, item), each group in the given (``seq``) order."""
    grouped: dict[tuple[str, str], list[Any]] = {}
    for row in rows:
        grouped.setdefault((row.plan_id, row.element_id), []).append(row)
    return grouped


async def read_queue(database: Database, plan_id: str) -> Mapping[str, Tilbageskrivning]:
    """Each queued item's write-back state in one plan, by item id."""
    plan_id = ensure_uuid(plan_id, "plan id")
    async with database.read() as connection:
        rows = (await connection.execute(
            select(hoi_tilbageskrivning).where(hoi_tilbageskrivning.c.plan_id == plan_id)
            .order_by(hoi_tilbageskrivning.c.seq))).all()
    return {element: item_state(group) for (_, element), group in group_rows(rows).items()}

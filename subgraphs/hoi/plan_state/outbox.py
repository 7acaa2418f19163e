"""The write-back worker's side of the queue: what is due, claiming an attempt, its outcome.

A worker asks :meth:`WritebackQueue.due` for jobs, claims each with :meth:`~WritebackQueue.claim`
(appending ``I_GANG`` with the attempt number; the unique key on (plan, item, plan version,
attempt, status) lets exactly one of several workers win), sends, and records the outcome
with :meth:`~WritebackQueue.finish`. An item is due when its latest queued plan version is
neither done nor given up, no attempt of it is in flight (an ``I_GANG`` without outcome,
younger than the lease), and the backoff after its last failure has passed. An attempt whose
worker died is retried once its lease runs out; the sector system's idempotency key
(``<item id>:<plan version>``) makes that safe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from authz.store import Sektor, StoreError
from authz.store.engine import Database
from authz.store.registry import Clock
from authz.store.values import ensure_uuid
from subgraphs.hoi.plan_state.errors import InvalidChange
from subgraphs.hoi.plan_state.tables import hoi_tilbageskrivning as queue_table
from subgraphs.hoi.plan_state.writeback import (
    FINAL,
    Tilbageskrivning,
    TilbageskrivningStatus,
    group_rows,
    item_state,
    read_queue,
)

__all__ = ["RetryPolicy", "WritebackJob", "WritebackQueue"]

_S = TilbageskrivningStatus


class _Taken(StoreError):
    """Another worker claimed the attempt first (rolls the claim's transaction back)."""

_OUTCOMES = frozenset({_S.GENNEMFOERT.value, _S.FEJLET.value, _S.OPGIVET.value})


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """How often and how long a write-back is tried."""

    first_delay: float = 5.0
    """Seconds between the first failure and the second attempt; doubled after each one."""
    max_delay: float = 600.0
    """The longest wait between two attempts, in seconds."""
    max_attempts: int = 12
    """After this many failed attempts the item is given up (``OPGIVET``)."""
    lease: float = 120.0
    """Seconds an attempt may run before another worker may try again."""

    def __post_init__(self) -> None:
        if self.first_delay < 0 or self.max_delay < 0 or self.lease <= 0:
            raise ValueError("retry delays must be >= 0 and the lease > 0")
        if self.max_attempts < 1:
            raise ValueError("at least one attempt is needed")

    def delay(self, failed: int) -> timedelta:
        """The wait after ``failed`` failed attempts."""
        return timedelta(seconds=min(self.max_delay,
                                     self.first_delay * 2 ** max(0, failed - 1)))


@dataclass(frozen=True, slots=True, kw_only=True)
class WritebackJob:
    """One attempt to make: which item at which plan version, and the attempt's number."""

    state: Tilbageskrivning
    forsoeg: int

    @property
    def plan_id(self) -> str:
        return self.state.plan_id

    @property
    def element_id(self) -> str:
        return self.state.element_id

    @property
    def plan_version(self) -> int:
        return self.state.plan_version

    @property
    def sektor(self) -> Sektor:
        return self.state.sektor

    @property
    def idempotency_key(self) -> str:
        """The key the sector system dedupes on: the same for every attempt of this version."""
        return self.state.idempotency_key


def _in_flight(rows: Sequence[Any], now: datetime, policy: RetryPolicy) -> bool:
    """True while an attempt (of any version) has no outcome and its lease runs."""
    concluded = {(r.plan_version, r.forsoeg) for r in rows if r.status in _OUTCOMES}
    lease = timedelta(seconds=policy.lease)
    return any(r.status == _S.I_GANG.value and (r.plan_version, r.forsoeg) not in concluded
               and r.tid + lease > now for r in rows)


def next_attempt(rows: Sequence[Any], now: datetime, policy: RetryPolicy) -> int | None:
    """The number of the attempt due now for one item (its rows in order), or None."""
    state = item_state(rows)
    if state.status in FINAL or _in_flight(rows, now, policy):
        return None
    if state.status is _S.FEJLET and state.sidst_forsoegt is not None \
            and state.sidst_forsoegt + policy.delay(state.forsoeg) > now:
        return None
    return state.forsoeg + 1


class WritebackQueue:
    """The ``hoi_tilbageskrivning`` queue: reading per plan, and the worker's steps."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def for_plan(self, plan_id: str) -> Mapping[str, Tilbageskrivning]:
        """Each queued item's write-back state, by item id."""
        return await read_queue(self._db, plan_id)

    async def due(self, policy: RetryPolicy, limit: int = 100) -> list[WritebackJob]:
        """Jobs due now, oldest queued first (at most ``limit``)."""
        now = self._clock()
        t, inner, done = (queue_table, queue_table.alias("v"), queue_table.alias("d"))
        latest = (select(func.max(inner.c.plan_version))
                  .where((inner.c.plan_id == t.c.plan_id) & (inner.c.element_id == t.c.element_id))
                  .scalar_subquery())
        finished = exists().where((done.c.plan_id == t.c.plan_id)
                                  & (done.c.element_id == t.c.element_id)
                                  & (done.c.plan_version == t.c.plan_version)
                                  & done.c.status.in_([s.value for s in FINAL]))
        pending = (select(t.c.plan_id, t.c.element_id)
                   .where((t.c.status == _S.AFVENTER.value) & (t.c.plan_version == latest)
                          & ~finished).order_by(t.c.seq).limit(limit))
        async with self._db.read() as connection:
            pairs = [(r.plan_id, r.element_id) for r in (await connection.execute(pending))]
            if not pairs:
                return []
            rows = (await connection.execute(
                select(t).where(t.c.element_id.in_({e for _, e in pairs}))
                .order_by(t.c.seq))).all()
        grouped = group_rows(rows)
        jobs = []
        for pair in pairs:
            attempt = next_attempt(grouped[pair], now, policy)
            if attempt is not None:
                jobs.append(WritebackJob(state=item_state(grouped[pair]), forsoeg=attempt))
        return jobs

    async def claim(self, job: WritebackJob, policy: RetryPolicy) -> bool:
        """Claim the job's attempt (append ``I_GANG``); False when it is no longer due or
        another worker claimed it first."""
        now = self._clock()
        try:
            async with self._db.write() as connection:
                rows = (await connection.execute(
                    select(queue_table).where((queue_table.c.plan_id == job.plan_id)
                                              & (queue_table.c.element_id == job.element_id))
                    .order_by(queue_table.c.seq))).all()
                if (not rows or item_state(rows).plan_version != job.plan_version
                        or next_attempt(rows, now, policy) != job.forsoeg):
                    return False
                try:
                    await connection.execute(queue_table.insert().values(
                        plan_id=job.plan_id, element_id=job.element_id,
                        plan_version=job.plan_version, sektor=job.sektor.value,
                        status=_S.I_GANG.value, forsoeg=job.forsoeg, tid=now))
                except IntegrityError:
                    raise _Taken from None
        except _Taken:
            return False
        return True

    async def finish(self, job: WritebackJob, status: TilbageskrivningStatus, *,
                     fejl: str | None = None, ekstern_id: str | None = None) -> None:
        """Record the outcome of a claimed attempt (GENNEMFOERT, FEJLET or OPGIVET)."""
        if status.value not in _OUTCOMES:
            raise ValueError("an outcome is GENNEMFOERT, FEJLET or OPGIVET")
        await self.registrer(job.plan_id, job.element_id, job.plan_version, job.sektor, status,
                             job.forsoeg, fejl=fejl, ekstern_id=ekstern_id)

    async def registrer(self, plan_id: str, element_id: str, plan_version: int,
                        sektor: Sektor, status: TilbageskrivningStatus, forsoeg: int, *,
                        fejl: str | None = None, ekstern_id: str | None = None) -> None:
        """Append one step of an attempt; InvalidChange if that step is recorded already."""
        async with self._db.write() as connection:
            try:
                await connection.execute(queue_table.insert().values(
                    plan_id=ensure_uuid(plan_id, "plan id"), element_id=element_id,
                    plan_version=plan_version, sektor=sektor.value, status=status.value,
                    forsoeg=forsoeg, tid=self._clock(), fejl=fejl, ekstern_id=ekstern_id))
            except IntegrityError:
                raise InvalidChange("that write-back step is recorded already (or the plan "
                                    "version does not exist)") from None

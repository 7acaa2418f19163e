"""The write-back worker: deliver queued plan items to their sector systems until it works.

Each round takes the due jobs (:meth:`WritebackQueue.due`), claims each attempt (one worker
wins), reads the item as it was at the queued plan version, sends it with the sector's
:class:`~.sender.Sender` and records the outcome: ``GENNEMFOERT`` with the sector system's id,
``FEJLET`` with the reason (tried again after a growing wait), or ``OPGIVET`` when retrying
cannot help or the attempts are used up. Several workers (processes, or the subgraph's
background task next to ``python -m subgraphs.hoi.writeback once``) may run at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from authz.store import Sektor, StoreUnavailable
from subgraphs.hoi import plan_state as state
from subgraphs.hoi.writeback.sender import Sender, SendFailed, WritebackItem

__all__ = ["RoundResult", "WritebackSettings", "WritebackWorker"]

logger = logging.getLogger(__name__)
_S = state.TilbageskrivningStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class WritebackSettings:
    """How the worker runs: how often it looks, how many jobs per round, how it retries."""

    interval: float = 5.0
    """Seconds between rounds of the background task (0: no background task)."""
    batch: int = 100
    """Most jobs per round."""
    retry: state.RetryPolicy = field(default_factory=state.RetryPolicy)

    def __post_init__(self) -> None:
        if self.interval < 0 or self.batch < 1:
            raise ValueError("the interval must be >= 0 and the batch at least 1")


@dataclass(slots=True)
class RoundResult:
    """What one round did."""

    gennemfoert: int = 0
    fejlet: int = 0
    opgivet: int = 0
    skipped: int = 0
    """Jobs another worker claimed first (or that stopped being due)."""

    @property
    def attempted(self) -> int:
        return self.gennemfoert + self.fejlet + self.opgivet

    def count(self, outcome: state.TilbageskrivningStatus) -> None:
        """Count one recorded outcome."""
        if outcome is _S.GENNEMFOERT:
            self.gennemfoert += 1
        elif outcome is _S.OPGIVET:
            self.opgivet += 1
        else:
            self.fejlet += 1


class WritebackWorker:
    """Delivers queued items with one sender per sector."""

    def __init__(self, store: state.HoiStore, senders: Mapping[Sektor, Sender],
                 settings: WritebackSettings | None = None) -> None:
        self._store = store
        self._senders = dict(senders)
        self.settings = settings or WritebackSettings()

    async def run_once(self) -> RoundResult:
        """One round over every job due now."""
        result = RoundResult()
        queue = self._store.tilbageskrivninger
        for job in await queue.due(self.settings.retry, self.settings.batch):
            if not await queue.claim(job, self.settings.retry):
                result.skipped += 1
                continue
            outcome, fejl, ekstern_id = await self._attempt(job)
            if outcome is _S.FEJLET and job.forsoeg >= self.settings.retry.max_attempts:
                outcome = _S.OPGIVET
            await queue.finish(job, outcome, fejl=fejl, ekstern_id=ekstern_id)
            result.count(outcome)
        return result

    async def _attempt(self, job: state.WritebackJob) -> tuple[_S, str | None, str | None]:
        """Send one claimed job; (outcome, reason, the sector system's id)."""
        sender = self._senders.get(job.sektor)
        if sender is None:
            return _S.OPGIVET, f"no write-back system for {job.sektor.value}", None
        item = await self._item(job)
        if item is None:
            return _S.OPGIVET, "the item is not in that plan version", None
        try:
            return _S.GENNEMFOERT, None, await sender.send(item)
        except SendFailed as failed:
            logger.info("write-back of item %s (plan version %d, attempt %d) failed: %s",
                        job.element_id, job.plan_version, job.forsoeg, failed.reason)
            return (_S.OPGIVET if failed.permanent else _S.FEJLET), failed.reason, None
        except Exception:  # a bug must not stop the queue: record it, try again later
            logger.exception("write-back of item %s failed unexpectedly", job.element_id)
            return _S.FEJLET, "internal error", None

    async def _item(self, job: state.WritebackJob) -> WritebackItem | None:
        version = await self._store.planer.hent(job.plan_id, job.plan_version)
        sag = await self._store.sager.for_plan(job.plan_id)
        if version is None or sag is None:
            return None
        items: tuple[state.PlanMaal | state.PlanAftale, ...] = (*version.indhold.maal,
                                                                 *version.indhold.aftaler)
        element = next((i for i in items if i.id == job.element_id), None)
        return None if element is None else WritebackItem(
            element=element, plan_version=job.plan_version, borger_id=sag.borger_id,
            idempotency_key=job.idempotency_key)

    async def run_forever(self) -> None:
        """Rounds every ``interval`` seconds until cancelled; failures are logged, not fatal."""
        while True:
            try:
                result = await self.run_once()
            except StoreUnavailable:
                logger.warning("write-back: the HOI store is unavailable")
            except Exception:  # keep the background task alive; the next round tries again
                logger.exception("write-back: a round failed")
            else:
                if result.attempted:
                    logger.info("write-back: %d done, %d failed, %d given up",
                                result.gennemfoert, result.fejlet, result.opgivet)
            await asyncio.sleep(self.settings.interval)

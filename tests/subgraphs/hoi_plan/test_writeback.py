"""The write-back worker over the store (SQLite and PostgreSQL): retries with backoff, claims
that let one of several workers win, leases, giving up, and never delivering a version twice."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime

from authz.store import Sektor
from subgraphs.hoi.plan_state import (
    AendrAftale,
    AftaleType,
    HoiStore,
    MaalType,
    RetryPolicy,
    TilbageskrivningStatus,
    TilfoejAftale,
    TilfoejMaal,
    VurderetAf,
)
from subgraphs.hoi.writeback import SendFailed, WritebackItem, WritebackSettings, WritebackWorker
from tests.subgraphs.hoi_plan.samples import KOORDINATOR, Clock, open_case

S = TilbageskrivningStatus
POLICY = RetryPolicy(first_delay=10.0, max_delay=60.0, max_attempts=4, lease=30.0)


def meeting(titel: str = "Samtale om praktik") -> TilfoejAftale:
    """A Min Plan aftale."""
    return TilfoejAftale(type=AftaleType.MOEDE, titel=titel,
                         fra=datetime(2026, 6, 1, 9, tzinfo=UTC),
                         fagomraade=Sektor.BESKAEFTIGELSE)


class FakeMinPlan:
    """A sector system keyed like Min Plan: applies each idempotency key once."""

    def __init__(self, *, failures: int = 0, permanent: bool = False, delay: float = 0.0,
                 lost: int = 0) -> None:
        self.failures = failures
        self.permanent = permanent
        self.delay = delay
        self.lost = lost
        self.sent: Counter[str] = Counter()
        self.applied: dict[str, str] = {}
        self.items: dict[str, WritebackItem] = {}

    async def send(self, item: WritebackItem) -> str:
        self.sent[item.idempotency_key] += 1
        await asyncio.sleep(self.delay)
        if self.failures:
            self.failures -= 1
            raise SendFailed("Min Plan: HTTP 503", permanent=self.permanent)
        ekstern = self.applied.setdefault(item.idempotency_key, f"mp-{len(self.applied)}")
        self.items[item.idempotency_key] = item
        if self.lost:
            self.lost -= 1
            raise SendFailed("Min Plan: HTTP 503")
        return ekstern


def worker(hoi: HoiStore, minplan: FakeMinPlan) -> WritebackWorker:
    return WritebackWorker(hoi, {Sektor.BESKAEFTIGELSE: minplan},
                           WritebackSettings(retry=POLICY, interval=0))


async def test_a_failing_delivery_is_retried_with_backoff_until_it_succeeds(
        hoi: HoiStore, clock: Clock) -> None:
    sag = await open_case(hoi)
    v2 = await hoi.planer.aendr(sag.plan_id, 1, meeting(), KOORDINATOR)
    aftale_id = v2.indhold.aftaler[0].id
    minplan = FakeMinPlan(failures=2)
    run = worker(hoi, minplan)
    assert (await run.run_once()).fejlet == 1
    failed = (await hoi.tilbageskrivninger.for_plan(sag.plan_id))[aftale_id]
    assert (failed.status, failed.forsoeg, failed.fejl) == (S.FEJLET, 1, "Min Plan: HTTP 503")
    assert (await run.run_once()).attempted == 0  # the backoff has not passed
    clock.advance(seconds=10)
    assert (await run.run_once()).fejlet == 1
    clock.advance(seconds=15)
    assert (await run.run_once()).attempted == 0  # 20 s after the second failure
    clock.advance(seconds=5)
    assert (await run.run_once()).gennemfoert == 1
    done = (await hoi.tilbageskrivninger.for_plan(sag.plan_id))[aftale_id]
    assert (done.status, done.forsoeg, done.fejl, done.ekstern_id) == (
        S.GENNEMFOERT, 3, None, "mp-0")
    assert dict(minplan.sent) == {f"{aftale_id}:2": 3}
    assert list(minplan.applied) == [f"{aftale_id}:2"]
    item = minplan.items[f"{aftale_id}:2"]
    assert (item.borger_id, item.plan_version, item.element.id) == (sag.borger_id, 2, aftale_id)
    clock.advance(hours=1)
    assert (await run.run_once()).attempted == 0  # done is done


async def test_a_lost_answer_is_retried_with_the_same_key_and_applied_once(
        hoi: HoiStore, clock: Clock) -> None:
    sag = await open_case(hoi)
    aftale_id = (await hoi.planer.aendr(sag.plan_id, 1, meeting(), KOORDINATOR)
                 ).indhold.aftaler[0].id
    minplan = FakeMinPlan(lost=1)
    run = worker(hoi, minplan)
    await run.run_once()
    clock.advance(seconds=10)
    assert (await run.run_once()).gennemfoert == 1
    assert minplan.sent[f"{aftale_id}:2"] == 2 and len(minplan.applied) == 1


async def test_two_workers_racing_deliver_every_version_once(
        database_url: str, hoi: HoiStore, clock: Clock) -> None:
    plans = [await open_case(hoi) for _ in range(3)]
    expected = set()
    for sag in plans:
        version = 1
        for titel in ("Første samtale", "Anden samtale"):
            stored = await hoi.planer.aendr(sag.plan_id, version, meeting(titel), KOORDINATOR)
            version = stored.version
            expected.add(f"{stored.element_id}:{version}")
    minplan = FakeMinPlan(delay=0.02)
    other = await HoiStore.open(database_url, clock=clock)
    try:
        rounds = await asyncio.gather(worker(hoi, minplan).run_once(),
                                      worker(other, minplan).run_once())
    finally:
        await other.close()
    assert sum(r.attempted for r in rounds) == sum(r.gennemfoert for r in rounds) == len(expected)
    assert set(minplan.sent) == expected and set(minplan.sent.values()) == {1}
    for sag in plans:
        states = (await hoi.tilbageskrivninger.for_plan(sag.plan_id)).values()
        assert {(s.status, s.forsoeg) for s in states} == {(S.GENNEMFOERT, 1)}


async def test_claims_of_the_same_attempt_let_exactly_one_worker_win(
        database_url: str, hoi: HoiStore, clock: Clock) -> None:
    sag = await open_case(hoi)
    await hoi.planer.aendr(sag.plan_id, 1, meeting(), KOORDINATOR)
    (job,) = await hoi.tilbageskrivninger.due(POLICY)
    stores = [await HoiStore.open(database_url, clock=clock) for _ in range(4)]
    try:
        won = await asyncio.gather(*(s.tilbageskrivninger.claim(job, POLICY) for s in stores))
    finally:
        for store in stores:
            await store.close()
    assert sorted(won) == [False, False, False, True]
    assert await hoi.tilbageskrivninger.due(POLICY) == []


async def test_an_attempt_whose_worker_died_is_retried_after_its_lease(
        hoi: HoiStore, clock: Clock) -> None:
    sag = await open_case(hoi)
    aftale_id = (await hoi.planer.aendr(sag.plan_id, 1, meeting(), KOORDINATOR)
                 ).indhold.aftaler[0].id
    (job,) = await hoi.tilbageskrivninger.due(POLICY)
    assert await hoi.tilbageskrivninger.claim(job, POLICY)  # ... and the worker dies
    state = (await hoi.tilbageskrivninger.for_plan(sag.plan_id))[aftale_id]
    assert (state.status, state.forsoeg) == (S.I_GANG, 1)
    minplan = FakeMinPlan()
    assert (await worker(hoi, minplan).run_once()).attempted == 0
    clock.advance(seconds=31)
    assert (await worker(hoi, minplan).run_once()).gennemfoert == 1
    done = (await hoi.tilbageskrivninger.for_plan(sag.plan_id))[aftale_id]
    assert (done.status, done.forsoeg) == (S.GENNEMFOERT, 2)
    assert dict(minplan.sent) == {f"{aftale_id}:2": 1}


async def test_a_permanent_refusal_or_too_many_failures_give_up(
        hoi: HoiStore, clock: Clock) -> None:
    refused, flaky = await open_case(hoi), await open_case(hoi)
    await hoi.planer.aendr(refused.plan_id, 1, meeting(), KOORDINATOR)
    assert (await worker(hoi, FakeMinPlan(failures=1, permanent=True)).run_once()).opgivet == 1
    (given_up,) = (await hoi.tilbageskrivninger.for_plan(refused.plan_id)).values()
    assert (given_up.status, given_up.forsoeg) == (S.OPGIVET, 1)
    await hoi.planer.aendr(flaky.plan_id, 1, meeting(), KOORDINATOR)
    minplan = FakeMinPlan(failures=10)
    for _ in range(6):
        await worker(hoi, minplan).run_once()
        clock.advance(minutes=5)
    (state,) = (await hoi.tilbageskrivninger.for_plan(flaky.plan_id)).values()
    assert (state.status, state.forsoeg) == (S.OPGIVET, POLICY.max_attempts)
    assert sum(minplan.sent.values()) == POLICY.max_attempts


async def test_a_changed_item_is_delivered_again_as_its_new_version(
        hoi: HoiStore, clock: Clock) -> None:
    sag = await open_case(hoi)
    v2 = await hoi.planer.aendr(sag.plan_id, 1, meeting(), KOORDINATOR)
    aftale_id = v2.indhold.aftaler[0].id
    minplan = FakeMinPlan()
    await worker(hoi, minplan).run_once()
    v3 = await hoi.planer.aendr(sag.plan_id, 2, AendrAftale(aftale_id=aftale_id,
                                                            sted="Jobcentret, lokale 3"),
                                KOORDINATOR)
    goal = await hoi.planer.aendr(sag.plan_id, 3, TilfoejMaal(
        type=MaalType.UDDANNELSESMAAL, beskrivelse="Start på EUD",
        formuleret_af=VurderetAf.FAELLES, fagomraade=Sektor.BESKAEFTIGELSE), KOORDINATOR)
    assert (await worker(hoi, minplan).run_once()).gennemfoert == 2
    assert set(minplan.sent) == {f"{aftale_id}:2", f"{aftale_id}:{v3.version}",
                                 f"{goal.element_id}:{goal.version}"}
    assert minplan.items[f"{aftale_id}:{v3.version}"].element.sted == "Jobcentret, lokale 3"
    state = (await hoi.tilbageskrivninger.for_plan(sag.plan_id))[aftale_id]
    assert (state.status, state.plan_version) == (S.GENNEMFOERT, v3.version)

"""The samtykke registry: register, read, withdraw, status rules and the per-request lookup."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from authz.store import (
    Actor,
    ActorKind,
    InvalidStatusChange,
    Periode,
    SamtykkeNotFound,
    SamtykkeStatus,
    SamtykkeType,
    Store,
)
from tests.authz.store.samples import T0, WORKER, borger_id, new_samtykke


class Clock:
    """A settable clock for a store."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def test_give_stores_every_field_and_get_reads_it_back(store: Store) -> None:
    new = new_samtykke(borger_id())
    given = await store.samtykker.give(new, WORKER)
    assert given.status is SamtykkeStatus.AKTIV
    assert given.registreret_af == WORKER
    read = await store.samtykker.get(given.id)
    assert read == given
    assert read is not None
    for name in ("borger_id", "givet_af", "formaal", "handlinger", "type", "omraader",
                 "kle_afgraensning", "afgivere", "modtagere", "gyldighed", "form", "skabelon",
                 "informations_tekst", "hjemmel", "ekstern_reference"):
        assert getattr(read, name) == getattr(new, name), name
    assert [(e.status, e.kanal, e.aktoer) for e in read.historik] == [
        (SamtykkeStatus.AKTIV, "papir", WORKER)]


async def test_get_unknown_or_malformed_id_is_none(store: Store) -> None:
    assert await store.samtykker.get("00000000-0000-4000-8000-000000000000") is None
    assert await store.samtykker.get("not-a-uuid") is None


async def test_withdraw_appends_a_status_event(store: Store) -> None:
    given = await store.samtykker.give(new_samtykke(borger_id()), WORKER)
    citizen = Actor(kind=ActorKind.BORGER, id=given.borger_id)
    withdrawn = await store.samtykker.withdraw(given.id, citizen, "MitID")
    assert withdrawn.status is SamtykkeStatus.TILBAGEKALDT
    assert withdrawn.tilbagekaldt_kanal == "MitID"
    assert withdrawn.tilbagekaldt_tid == withdrawn.status_tid
    read = await store.samtykker.get(given.id)
    assert read == withdrawn
    assert read is not None
    assert [e.status for e in read.historik] == [SamtykkeStatus.AKTIV,
                                                 SamtykkeStatus.TILBAGEKALDT]
    assert read.historik[1].aktoer == citizen
    assert replace(read, historik=given.historik, status=given.status,
                   status_tid=given.status_tid) == given  # the samtykke itself is unchanged


async def test_withdraw_at_records_when_the_citizen_withdrew(store: Store) -> None:
    given = await store.samtykker.give(new_samtykke(borger_id()), WORKER)
    said_so = datetime.now(UTC) - timedelta(hours=2)
    withdrawn = await store.samtykker.withdraw(given.id, WORKER, "telefon", at=said_so)
    assert withdrawn.tilbagekaldt_tid == said_so
    active = await store.samtykker.active_for([given.borger_id], datetime.now(UTC))
    assert active[given.borger_id] == ()


async def test_withdrawing_twice_or_unknown_is_an_error(store: Store) -> None:
    given = await store.samtykker.give(new_samtykke(borger_id()), WORKER)
    await store.samtykker.withdraw(given.id, WORKER, "telefon")
    with pytest.raises(InvalidStatusChange) as caught:
        await store.samtykker.withdraw(given.id, WORKER, "telefon")
    assert (caught.value.current, caught.value.requested) == ("TILBAGEKALDT", "TILBAGEKALDT")
    with pytest.raises(SamtykkeNotFound):
        await store.samtykker.withdraw("00000000-0000-4000-8000-000000000000", WORKER, "x")


@pytest.mark.parametrize("initial", [SamtykkeStatus.UDKAST, SamtykkeStatus.AFVENTER_BORGER,
                                     SamtykkeStatus.AFVIST])
async def test_withdrawing_a_samtykke_that_is_not_active_is_an_error(
        store: Store, initial: SamtykkeStatus) -> None:
    given = await store.samtykker.give(new_samtykke(borger_id(), status=initial), WORKER)
    with pytest.raises(InvalidStatusChange):
        await store.samtykker.withdraw(given.id, WORKER, "telefon")


async def test_expired_samtykke_reads_udloebet_since_til(database_url: str) -> None:
    clock = Clock(T0)
    async with await Store.open(database_url, clock=clock) as store:
        window = Periode(fra=T0 - timedelta(days=1), til=T0 + timedelta(days=30))
        given = await store.samtykker.give(new_samtykke(borger_id(), gyldighed=window), WORKER)
        til = given.gyldighed.til
        assert til is not None
        clock.now = til + timedelta(seconds=1)
        read = await store.samtykker.get(given.id)
        assert read is not None
        assert (read.status, read.status_tid) == (SamtykkeStatus.UDLOEBET, til)
        with pytest.raises(InvalidStatusChange):
            await store.samtykker.withdraw(given.id, WORKER, "telefon")
        listed = await store.samtykker.list_for_borger(given.borger_id,
                                                       status=[SamtykkeStatus.UDLOEBET])
        assert [s.id for s in listed] == [given.id]
        assert await store.samtykker.list_for_borger(
            given.borger_id, status=[SamtykkeStatus.AKTIV]) == ()


async def test_list_for_borger_is_per_citizen_and_filters_status(store: Store) -> None:
    borger, other = borger_id(), borger_id()
    first = await store.samtykker.give(new_samtykke(borger), WORKER)
    second = await store.samtykker.give(new_samtykke(borger), WORKER)
    await store.samtykker.give(new_samtykke(other), WORKER)
    await store.samtykker.withdraw(first.id, WORKER, "telefon")
    assert [s.id for s in await store.samtykker.list_for_borger(borger)] == [first.id, second.id]
    assert [s.id for s in await store.samtykker.list_for_borger(
        borger, status=[SamtykkeStatus.TILBAGEKALDT])] == [first.id]


async def test_change_status_follows_the_life_cycle(store: Store) -> None:
    given = await store.samtykker.give(
        new_samtykke(borger_id(), status=SamtykkeStatus.AFVENTER_BORGER), WORKER)
    at = datetime.now(UTC)
    assert (await store.samtykker.active_for([given.borger_id], at))[given.borger_id] == ()
    active = await store.samtykker.change_status(given.id, SamtykkeStatus.AKTIV, WORKER,
                                                 channel="MitID")
    assert active.status is SamtykkeStatus.AKTIV
    at = datetime.now(UTC)
    assert [s.id for s in (await store.samtykker.active_for([given.borger_id], at))[
        given.borger_id]] == [given.id]
    wrong = await store.samtykker.change_status(given.id, SamtykkeStatus.FEJLREGISTRERET,
                                                WORKER, reason="forkert borger")
    assert wrong.historik[-1].aarsag == "forkert borger"
    with pytest.raises(InvalidStatusChange):
        await store.samtykker.change_status(given.id, SamtykkeStatus.AKTIV, WORKER)


def _count_selects(store: Store) -> list[str]:
    statements: list[str] = []

    @event.listens_for(store.database.engine.sync_engine, "before_cursor_execute")
    def _seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    return statements


async def test_active_for_honours_status_window_and_expiry(store: Store) -> None:
    at = datetime.now(UTC)
    borger, other, nobody = borger_id(), borger_id(), borger_id()
    window = Periode(fra=at - timedelta(days=1), til=at + timedelta(days=1))
    active = await store.samtykker.give(new_samtykke(borger, gyldighed=window), WORKER)
    frabedt = await store.samtykker.give(
        new_samtykke(borger, gyldighed=window, type=SamtykkeType.FRABEDT), WORKER)
    future = await store.samtykker.give(new_samtykke(borger, gyldighed=Periode(
        fra=at + timedelta(hours=1))), WORKER)
    expired = await store.samtykker.give(new_samtykke(borger, gyldighed=Periode(
        fra=at - timedelta(days=2), til=at - timedelta(seconds=1))), WORKER)
    await store.samtykker.give(new_samtykke(borger, gyldighed=window,
                                            status=SamtykkeStatus.UDKAST), WORKER)
    withdrawn = await store.samtykker.give(new_samtykke(borger, gyldighed=window), WORKER)
    await store.samtykker.withdraw(withdrawn.id, WORKER, "telefon")
    other_active = await store.samtykker.give(new_samtykke(other, gyldighed=window), WORKER)

    selects = _count_selects(store)
    found = await store.samtykker.active_for([borger, other, nobody], at)
    assert len(selects) == 1  # one query for every citizen of the request
    assert set(found) == {borger, other, nobody}
    assert {s.id for s in found[borger]} == {active.id, frabedt.id}
    assert [s.id for s in found[other]] == [other_active.id]
    assert found[nobody] == ()
    later = await store.samtykker.active_for([borger], at + timedelta(hours=2))
    assert {s.id for s in later[borger]} == {active.id, frabedt.id, future.id}
    earlier = await store.samtykker.active_for([borger], at - timedelta(days=1, seconds=1))
    assert {s.id for s in earlier[borger]} == {expired.id}
    assert all(s.status is SamtykkeStatus.AKTIV for s in found[borger])


async def test_active_for_refuses_naive_time_and_non_uuid_ids(store: Store) -> None:
    with pytest.raises(ValueError, match="timezone"):
        await store.samtykker.active_for([borger_id()], datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(ValueError, match="UUID"):
        await store.samtykker.active_for(["0101011234"], datetime.now(UTC))
    assert await store.samtykker.active_for([], datetime.now(UTC)) == {}


async def test_two_stores_see_each_others_withdrawal_at_once(database_url: str) -> None:
    async with await Store.open(database_url) as one, await Store.open(database_url) as two:
        given = await one.samtykker.give(new_samtykke(borger_id()), WORKER)
        at = datetime.now(UTC)
        assert [s.id for s in (await two.samtykker.active_for([given.borger_id], at))[
            given.borger_id]] == [given.id]
        await one.samtykker.withdraw(given.id, WORKER, "telefon")
        assert (await two.samtykker.active_for([given.borger_id], at))[given.borger_id] == ()
        read = await two.samtykker.get(given.id)
        assert read is not None
        assert read.status is SamtykkeStatus.TILBAGEKALDT


async def test_concurrent_withdrawals_record_exactly_one(database_url: str) -> None:
    async with await Store.open(database_url) as one, await Store.open(database_url) as two:
        given = await one.samtykker.give(new_samtykke(borger_id()), WORKER)
        results = await asyncio.gather(
            *(store.samtykker.withdraw(given.id, WORKER, f"kanal-{n}")
              for n, store in enumerate((one, two, one, two))),
            return_exceptions=True)
        assert sum(not isinstance(r, BaseException) for r in results) == 1
        assert all(isinstance(r, InvalidStatusChange) for r in results
                   if isinstance(r, BaseException))
        read = await one.samtykker.get(given.id)
        assert read is not None
        assert [e.status for e in read.historik] == [SamtykkeStatus.AKTIV,
                                                     SamtykkeStatus.TILBAGEKALDT]


async def test_closed_store_is_unavailable(database_url: str) -> None:
    from authz.store import StoreUnavailable

    store = await Store.open(database_url)
    await store.close()
    with pytest.raises(StoreUnavailable):
        await store.samtykker.active_for([borger_id()], datetime.now(UTC))


async def test_list_for_borgere_answers_several_citizens_in_one_query(store: Store) -> None:
    first, second, nobody = borger_id(), borger_id(), borger_id()
    one = await store.samtykker.give(new_samtykke(first), WORKER)
    two = await store.samtykker.give(new_samtykke(second), WORKER)
    await store.samtykker.withdraw(two.id, WORKER, "telefon")
    selects = _count_selects(store)
    found = await store.samtykker.list_for_borgere([first, second, nobody])
    assert len(selects) == 1
    assert {key: [s.id for s in value] for key, value in found.items()} == {
        first: [one.id], second: [two.id], nobody: []}
    active = await store.samtykker.list_for_borgere([first, second], [SamtykkeStatus.AKTIV])
    assert {key: [s.id for s in value] for key, value in active.items()} == {
        first: [one.id], second: []}

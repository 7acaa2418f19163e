"""``active_hoi_cases``: what the gateway's policy reads about HOI cases, in one query."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from authz.store import Sektor
from subgraphs.hoi.plan_state import HoiStore, active_hoi_cases, hoi_case_loader
from tests.subgraphs.hoi_plan.samples import (
    KOMMUNE,
    KOORDINATOR,
    Clock,
    borger_id,
    citizen,
    give,
    ny_sag,
    open_case,
)


async def test_an_active_case_names_its_koordinator_and_consent(hoi: HoiStore,
                                                                 clock: Clock) -> None:
    sag = await open_case(hoi, Sektor.SOCIAL, Sektor.UDDANNELSE)
    nobody = borger_id()
    found = await active_hoi_cases(hoi.database, [sag.borger_id, nobody], clock())
    assert found[nobody] == ()
    (case,) = found[sag.borger_id]
    assert (case.case_id, case.plan_id, case.borger_id, case.kommune_cvr) == (
        sag.id, sag.plan_id, sag.borger_id, KOMMUNE)
    assert (case.koordinator_id, case.koordinator_cvr) == (KOORDINATOR.id, KOMMUNE)
    assert case.is_koordinator(KOORDINATOR.id, KOMMUNE)
    assert not case.is_koordinator(KOORDINATOR.id, "22222222")
    assert case.samtykke_id == sag.current.samtykke_id
    assert case.omraader == {"SOCIAL", "UDDANNELSE"} == case.plan_omraader
    assert case.handlinger == {"SE"}
    assert await hoi_case_loader(hoi.database)([sag.borger_id], clock()) == {
        sag.borger_id: (case,)}


async def test_the_samtykke_sectors_may_be_wider_than_the_plan(hoi: HoiStore,
                                                                clock: Clock) -> None:
    borger = borger_id()
    samtykke_id = await give(hoi, borger, Sektor.SOCIAL, Sektor.UDDANNELSE,
                             Sektor.BESKAEFTIGELSE)
    await hoi.sager.opret(ny_sag(borger, samtykke_id, Sektor.SOCIAL), KOORDINATOR)
    (case,) = (await active_hoi_cases(hoi.database, [borger], clock()))[borger]
    assert case.omraader == {"SOCIAL", "UDDANNELSE", "BESKAEFTIGELSE"}
    assert case.plan_omraader == {"SOCIAL"}


async def test_withdrawal_takes_the_consent_away_at_once(hoi: HoiStore, clock: Clock) -> None:
    sag = await open_case(hoi)
    await hoi.store.samtykker.withdraw(sag.current.samtykke_id, citizen(sag.borger_id), "MitID")
    found = await active_hoi_cases(hoi.database, [sag.borger_id], clock())
    assert found == {sag.borger_id: ()}
    await hoi.sager.registrer_alle_ophoer()  # recorded or not, the case is not active
    assert await active_hoi_cases(hoi.database, [sag.borger_id], clock()) == found


async def test_the_consent_counts_only_within_its_validity(hoi: HoiStore, clock: Clock) -> None:
    sag = await open_case(hoi)
    later = clock() + timedelta(days=400)  # the sample samtykke runs for a year
    assert await active_hoi_cases(hoi.database, [sag.borger_id], later) == {sag.borger_id: ()}
    earlier = clock() - timedelta(days=3)  # before it was valid
    assert await active_hoi_cases(hoi.database, [sag.borger_id], earlier) == {
        sag.borger_id: ()}
    assert len((await active_hoi_cases(hoi.database, [sag.borger_id], clock()))[
        sag.borger_id]) == 1


async def test_a_closed_case_is_not_returned(hoi: HoiStore, clock: Clock) -> None:
    sag = await open_case(hoi)
    await hoi.sager.afslut(sag.id, 1, KOORDINATOR, "slut")
    found = await active_hoi_cases(hoi.database, [sag.borger_id], clock())
    assert found == {sag.borger_id: ()}


async def test_many_citizens_take_one_query(hoi: HoiStore, clock: Clock) -> None:
    cases = [await open_case(hoi) for _ in range(5)]
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    engine = hoi.database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        found = await active_hoi_cases(hoi.database, [c.borger_id for c in cases], clock())
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(statements) == 1
    assert {c.borger_id: c.id for c in cases} == {b: found[b][0].case_id for b in found}


def test_the_module_imports_no_web_framework() -> None:
    code = ("import sys, subgraphs.hoi.plan_state; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('strawberry', 'starlette', 'uvicorn', 'aiohttp', 'graphql')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"

"""The HOI sag in the store: opening under rule H1, versions, closing, samtykke withdrawal."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from authz.store import ActorKind, Kode, MyndighedRef, Periode, SamtykkeType, Sektor
from subgraphs.hoi.plan_state import (
    ConsentRequired,
    HoiSagStatus,
    HoiStore,
    InvalidChange,
    Koordinator,
    MaalType,
    PlanFrozen,
    SagExists,
    SagHaendelse,
    TilfoejMaal,
    VersionConflict,
    VurderetAf,
)
from tests.subgraphs.hoi_plan.samples import (
    KOMMUNE,
    KOORDINATOR,
    SOCIAL,
    Clock,
    borger_id,
    citizen,
    give,
    ny_sag,
    open_case,
)

GOAL = TilfoejMaal(type=MaalType.BESKAEFTIGELSESMAAL, beskrivelse="Praktik i foråret",
                   formuleret_af=VurderetAf.FAGPERSON)


async def test_opening_stores_the_case_its_first_version_and_an_empty_plan(
        hoi: HoiStore) -> None:
    borger = borger_id()
    samtykke_id = await give(hoi, borger, Sektor.BESKAEFTIGELSE, Sektor.SOCIAL,
                             Sektor.UDDANNELSE)
    opened = await hoi.sager.opret(ny_sag(borger, samtykke_id, Sektor.SOCIAL,
                                          Sektor.BESKAEFTIGELSE), KOORDINATOR)
    read = await hoi.sager.hent(opened.id)
    assert read is not None and read == opened
    assert (read.status, read.version, read.borger_id, read.kommune_cvr) == (
        HoiSagStatus.AKTIV, 1, borger, KOMMUNE)
    assert read.koordinator == Koordinator(bruger_id=KOORDINATOR.id, cvr=KOMMUNE)
    assert read.omraader == (Sektor.BESKAEFTIGELSE, Sektor.SOCIAL)  # fixed sector order
    first = read.historik[0]
    assert (first.haendelse, first.aktoer, first.aarsag, first.samtykke_id) == (
        SagHaendelse.OPRETTET, KOORDINATOR, "Borgeren har samtykket til HOI", samtykke_id)
    plan = await hoi.planer.hent(read.plan_id)
    assert plan is not None and plan.version == 1 and plan.indhold.maal == ()
    assert (await hoi.sager.for_borgere([borger]))[borger] == (read,)


def _refusals() -> dict[str, dict[str, object]]:
    now = datetime.now(UTC)
    return {
        "not HOI": {"formaal": Kode(system="urn:helhed:formaal", kode="jobformidling")},
        "sector missing": {"omraader": (Sektor.BESKAEFTIGELSE,)},
        "a refusal": {"type": SamtykkeType.FRABEDT},
        "other municipality": {"modtagere": (MyndighedRef(cvr="22222222"),)},
        "not yet valid": {"gyldighed": Periode(fra=now + timedelta(days=2))},
        "expired": {"gyldighed": Periode(fra=now - timedelta(days=9),
                                         til=now - timedelta(days=1))},
    }


@pytest.mark.parametrize("case", sorted(_refusals()))
async def test_opening_without_a_covering_active_hoi_samtykke_is_refused(
        hoi: HoiStore, case: str) -> None:
    borger = borger_id()
    samtykke_id = await give(hoi, borger, **_refusals()[case])
    with pytest.raises(ConsentRequired) as refused:
        await hoi.sager.opret(ny_sag(borger, samtykke_id), KOORDINATOR)
    assert refused.value.extensions() == {"code": "CONSENT_REQUIRED"}
    assert (await hoi.sager.for_borgere([borger]))[borger] == ()


async def test_opening_with_another_citizens_or_a_withdrawn_samtykke_is_refused(
        hoi: HoiStore) -> None:
    borger, other = borger_id(), borger_id()
    with pytest.raises(ConsentRequired, match="no samtykke"):
        await hoi.sager.opret(ny_sag(borger, await give(hoi, other)), KOORDINATOR)
    samtykke_id = await give(hoi, borger)
    await hoi.store.samtykker.withdraw(samtykke_id, citizen(borger), "MitID")
    with pytest.raises(ConsentRequired, match="TILBAGEKALDT"):
        await hoi.sager.opret(ny_sag(borger, samtykke_id), KOORDINATOR)
    assert (await hoi.sager.for_borgere([borger]))[borger] == ()


async def test_a_koordinator_of_another_municipality_is_refused(hoi: HoiStore) -> None:
    borger = borger_id()
    ny = replace(ny_sag(borger, await give(hoi, borger)),
                 koordinator=Koordinator(bruger_id="x", cvr="22222222"))
    with pytest.raises(InvalidChange):
        await hoi.sager.opret(ny, KOORDINATOR)


async def test_one_open_case_per_citizen_and_municipality(hoi: HoiStore) -> None:
    sag = await open_case(hoi)
    samtykke_id = sag.current.samtykke_id
    with pytest.raises(SagExists) as exists:
        await hoi.sager.opret(ny_sag(sag.borger_id, samtykke_id), KOORDINATOR)
    assert exists.value.extensions() == {"code": "ALREADY_EXISTS", "sagId": sag.id}
    await hoi.sager.afslut(sag.id, 1, KOORDINATOR, "Forløbet er slut")
    again = await hoi.sager.opret(ny_sag(sag.borger_id, samtykke_id), KOORDINATOR)
    assert again.id != sag.id and again.status is HoiSagStatus.AKTIV


async def test_concurrent_openings_for_one_citizen_make_one_case(hoi: HoiStore) -> None:
    borger = borger_id()
    samtykke_id = await give(hoi, borger)
    results = await asyncio.gather(*(hoi.sager.opret(ny_sag(borger, samtykke_id), KOORDINATOR)
                                     for _ in range(4)), return_exceptions=True)
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, SagExists) for r in results if isinstance(r, BaseException))
    assert len((await hoi.sager.for_borgere([borger]))[borger]) == 1


async def test_closing_freezes_the_plan_and_keeps_every_version(hoi: HoiStore) -> None:
    sag = await open_case(hoi)
    with pytest.raises(VersionConflict) as stale:
        await hoi.sager.afslut(sag.id, 7, KOORDINATOR, "slut")
    assert stale.value.extensions() == {"code": "CONFLICT", "currentVersion": 1}
    closed = await hoi.sager.afslut(sag.id, 1, KOORDINATOR, "Borgeren er i job")
    assert closed.status is HoiSagStatus.AFSLUTTET and closed.version == 2
    assert [(v.haendelse, v.status, v.aarsag) for v in closed.historik] == [
        (SagHaendelse.OPRETTET, HoiSagStatus.AKTIV, "Borgeren har samtykket til HOI"),
        (SagHaendelse.AFSLUTTET, HoiSagStatus.AFSLUTTET, "Borgeren er i job")]
    with pytest.raises(PlanFrozen) as frozen:
        await hoi.planer.aendr(sag.plan_id, 1, GOAL, SOCIAL)
    assert frozen.value.extensions() == {"code": "PLAN_FROZEN", "status": "AFSLUTTET"}
    with pytest.raises(PlanFrozen):
        await hoi.sager.afslut(sag.id, 2, KOORDINATOR, "igen")
    plan = await hoi.planer.hent(sag.plan_id)
    assert plan is not None and plan.version == 1


async def test_concurrent_changes_of_one_case_one_wins_the_rest_conflict(
        hoi: HoiStore) -> None:
    sag = await open_case(hoi)
    new = [Koordinator(bruger_id=f"k{n}", cvr=KOMMUNE) for n in range(4)]
    results = await asyncio.gather(*(hoi.sager.aendr(sag.id, 1, KOORDINATOR, "skifte",
                                                     koordinator=k) for k in new),
                                   return_exceptions=True)
    won = [r for r in results if not isinstance(r, BaseException)]
    assert len(won) == 1
    lost = [r for r in results if isinstance(r, BaseException)]
    assert all(isinstance(r, VersionConflict) and r.current_version == 2 for r in lost)
    read = await hoi.sager.hent(sag.id)
    assert read is not None and read.version == 2 and read.koordinator in new


async def test_withdrawal_closes_access_at_once_and_is_recorded(
        hoi: HoiStore, clock: Clock) -> None:
    sag = await open_case(hoi)
    withdrawn_at = clock.advance(minutes=5)
    await hoi.store.samtykker.withdraw(sag.current.samtykke_id, citizen(sag.borger_id), "MitID")
    clock.advance(minutes=1)
    read = await hoi.sager.hent(sag.id)
    assert read is not None
    assert read.status is HoiSagStatus.SAMTYKKE_OPHOERT and read.version == 1  # derived
    assert read.lapse_unrecorded
    with pytest.raises(PlanFrozen, match="SAMTYKKE_OPHOERT"):
        await hoi.planer.aendr(sag.plan_id, 1, GOAL, SOCIAL)
    recorded = await hoi.sager.hent(sag.id)
    assert recorded is not None and recorded.version == 2 and not recorded.lapse_unrecorded
    event = recorded.current
    assert (event.haendelse, event.status, event.tid, event.aktoer.kind, event.aarsag) == (
        SagHaendelse.SAMTYKKE_OPHOERT, HoiSagStatus.SAMTYKKE_OPHOERT, withdrawn_at,
        ActorKind.SYSTEM, "samtykke TILBAGEKALDT")
    assert await hoi.sager.registrer_ophoer([recorded]) == 0


async def test_the_sweep_records_every_unrecorded_lapse_once(hoi: HoiStore) -> None:
    lapsed = [await open_case(hoi) for _ in range(3)]
    kept = await open_case(hoi)
    for sag in lapsed:
        await hoi.store.samtykker.withdraw(sag.current.samtykke_id, citizen(sag.borger_id),
                                           "telefon")
    assert await hoi.sager.registrer_alle_ophoer() == 3
    assert await hoi.sager.registrer_alle_ophoer() == 0
    for sag in lapsed:
        read = await hoi.sager.hent(sag.id)
        assert read is not None and [v.haendelse for v in read.historik][-1] is \
            SagHaendelse.SAMTYKKE_OPHOERT
    read_kept = await hoi.sager.hent(kept.id)
    assert read_kept is not None and read_kept.version == 1


async def test_a_new_samtykke_reopens_a_lapsed_case(hoi: HoiStore) -> None:
    sag = await open_case(hoi)
    await hoi.store.samtykker.withdraw(sag.current.samtykke_id, citizen(sag.borger_id), "MitID")
    with pytest.raises(PlanFrozen):
        await hoi.sager.aendr(sag.id, 1, KOORDINATOR, "ny koordinator",
                              koordinator=Koordinator(bruger_id="ny", cvr=KOMMUNE))
    fresh = await give(hoi, sag.borger_id)
    changed = await hoi.sager.aendr(sag.id, 1, KOORDINATOR, "Nyt samtykke",
                                    samtykke_id=fresh)
    assert changed.status is HoiSagStatus.AKTIV and changed.current.samtykke_id == fresh
    assert changed.current.haendelse is SagHaendelse.AENDRET


async def test_widening_the_plan_needs_a_samtykke_covering_it(hoi: HoiStore) -> None:
    sag = await open_case(hoi, Sektor.BESKAEFTIGELSE, Sektor.SOCIAL)
    with pytest.raises(ConsentRequired, match="UDDANNELSE"):
        await hoi.sager.aendr(sag.id, 1, KOORDINATOR, "udvid",
                              omraader=[*sag.omraader, Sektor.UDDANNELSE])
    read = await hoi.sager.hent(sag.id)
    assert read is not None and read.version == 1


async def test_case_rows_cannot_be_updated_or_deleted(hoi: HoiStore) -> None:
    sag = await open_case(hoi)
    engine = hoi.database.engine
    for statement in ("UPDATE hoi_sag_version SET aarsag = 'x'", "DELETE FROM hoi_sag_version",
                      "UPDATE hoi_sag SET kommune_cvr = '22222222'",
                      "DELETE FROM hoi_plan_version"):
        with pytest.raises(Exception, match="append-only"):
            async with engine.begin() as connection:
                await connection.execute(text(statement))
    read = await hoi.sager.hent(sag.id)
    assert read == sag

"""The shared HOI plan in the store: versions, optimistic conflicts, rule C4, write-back queue."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from authz.store import Actor, Sektor
from subgraphs.hoi.plan_state import (
    AendrAftale,
    AendrMaal,
    AftaleStatus,
    AftaleType,
    BekraeftAftale,
    BorgerBidragType,
    FjernIndsats,
    Godkend,
    HoiStore,
    InvalidChange,
    MaalStatus,
    MaalType,
    NotFound,
    NotPermitted,
    PlanAendring,
    PlanEdit,
    PlanVersion,
    TilbageskrivningStatus,
    TilfoejAftale,
    TilfoejBidrag,
    TilfoejIndsats,
    TilfoejMaal,
    VersionConflict,
    VurderetAf,
)
from tests.subgraphs.hoi_plan.samples import KOORDINATOR, SOCIAL, citizen, open_case


def goal(text: str = "Praktik i foråret", sektor: Sektor | None = None) -> TilfoejMaal:
    """A professional goal."""
    return TilfoejMaal(type=MaalType.BESKAEFTIGELSESMAAL, beskrivelse=text,
                       formuleret_af=VurderetAf.FAGPERSON, fagomraade=sektor)


def own_goal(text: str = "Jeg vil have et arbejde") -> TilfoejMaal:
    """The citizen's own goal."""
    return TilfoejMaal(type=MaalType.BORGERENS_EGET_MAAL, beskrivelse=text,
                       formuleret_af=VurderetAf.BORGER)


MEETING = TilfoejAftale(type=AftaleType.MOEDE, titel="Netværksmøde",
                        fra=datetime(2026, 5, 4, 9, tzinfo=UTC), sted="Jobcentret",
                        aftalt_indhold="Vi aftaler praktik", fagomraade=Sektor.BESKAEFTIGELSE)


async def test_every_change_is_a_new_version_with_who_when_what_and_why(
        hoi: HoiStore) -> None:
    sag = await open_case(hoi)
    v2 = await hoi.planer.aendr(sag.plan_id, 1, goal(), SOCIAL, "Aftalt på mødet")
    assert (v2.version, v2.aendring, v2.aktoer, v2.aarsag) == (
        2, PlanAendring.MAAL_TILFOEJET, SOCIAL, "Aftalt på mødet")
    maal = v2.indhold.maal[0]
    assert v2.element_id == maal.id and maal.oprettet.aktoer == SOCIAL
    v3 = await hoi.planer.aendr(sag.plan_id, 2, AendrMaal(maal_id=maal.id,
                                                          status=MaalStatus.OPNAAET), KOORDINATOR)
    assert v3.indhold.maal[0].status is MaalStatus.OPNAAET
    assert v3.indhold.maal[0].oprettet.aktoer == SOCIAL
    assert v3.indhold.maal[0].aendret.aktoer == KOORDINATOR
    history = await hoi.planer.historik(sag.plan_id)
    assert [(v.version, v.aendring) for v in history] == [
        (1, PlanAendring.OPRETTET), (2, PlanAendring.MAAL_TILFOEJET),
        (3, PlanAendring.MAAL_AENDRET)]
    assert history[1] == v2  # the earlier version is kept as it was
    old = await hoi.planer.hent(sag.plan_id, version=2)
    assert old is not None and old.indhold.maal[0].status is MaalStatus.AKTIV
    current = await hoi.planer.hent(sag.plan_id)
    assert current == v3


async def test_a_stale_version_is_a_conflict_and_changes_nothing(hoi: HoiStore) -> None:
    sag = await open_case(hoi)
    await hoi.planer.aendr(sag.plan_id, 1, goal("a"), SOCIAL)
    with pytest.raises(VersionConflict) as stale:
        await hoi.planer.aendr(sag.plan_id, 1, goal("b"), KOORDINATOR)
    assert stale.value.extensions() == {"code": "CONFLICT", "currentVersion": 2}
    current = await hoi.planer.hent(sag.plan_id)
    assert current is not None and [m.beskrivelse for m in current.indhold.maal] == ["a"]


async def test_concurrent_edits_one_wins_and_retries_lose_nothing(hoi: HoiStore) -> None:
    sag = await open_case(hoi)
    texts = [f"mål {n}" for n in range(5)]
    results = await asyncio.gather(*(hoi.planer.aendr(sag.plan_id, 1, goal(t), SOCIAL)
                                     for t in texts), return_exceptions=True)
    assert sum(isinstance(r, PlanVersion) for r in results) == 1
    assert all(isinstance(r, VersionConflict) and r.current_version == 2
               for r in results if not isinstance(r, PlanVersion))

    async def retrying(edit: PlanEdit) -> PlanVersion:
        version = 1
        while True:
            try:
                return await hoi.planer.aendr(sag.plan_id, version, edit, SOCIAL)
            except VersionConflict as conflict:
                version = conflict.current_version

    more = [f"nyt {n}" for n in range(5)]
    await asyncio.gather(*(retrying(goal(t)) for t in more))
    current = await hoi.planer.hent(sag.plan_id)
    assert current is not None and current.version == 7
    won = {m.beskrivelse for m in current.indhold.maal}
    assert set(more) <= won and len(won) == 6
    assert [v.version for v in await hoi.planer.historik(sag.plan_id)] == list(range(1, 8))


async def test_the_citizen_writes_own_goals_comments_and_approval_only(hoi: HoiStore) -> None:
    sag = await open_case(hoi)
    me = citizen(sag.borger_id)
    v2 = await hoi.planer.aendr(sag.plan_id, 1, goal(), SOCIAL)
    professional = v2.indhold.maal[0]
    v3 = await hoi.planer.aendr(sag.plan_id, 2, MEETING, KOORDINATOR)
    meeting = v3.indhold.aftaler[0]
    v4 = await hoi.planer.aendr(sag.plan_id, 3, own_goal(), me)
    mine = v4.indhold.maal[1]
    assert (mine.formuleret_af, mine.oprettet.aktoer) == (VurderetAf.BORGER, me)
    assert [(b.type, b.relateret_til) for b in v4.indhold.bidrag] == [
        (BorgerBidragType.EGET_MAAL, mine.id)]
    refused: list[tuple[PlanEdit, Actor]] = [
        (AendrMaal(maal_id=professional.id, status=MaalStatus.OPGIVET), me),
        (goal("a professional goal by the citizen"), me),
        (MEETING, me),
        (AendrAftale(aftale_id=meeting.id, status=AftaleStatus.AFLYST), me),
        (TilfoejIndsats(indsats_id="x", type="SocialIndsats", sektor=Sektor.SOCIAL), me),
        (AendrMaal(maal_id=mine.id, beskrivelse="changed by a worker"), SOCIAL),
        (own_goal("a worker writing the citizen's own goal"), SOCIAL),
        (TilfoejBidrag(type=BorgerBidragType.KOMMENTAR, tekst="worker comment"), SOCIAL),
        (Godkend(), KOORDINATOR),
    ]
    for edit, actor in refused:
        with pytest.raises(NotPermitted):
            await hoi.planer.aendr(sag.plan_id, 4, edit, actor)
    v5 = await hoi.planer.aendr(sag.plan_id, 4, AendrMaal(maal_id=mine.id,
                                                          beskrivelse="Job inden sommer"), me)
    v6 = await hoi.planer.aendr(sag.plan_id, 5, TilfoejBidrag(
        type=BorgerBidragType.KOMMENTAR, tekst="Godt møde", relateret_til=meeting.id), me)
    v7 = await hoi.planer.aendr(sag.plan_id, 6, BekraeftAftale(aftale_id=meeting.id,
                                                               kanal="MitID"), me)
    confirmed = v7.indhold.aftaler[0]
    assert confirmed.status is AftaleStatus.BEKRAEFTET and confirmed.borger_bekraeftet
    assert [b.type for b in v7.indhold.bidrag] == [
        BorgerBidragType.EGET_MAAL, BorgerBidragType.KOMMENTAR,
        BorgerBidragType.AFTALE_BEKRAEFTELSE]
    assert v5.indhold.maal[1].beskrivelse == "Job inden sommer" and v6.version == 6
    assert not v7.indhold.godkendt
    v8 = await hoi.planer.aendr(sag.plan_id, 7, Godkend(kanal="MitID"), me)
    assert v8.indhold.godkendt and v8.indhold.godkendelse is not None
    assert v8.indhold.godkendelse.version == 7
    v9 = await hoi.planer.aendr(sag.plan_id, 8, TilfoejBidrag(
        type=BorgerBidragType.OENSKE, tekst="Gerne formiddage"), me)
    assert v9.indhold.godkendt  # the citizen's own wish does not undo the approval
    v10 = await hoi.planer.aendr(sag.plan_id, 9, goal("Nyt fagligt mål"), SOCIAL)
    assert not v10.indhold.godkendt  # a professional change does
    assert v10.indhold.godkendelse == v8.indhold.godkendelse


async def test_indsats_references_are_references_not_copies(hoi: HoiStore) -> None:
    sag = await open_case(hoi)
    add = TilfoejIndsats(indsats_id="4e1b0001-0000-0000-0000-000000000001",
                         type="SocialIndsats", sektor=Sektor.SOCIAL)
    v2 = await hoi.planer.aendr(sag.plan_id, 1, add, SOCIAL)
    ref = v2.indhold.indsatser[0]
    assert (ref.id, ref.type, ref.sektor) == (add.indsats_id, "SocialIndsats", Sektor.SOCIAL)
    with pytest.raises(InvalidChange):
        await hoi.planer.aendr(sag.plan_id, 2, add, SOCIAL)
    v3 = await hoi.planer.aendr(sag.plan_id, 2, FjernIndsats(indsats_id=add.indsats_id),
                                SOCIAL)
    assert v3.indhold.indsatser == ()
    with pytest.raises(NotFound):
        await hoi.planer.aendr(sag.plan_id, 3, FjernIndsats(indsats_id=add.indsats_id), SOCIAL)
    old = await hoi.planer.hent(sag.plan_id, 2)
    assert old is not None and old.indhold.indsatser == (ref,)


async def test_sector_items_are_queued_for_write_back_with_the_plan_version(
        hoi: HoiStore) -> None:
    sag = await open_case(hoi)
    v2 = await hoi.planer.aendr(sag.plan_id, 1, MEETING, KOORDINATOR)
    v3 = await hoi.planer.aendr(sag.plan_id, 2, goal("socialt mål", Sektor.SOCIAL), SOCIAL)
    aftale_id = v2.indhold.aftaler[0].id
    queue = await hoi.tilbageskrivninger.for_plan(sag.plan_id)
    assert set(queue) == {aftale_id}  # SOCIAL has no write-back system
    queued = queue[aftale_id]
    assert (queued.status, queued.plan_version, queued.forsoeg, queued.sektor) == (
        TilbageskrivningStatus.AFVENTER, 2, 0, Sektor.BESKAEFTIGELSE)
    assert queued.idempotency_key == f"{aftale_id}:2"
    await hoi.tilbageskrivninger.registrer(sag.plan_id, aftale_id, 2, Sektor.BESKAEFTIGELSE,
                                           TilbageskrivningStatus.I_GANG, 1)
    with pytest.raises(InvalidChange):  # a second worker cannot claim the same attempt
        await hoi.tilbageskrivninger.registrer(sag.plan_id, aftale_id, 2,
                                               Sektor.BESKAEFTIGELSE,
                                               TilbageskrivningStatus.I_GANG, 1)
    await hoi.tilbageskrivninger.registrer(sag.plan_id, aftale_id, 2, Sektor.BESKAEFTIGELSE,
                                           TilbageskrivningStatus.FEJLET, 1, fejl="HTTP 503")
    failed = (await hoi.tilbageskrivninger.for_plan(sag.plan_id))[aftale_id]
    assert (failed.status, failed.forsoeg) == (TilbageskrivningStatus.FEJLET, 1)
    assert failed.sidst_forsoegt is not None
    v4 = await hoi.planer.aendr(sag.plan_id, v3.version, AendrAftale(
        aftale_id=aftale_id, fra=MEETING.fra + timedelta(days=1)), KOORDINATOR)
    requeued = (await hoi.tilbageskrivninger.for_plan(sag.plan_id))[aftale_id]
    assert (requeued.status, requeued.plan_version, requeued.forsoeg) == (
        TilbageskrivningStatus.AFVENTER, v4.version, 0)


async def test_a_late_answer_about_a_superseded_version_does_not_hide_the_new_one(
        hoi: HoiStore) -> None:
    sag = await open_case(hoi)
    v2 = await hoi.planer.aendr(sag.plan_id, 1, MEETING, KOORDINATOR)
    aftale_id = v2.indhold.aftaler[0].id
    queue = hoi.tilbageskrivninger
    await queue.registrer(sag.plan_id, aftale_id, 2, Sektor.BESKAEFTIGELSE,
                          TilbageskrivningStatus.I_GANG, 1)
    v3 = await hoi.planer.aendr(sag.plan_id, 2, AendrAftale(aftale_id=aftale_id,
                                                            titel="Flyttet møde"), KOORDINATOR)
    await queue.registrer(sag.plan_id, aftale_id, 2, Sektor.BESKAEFTIGELSE,
                          TilbageskrivningStatus.GENNEMFOERT, 1, ekstern_id="minplan-1")
    state = (await queue.for_plan(sag.plan_id))[aftale_id]
    assert (state.status, state.plan_version, state.forsoeg) == (
        TilbageskrivningStatus.AFVENTER, v3.version, 0)
    assert state.ekstern_id == "minplan-1"  # the sector system's id, to update the same item

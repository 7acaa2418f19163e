"""The HOI report over the store (SQLite and PostgreSQL): the funnel for a period, plan days,
closing reasons, pseudonyms, and byte-identical output from the same stored state."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import sys
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import pytest

from authz.store import Actor, ActorKind, MyndighedRef, Periode, Sektor
from subgraphs.hoi.plan_state import AfslutningsKode, HoiStore, Koordinator, TilbudKanal
from subgraphs.hoi.report import Format, Pseudonymiser, indberetning, periode
from tests.subgraphs.hoi_plan.samples import KOORDINATOR, Clock, borger_id, hoi_samtykke, ny_sag

KEY = b"a test key of the municipality, 32+"
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
AFTER = datetime(2026, 4, 15, 12, tzinfo=UTC)
OTHER_KOMMUNE = "22222222"


def at(day: int, month: int = 3, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


@dataclass(frozen=True)
class StubMaalgruppe:
    """The målgruppe index as the report sees it (the index itself is on another branch)."""

    found: frozenset[str]
    navn: str = "stub: skal-målgruppen"

    async def fundet(self, kommune_cvr: str, fra: datetime, til: datetime) -> frozenset[str]:
        return self.found if kommune_cvr == "11111111" else frozenset()


@dataclass
class Scenario:
    a: str
    b: str
    c: str
    d: str
    e: str
    outsider: str
    c_sag: str
    maalgruppe: StubMaalgruppe


async def _consent(hoi: HoiStore, clock: Clock, borger: str, when: datetime,
                   cvr: str = "11111111") -> str:
    clock.now = when
    given = await hoi.store.samtykker.give(hoi_samtykke(
        borger, Sektor.BESKAEFTIGELSE, Sektor.SOCIAL,
        gyldighed=Periode(fra=when, til=when + timedelta(days=365)),
        modtagere=(MyndighedRef(cvr=cvr),)), KOORDINATOR)
    return given.id


async def _open(hoi: HoiStore, clock: Clock, borger: str, samtykke: str, when: datetime,
                cvr: str = "11111111") -> str:
    clock.now = when
    ny = ny_sag(borger, samtykke)
    if cvr != "11111111":
        ny = replace(ny, kommune_cvr=cvr, koordinator=Koordinator(bruger_id="x", cvr=cvr))
    actor = Actor(kind=ActorKind.MEDARBEJDER, id="karl-koordinator", cvr=cvr)
    return (await hoi.sager.opret(ny, actor)).id


async def scenario(hoi: HoiStore, clock: Clock) -> Scenario:
    a, b, c, d, e, f, g = (borger_id() for _ in range(7))
    # C: a plan since February, still open.
    c_sag = await _open(hoi, clock, c, await _consent(hoi, clock, c, at(1, 2)), at(1, 2, 11))
    # G: a plan closed in February: not in March's report.
    g_sag = await _open(hoi, clock, g, await _consent(hoi, clock, g, at(2, 2)), at(2, 2, 11))
    clock.now = at(20, 2)
    await hoi.sager.afslut(g_sag, 1, KOORDINATOR, "Afsluttet i februar")
    # A: offered, consented, a plan 5-20 March closed with a reason.
    clock.now = at(3)
    await hoi.tilbud.registrer(a, "11111111", TilbudKanal.MOEDE, KOORDINATOR)
    a_sag = await _open(hoi, clock, a, await _consent(hoi, clock, a, at(4)), at(5))
    clock.now = at(20, hour=15)
    await hoi.sager.afslut(a_sag, 1, KOORDINATOR, "Borgeren er i job hos Brugsen",
                           AfslutningsKode.MAAL_NAAET)
    # B: offered only (and again in April, after the period).
    await hoi.tilbud.registrer(b, "11111111", TilbudKanal.BREV, KOORDINATOR, tid=at(10))
    # D: a plan from 10 March whose samtykke is withdrawn on 15 March (the lapse not recorded).
    d_samtykke = await _consent(hoi, clock, d, at(9))
    await _open(hoi, clock, d, d_samtykke, at(10))
    clock.now = at(15, hour=9)
    await hoi.store.samtykker.withdraw(d_samtykke, Actor(kind=ActorKind.BORGER, id=d), "MitID")
    # F: another municipality's plan.
    await _open(hoi, clock, f, await _consent(hoi, clock, f, at(6), OTHER_KOMMUNE), at(7),
                OTHER_KOMMUNE)
    clock.now = AFTER
    return Scenario(a=a, b=b, c=c, d=d, e=e, outsider=f, c_sag=c_sag,
                    maalgruppe=StubMaalgruppe(frozenset({a, e})))


async def report(hoi: HoiStore, s: Scenario, form: Format = Format.JSON, *,
                 key: bytes = KEY, maalgruppe: bool = True) -> bytes:
    _, data = await indberetning(hoi, "11111111", *MARCH, pseudonym=Pseudonymiser(key),
                                 now=AFTER, form=form,
                                 maalgruppe=s.maalgruppe if maalgruppe else None)
    return data


async def test_the_funnel_plan_days_and_closing_reasons_of_a_period(
        hoi: HoiStore, clock: Clock) -> None:
    s = await scenario(hoi, clock)
    document = json.loads(await report(hoi, s))
    p = Pseudonymiser(KEY)
    rows = {r["pseudonym"]: r for r in document["borgere"]}
    assert set(rows) == {p(s.a), p(s.b), p(s.c), p(s.d), p(s.e)}
    assert document["periode"] == {"fra": "2026-03-01", "til": "2026-03-31"}
    assert document["maalgruppe_kilde"] == "stub: skal-målgruppen"
    assert rows[p(s.a)] == {
        "pseudonym": p(s.a), "fundet_i_maalgruppe": True, "tilbudt": True,
        "tilbudt_dato": "2026-03-03", "samtykket": True, "samtykke_dato": "2026-03-04",
        "plan": True, "plan_oprettet_dato": "2026-03-05", "plan_dage_i_perioden": 16,
        "plan_dage_i_alt": 16, "afsluttet": True, "afsluttet_dato": "2026-03-20",
        "afslutningsaarsag": "MAAL_NAAET", "samtykke_ophoert": False}
    assert (rows[p(s.b)]["tilbudt"], rows[p(s.b)]["plan"]) == (True, False)
    assert (rows[p(s.c)]["samtykket"], rows[p(s.c)]["plan_dage_i_perioden"],
            rows[p(s.c)]["plan_dage_i_alt"]) == (False, 31, 59)
    assert (rows[p(s.d)]["plan_dage_i_perioden"], rows[p(s.d)]["samtykke_ophoert"],
            rows[p(s.d)]["afsluttet"]) == (6, True, False)
    assert (rows[p(s.e)]["fundet_i_maalgruppe"], rows[p(s.e)]["tilbudt"]) == (True, False)
    assert document["totaler"] == {
        "borgere": 5, "fundet_i_maalgruppe": 2, "tilbudt": 2, "samtykket": 2, "med_plan": 3,
        "nye_planer": 2, "plan_dage_i_perioden": {"i_alt": 53, "median": 16},
        "plan_dage_i_alt_median": 16, "afsluttede_planer": 1,
        "afslutningsaarsager": {"MAAL_NAAET": 1}, "samtykke_ophoert": 1}


async def test_nothing_but_pseudonyms_and_codes_leaves_the_store(
        hoi: HoiStore, clock: Clock) -> None:
    s = await scenario(hoi, clock)
    for form in Format:
        text = (await report(hoi, s, form)).decode("utf-8")
        for secret in (s.a, s.b, s.c, s.d, s.e, s.outsider, "Brugsen", KOORDINATOR.id):
            assert secret not in text


async def test_the_same_state_gives_the_same_bytes_and_the_key_decides_the_pseudonyms(
        hoi: HoiStore, clock: Clock) -> None:
    s = await scenario(hoi, clock)
    first = {form: await report(hoi, s, form) for form in Format}
    # Later events, a recorded lapse and another sector's change do not alter March.
    clock.now = at(2, 4)
    await hoi.tilbud.registrer(s.b, "11111111", TilbudKanal.TELEFON, KOORDINATOR)
    sag = await hoi.sager.hent(s.c_sag)
    assert sag is not None
    await hoi.sager.afslut(s.c_sag, sag.version, KOORDINATOR, "April", AfslutningsKode.ANDET)
    assert await hoi.sager.registrer_alle_ophoer() == 1
    for form in Format:
        assert await report(hoi, s, form) == first[form]
    other = await report(hoi, s, Format.CSV, key=b"another key of at least 16 bytes")
    assert other != first[Format.CSV]
    lines = list(csv.reader(io.StringIO(first[Format.CSV].decode())))
    assert lines[0][:3] == ["pseudonym", "fundet_i_maalgruppe", "tilbudt"]
    assert sorted(line[0] for line in lines[1:]) == [line[0] for line in lines[1:]]


async def test_without_a_maalgruppe_source_the_figure_is_not_available(
        hoi: HoiStore, clock: Clock) -> None:
    s = await scenario(hoi, clock)
    document = json.loads(await report(hoi, s, maalgruppe=False))
    assert document["maalgruppe_kilde"] is None
    assert document["totaler"]["fundet_i_maalgruppe"] is None
    assert {r["fundet_i_maalgruppe"] for r in document["borgere"]} == {None}
    assert Pseudonymiser(KEY)(s.e) not in {r["pseudonym"] for r in document["borgere"]}


def test_bad_periods_and_short_keys_are_refused() -> None:
    with pytest.raises(ValueError):
        periode(date(2026, 3, 2), date(2026, 3, 1), AFTER)
    with pytest.raises(ValueError):
        periode(date(2026, 5, 1), date(2026, 5, 2), AFTER)
    with pytest.raises(ValueError):
        Pseudonymiser(b"short")
    running = periode(date(2026, 4, 1), date(2026, 4, 30), AFTER)
    assert running.opgjort_til == AFTER


async def test_the_cli_writes_the_same_bytes(hoi: HoiStore, clock: Clock,
                                            database_url: str) -> None:
    s = await scenario(hoi, clock)
    expected = await report(hoi, s, Format.CSV, maalgruppe=False)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "subgraphs.hoi.report", "--fra", "2026-03-01", "--til",
        "2026-03-31", "--format", "csv", "--kommune-cvr", "11111111", "--database-url",
        database_url, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "HELHED_HOI_PSEUDONYM_KEY": KEY.decode()})
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, err.decode()
    assert out == expected
    refused = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "subgraphs.hoi.report", "--fra", "2026-03-01", "--til",
        "2026-03-31", "--kommune-cvr", "11111111", "--database-url", database_url,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={k: v for k, v in os.environ.items() if k != "HELHED_HOI_PSEUDONYM_KEY"})
    out, err = await asyncio.wait_for(refused.communicate(), timeout=60)
    assert (refused.returncode, out) == (2, b"")
    assert b"pseudonymisation key" in err

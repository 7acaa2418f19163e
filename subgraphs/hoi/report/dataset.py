"""The report's dataset: one row per citizen (pseudonymised) and totals, from the events.

A citizen is in the dataset when, in the period, they were found in the target group,
offered HOI, gave a HOI samtykke, had an active HOI plan, had their case closed, or had their
samtykke stop. Days are Danish calendar days on which a case was active (``AKTIV``: open with
an active samtykke), counted up to ``opgjort_til``.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from subgraphs.hoi import plan_state as state
from subgraphs.hoi.documents.danish import TIDSZONE
from subgraphs.hoi.report.collect import Haendelser
from subgraphs.hoi.report.pseudonym import Pseudonymiser

__all__ = ["IKKE_ANGIVET", "Datasaet", "Raekke", "datasaet"]

IKKE_ANGIVET = "IKKE_ANGIVET"
"""The closing reason of a case closed without a code."""
_S = state.HoiSagStatus
Interval = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True, kw_only=True)
class Raekke:
    """One citizen's line (no id but the pseudonym, no names, no free text)."""

    pseudonym: str
    fundet_i_maalgruppe: bool | None
    tilbudt: bool
    tilbudt_dato: date | None
    samtykket: bool
    samtykke_dato: date | None
    plan: bool
    plan_oprettet_dato: date | None
    plan_dage_i_perioden: int
    plan_dage_i_alt: int
    afsluttet: bool
    afsluttet_dato: date | None
    afslutningsaarsag: str | None
    samtykke_ophoert: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Datasaet:
    """The rows (by pseudonym) and the totals."""

    haendelser: Haendelser
    raekker: tuple[Raekke, ...]
    totaler: dict[str, Any]


def _local(value: datetime) -> date:
    return value.astimezone(TIDSZONE).date()


def active_intervals(sag: state.HoiSag, opgjort_til: datetime) -> list[Interval]:
    """When the case was ``AKTIV``, from its recorded versions (an unrecorded samtykke lapse
    ends the last interval at the samtykke's end, as its later record will)."""
    intervals: list[Interval] = []
    start: datetime | None = None
    for version in sag.historik:
        if version.status is _S.AKTIV and start is None:
            start = version.tid
        elif version.status is not _S.AKTIV and start is not None:
            intervals.append((start, version.tid))
            start = None
    if start is not None:
        end = opgjort_til
        if sag.lapse_unrecorded and sag.samtykke_status_tid is not None:
            end = min(end, sag.samtykke_status_tid)
        intervals.append((start, max(start, end)))
    return intervals


def _days(intervals: Iterable[Interval], fra: datetime, til: datetime) -> int:
    """Danish calendar days touched by the intervals within ``[fra, til)``."""
    days: set[date] = set()
    for start, end in intervals:
        start, end = max(start, fra), min(end, til)
        if end <= start:
            continue
        day, last = _local(start), _local(end - timedelta(microseconds=1))
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return len(days)


def _within(value: datetime | None, fra: datetime, til: datetime) -> bool:
    return value is not None and fra <= value < til


def _events(sager: list[state.HoiSag], fra: datetime, til: datetime
            ) -> tuple[state.SagVersion | None, bool]:
    """The latest closing in the period, and whether a samtykke stopped in it."""
    closings = [v for s in sager for v in s.historik
                if v.haendelse is state.SagHaendelse.AFSLUTTET and _within(v.tid, fra, til)]
    lapsed = any(v.haendelse is state.SagHaendelse.SAMTYKKE_OPHOERT and _within(v.tid, fra, til)
                 for s in sager for v in s.historik) or any(
        s.lapse_unrecorded and _within(s.samtykke_status_tid, fra, til) for s in sager)
    return (max(closings, key=lambda v: v.tid) if closings else None), lapsed


def _raekke(borger_id: str, h: Haendelser, sager: list[state.HoiSag],
            pseudonym: Pseudonymiser) -> Raekke | None:
    p = h.periode
    intervals = [i for s in sager for i in active_intervals(s, p.opgjort_til)]
    in_period = _days(intervals, p.fra, p.opgjort_til)
    closing, lapsed = _events(sager, p.fra, p.opgjort_til)
    found = None if h.fundet is None else borger_id in h.fundet
    offered, consented = h.tilbudt.get(borger_id), h.samtykket.get(borger_id)
    if not (found or offered or consented or in_period or closing or lapsed):
        return None
    opened = [s.oprettet_tid for s in sager]
    return Raekke(
        pseudonym=pseudonym(borger_id), fundet_i_maalgruppe=found,
        tilbudt=offered is not None, tilbudt_dato=None if offered is None else _local(offered),
        samtykket=consented is not None,
        samtykke_dato=None if consented is None else _local(consented),
        plan=in_period > 0, plan_oprettet_dato=_local(min(opened)) if opened else None,
        plan_dage_i_perioden=in_period,
        plan_dage_i_alt=_days(intervals, min(opened, default=p.fra), p.opgjort_til),
        afsluttet=closing is not None,
        afsluttet_dato=None if closing is None else _local(closing.tid),
        afslutningsaarsag=None if closing is None else (
            IKKE_ANGIVET if closing.aarsagskode is None else closing.aarsagskode.value),
        samtykke_ophoert=lapsed)


def _median(values: list[int]) -> float | int | None:
    return statistics.median(values) if values else None


def _totaler(h: Haendelser, rows: tuple[Raekke, ...]) -> dict[str, Any]:
    with_plan = [r for r in rows if r.plan]
    reasons = Counter(r.afslutningsaarsag for r in rows if r.afslutningsaarsag)
    p = h.periode
    return {
        "borgere": len(rows),
        "fundet_i_maalgruppe": None if h.fundet is None else sum(
            1 for r in rows if r.fundet_i_maalgruppe),
        "tilbudt": sum(1 for r in rows if r.tilbudt),
        "samtykket": sum(1 for r in rows if r.samtykket),
        "med_plan": len(with_plan),
        "nye_planer": sum(1 for s in h.sager if _within(s.oprettet_tid, p.fra, p.opgjort_til)),
        "plan_dage_i_perioden": {
            "i_alt": sum(r.plan_dage_i_perioden for r in with_plan),
            "median": _median([r.plan_dage_i_perioden for r in with_plan])},
        "plan_dage_i_alt_median": _median([r.plan_dage_i_alt for r in with_plan]),
        "afsluttede_planer": sum(reasons.values()),
        "afslutningsaarsager": dict(sorted(reasons.items())),
        "samtykke_ophoert": sum(1 for r in rows if r.samtykke_ophoert),
    }


def datasaet(h: Haendelser, pseudonym: Pseudonymiser) -> Datasaet:
    """The dataset for the collected events, rows ordered by pseudonym."""
    by_borger: dict[str, list[state.HoiSag]] = {}
    for sag in h.sager:
        by_borger.setdefault(sag.borger_id, []).append(sag)
    people = set(by_borger) | set(h.tilbudt) | set(h.samtykket) | set(h.fundet or ())
    rows = tuple(sorted((r for b in people
                         if (r := _raekke(b, h, by_borger.get(b, []), pseudonym)) is not None),
                        key=lambda r: r.pseudonym))
    return Datasaet(haendelser=h, raekker=rows, totaler=_totaler(h, rows))

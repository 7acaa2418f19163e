"""One report: a period of whole Danish days, read from the store, as CSV or JSON bytes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from subgraphs.hoi import plan_state as state
from subgraphs.hoi.documents.danish import TIDSZONE
from subgraphs.hoi.report.collect import Periode, indsaml
from subgraphs.hoi.report.dataset import Datasaet, datasaet
from subgraphs.hoi.report.maalgruppe import MaalgruppeKilde
from subgraphs.hoi.report.pseudonym import Pseudonymiser
from subgraphs.hoi.report.render import Format, render

__all__ = ["MAX_DAYS", "indberetning", "periode"]

MAX_DAYS = 3 * 366
"""The longest period one report covers."""


def periode(fra: date, til: date, now: datetime) -> Periode:
    """Danish days ``fra``..``til`` (both included); counting stops at ``now`` if earlier."""
    if til < fra:
        raise ValueError("til must not be before fra")
    if (til - fra).days >= MAX_DAYS:
        raise ValueError(f"a report covers at most {MAX_DAYS} days")
    start = datetime.combine(fra, time(), tzinfo=TIDSZONE)
    end = datetime.combine(til + timedelta(days=1), time(), tzinfo=TIDSZONE)
    if now <= start:
        raise ValueError("the period has not begun")
    return Periode(fra=start, til=end, opgjort_til=min(end, now))


async def indberetning(store: state.HoiStore, kommune_cvr: str, fra: date, til: date, *,
                       pseudonym: Pseudonymiser, now: datetime,
                       maalgruppe: MaalgruppeKilde | None = None,
                       form: Format = Format.CSV) -> tuple[Datasaet, bytes]:
    """The dataset and its file for the municipality's period."""
    events = await indsaml(store, kommune_cvr, periode(fra, til, now), maalgruppe)
    data = datasaet(events, pseudonym)
    return data, render(data, form)

"""What the report reads from the stored state for one municipality and period.

* offers: ``hoi_tilbud`` rows made in the period (:mod:`subgraphs.hoi.plan_state.tilbud`);
* consents: HOI samtykker (``GIVET``, a HOI formål, naming the municipality among the
  recipients) taking effect (``gyldig_fra``) in the period;
* cases: every case of the municipality opened before the period's end, with its history;
* the target group: from a :class:`~.maalgruppe.MaalgruppeKilde`, when one is configured.

Only stored rows, never the clock (except to stop counting at "now" for a period not yet
over), so the same period gives the same report until more is stored about it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from authz.store.codec import kode_from_json, myndighed_from_json
from authz.store.tables import samtykke as samtykke_table
from subgraphs.hoi import plan_state as state
from subgraphs.hoi.report.maalgruppe import MaalgruppeKilde

__all__ = ["Haendelser", "Periode", "indsaml"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Periode:
    """The report's period ``[fra, til)`` and the instant counting stops (``opgjort_til``)."""

    fra: datetime
    til: datetime
    opgjort_til: datetime
    """``til``, or now when the period is not over yet."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Haendelser:
    """Everything the report counts, per citizen (internal id)."""

    periode: Periode
    kommune_cvr: str
    tilbudt: Mapping[str, datetime]
    """Citizen → their first offer of HOI in the period."""
    samtykket: Mapping[str, datetime]
    """Citizen → when their first HOI samtykke in the period took effect."""
    sager: tuple[state.HoiSag, ...]
    fundet: frozenset[str] | None
    """Citizens found in the target group in the period; None: no source configured."""
    maalgruppe_kilde: str | None


def _is_hoi_consent(row: Any, kommune_cvr: str, settings: state.HoiSettings) -> bool:
    formaal = kode_from_json(row.formaal)
    modtagere = [myndighed_from_json(m) for m in row.modtagere]
    return (row.type == "GIVET" and formaal.system == settings.formaal_system
            and formaal.kode in settings.formaal_koder
            and any(m.cvr == kommune_cvr for m in modtagere))


async def _samtykket(store: state.HoiStore, kommune_cvr: str,
                     periode: Periode) -> dict[str, datetime]:
    async with store.database.read() as connection:
        rows = (await connection.execute(
            select(samtykke_table).where((samtykke_table.c.gyldig_fra >= periode.fra)
                                         & (samtykke_table.c.gyldig_fra < periode.opgjort_til))
            .order_by(samtykke_table.c.gyldig_fra, samtykke_table.c.id))).all()
    first: dict[str, datetime] = {}
    for row in rows:
        if _is_hoi_consent(row, kommune_cvr, store.settings):
            first.setdefault(row.borger_id, row.gyldig_fra)
    return first


async def indsaml(store: state.HoiStore, kommune_cvr: str, periode: Periode,
                  maalgruppe: MaalgruppeKilde | None = None) -> Haendelser:
    """Read what the report needs (a few queries, no writes)."""
    offers = await store.tilbud.i_periode(kommune_cvr, periode.fra, periode.opgjort_til)
    tilbudt: dict[str, datetime] = {}
    for offer in offers:
        tilbudt.setdefault(offer.borger_id, offer.tid)
    return Haendelser(
        periode=periode, kommune_cvr=kommune_cvr, tilbudt=tilbudt,
        samtykket=await _samtykket(store, kommune_cvr, periode),
        sager=await store.sager.for_kommune(kommune_cvr, periode.opgjort_til),
        fundet=None if maalgruppe is None else await maalgruppe.fundet(
            kommune_cvr, periode.fra, periode.opgjort_til),
        maalgruppe_kilde=None if maalgruppe is None else maalgruppe.navn)

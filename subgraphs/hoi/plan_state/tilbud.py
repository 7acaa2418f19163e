"""Offers of HOI: that a citizen was offered a helhedsorienteret indsats, when and how.

The smallest honest record for the report's "offered" figure: one append-only
``hoi_tilbud`` row per offer (who offered it, to whom, when, by which channel), never
changed. Whether the citizen accepted shows in what follows (a HOI samtykke, a case).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select

from authz.store import Actor
from authz.store.codec import actor_from_json, actor_to_json
from authz.store.engine import Database
from authz.store.registry import Clock
from authz.store.values import ensure_aware, ensure_cvr, ensure_uuid
from subgraphs.hoi.plan_state.errors import InvalidChange
from subgraphs.hoi.plan_state.tables import hoi_tilbud

__all__ = ["HoiTilbud", "TilbudKanal", "TilbudRegistry"]

_CLOCK_SKEW = timedelta(minutes=5)


class TilbudKanal(StrEnum):
    """How the offer was made."""

    MOEDE = "MOEDE"
    TELEFON = "TELEFON"
    BREV = "BREV"
    DIGITAL_POST = "DIGITAL_POST"


@dataclass(frozen=True, slots=True, kw_only=True)
class HoiTilbud:
    """One offer of HOI to a citizen."""

    id: str
    borger_id: str
    kommune_cvr: str
    tid: datetime
    """When the offer was made."""
    kanal: TilbudKanal
    registreret_tid: datetime
    aktoer: Actor


class TilbudRegistry:
    """Offers of HOI in the database."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def registrer(self, borger_id: str, kommune_cvr: str, kanal: TilbudKanal,
                        aktoer: Actor, tid: datetime | None = None) -> HoiTilbud:
        """Record an offer (``tid``: when it was made, default now; never in the future)."""
        now = self._clock()
        when = now if tid is None else ensure_aware(tid, "tid")
        if when > now + _CLOCK_SKEW:
            raise InvalidChange("an offer cannot be made in the future")
        offer = HoiTilbud(id=str(uuid.uuid4()), borger_id=ensure_uuid(borger_id, "borger id"),
                          kommune_cvr=ensure_cvr(kommune_cvr, "kommune cvr"), tid=when,
                          kanal=kanal, registreret_tid=now, aktoer=aktoer)
        async with self._db.write() as connection:
            await connection.execute(hoi_tilbud.insert().values(
                id=offer.id, borger_id=offer.borger_id, kommune_cvr=offer.kommune_cvr,
                tid=offer.tid, kanal=offer.kanal.value, registreret_tid=now,
                aktoer=actor_to_json(aktoer)))
        return offer

    async def i_periode(self, kommune_cvr: str, fra: datetime, til: datetime
                        ) -> tuple[HoiTilbud, ...]:
        """The municipality's offers made in ``[fra, til)``, oldest first."""
        async with self._db.read() as connection:
            rows = (await connection.execute(
                select(hoi_tilbud).where((hoi_tilbud.c.kommune_cvr == kommune_cvr)
                                         & (hoi_tilbud.c.tid >= fra) & (hoi_tilbud.c.tid < til))
                .order_by(hoi_tilbud.c.tid, hoi_tilbud.c.id))).all()
        return tuple(HoiTilbud(id=r.id, borger_id=r.borger_id, kommune_cvr=r.kommune_cvr,
                               tid=r.tid, kanal=TilbudKanal(r.kanal),
                               registreret_tid=r.registreret_tid,
                               aktoer=actor_from_json(r.aktoer)) for r in rows)

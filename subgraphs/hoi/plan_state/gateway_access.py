"""What the gateway's per-object policy needs about HOI cases: one query per request.

:func:`active_hoi_cases` is meant for the gateway (``helhed.access``), called once per
request with every citizen id in the fetched data, next to
:meth:`authz.store.SamtykkeRegistry.active_for`. It reads the database directly (no cache:
a closed case or a withdrawn samtykke counts on the very next request, on every process)
and imports no web framework, so the gateway can use it without the hoi subgraph's app.

Use (rules H3 and reading the plan, DOMAIN §12): a worker is the koordinator of a case when
``case.koordinator`` names their user id and CVR; the koordinator may read the citizen's
objects of the sectors in ``case.samtykke.omraader`` while ``case.aktiv``. Workers whose
home sector is in ``case.samtykke.omraader`` (and the koordinator) may read the case's HOI
objects (``sektor: TVAERGAAENDE``, matched by ``borgerId`` and ``kommuneCvr``: a citizen has at
most one open case per municipality).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from authz.store import SamtykkeStatus, SamtykkeType
from authz.store.engine import Database
from authz.store.errors import StoreUnavailable
from authz.store.tables import samtykke, samtykke_status
from authz.store.values import ensure_aware, ensure_uuid
from subgraphs.hoi.plan_state.sag import HoiSagStatus, Koordinator
from subgraphs.hoi.plan_state.tables import hoi_sag, hoi_sag_version, latest_sag_version

__all__ = ["HoiCaseAccess", "HoiConsent", "active_hoi_cases"]


@dataclass(frozen=True, slots=True, kw_only=True)
class HoiConsent:
    """The case's samtykke, present only while it is active at the instant asked about."""

    id: str
    """The samtykke id: the legal basis to write to the audit."""
    omraader: frozenset[str]
    """The sectors it covers (``Sektor`` names)."""
    handlinger: frozenset[str]
    """What it permits (``SE``, ``INDHENTE``, ...)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class HoiCaseAccess:
    """An open HOI case of a citizen, as the gateway's policy reads it."""

    sag_id: str
    plan_id: str
    borger_id: str
    kommune_cvr: str
    koordinator: Koordinator
    """The one koordinator: user id (token subject) and CVR."""
    status: HoiSagStatus
    """``AKTIV``, or ``SAMTYKKE_OPHOERT`` when the samtykke is withdrawn or expired."""
    samtykke: HoiConsent | None
    """The samtykke and what it covers; None unless active at the instant asked about."""
    omraader: frozenset[str]
    """The sectors in the plan (a subset of the samtykke's, rule H1)."""

    @property
    def aktiv(self) -> bool:
        """True while the case is open with an active samtykke (koordinator access, H3)."""
        return self.status is HoiSagStatus.AKTIV and self.samtykke is not None

    def is_koordinator(self, user_id: str, cvr: str) -> bool:
        """True when the worker ``user_id`` of municipality ``cvr`` is this koordinator."""
        return self.koordinator.bruger_id == user_id and self.koordinator.cvr == cvr


def _latest_status() -> Any:
    latest = samtykke_status.alias("latest")
    return (select(latest.c.status).where(latest.c.samtykke_id == samtykke.c.id)
            .order_by(latest.c.version.desc()).limit(1).scalar_subquery())


def _consent(row: Any, at: datetime) -> HoiConsent | None:
    if row.samtykke_status != SamtykkeStatus.AKTIV.value or row.type != SamtykkeType.GIVET:
        return None
    if row.gyldig_fra > at or (row.gyldig_til is not None and at > row.gyldig_til):
        return None
    return HoiConsent(id=row.samtykke_id, omraader=frozenset(row.samtykke_omraader),
                      handlinger=frozenset(row.handlinger))


def _case(row: Any, at: datetime) -> HoiCaseAccess:
    consent = _consent(row, at)
    aktiv = row.status == HoiSagStatus.AKTIV.value and consent is not None
    return HoiCaseAccess(
        sag_id=row.id, plan_id=row.plan_id, borger_id=row.borger_id,
        kommune_cvr=row.kommune_cvr,
        koordinator=Koordinator(bruger_id=row.koordinator_id, cvr=row.koordinator_cvr),
        status=HoiSagStatus.AKTIV if aktiv else HoiSagStatus.SAMTYKKE_OPHOERT,
        samtykke=consent, omraader=frozenset(row.plan_omraader))


async def active_hoi_cases(database: Database, borger_ids: Collection[str],
                           at: datetime) -> Mapping[str, tuple[HoiCaseAccess, ...]]:
    """Per given citizen id, their open (not closed) HOI cases at ``at``; one query.

    Every given id is a key (an empty tuple when the citizen has no open case). Raises
    :class:`authz.store.StoreUnavailable` when the database fails (the caller fails closed)
    and ValueError for an id that is not a UUID.
    """
    at = ensure_aware(at, "at")
    canonical = {given: ensure_uuid(given, "borger id") for given in borger_ids}
    if not canonical:
        return {}
    latest = latest_sag_version()
    query = (
        select(hoi_sag.c.id, hoi_sag.c.plan_id, hoi_sag.c.borger_id, hoi_sag.c.kommune_cvr,
               hoi_sag_version.c.status, hoi_sag_version.c.koordinator_id,
               hoi_sag_version.c.koordinator_cvr, hoi_sag_version.c.samtykke_id,
               hoi_sag_version.c.omraader.label("plan_omraader"), samtykke.c.type,
               samtykke.c.omraader.label("samtykke_omraader"), samtykke.c.handlinger,
               samtykke.c.gyldig_fra, samtykke.c.gyldig_til,
               _latest_status().label("samtykke_status"))
        .join(hoi_sag_version, hoi_sag_version.c.sag_id == hoi_sag.c.id)
        .join(samtykke, samtykke.c.id == hoi_sag_version.c.samtykke_id)
        .where(hoi_sag.c.borger_id.in_(sorted(set(canonical.values()))),
               hoi_sag_version.c.version == latest,
               hoi_sag_version.c.status != HoiSagStatus.AFSLUTTET.value)
        .order_by(hoi_sag.c.oprettet_tid, hoi_sag.c.id))
    async with database.read() as connection:
        rows = (await connection.execute(query)).all()
    grouped: dict[str, list[HoiCaseAccess]] = {}
    try:
        for row in rows:
            grouped.setdefault(row.borger_id, []).append(_case(row, at))
    except (KeyError, TypeError, ValueError) as error:
        raise StoreUnavailable("a stored HOI sag could not be read") from error
    return {given: tuple(grouped.get(b, ())) for given, b in canonical.items()}

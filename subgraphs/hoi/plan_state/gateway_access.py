"""What the gateway's per-object policy needs about HOI cases: one query per request.

:func:`active_hoi_cases` is meant for the gateway (``helhed.access``), called once per
request with every citizen id in the fetched data, next to
:meth:`authz.store.SamtykkeRegistry.active_for`; :func:`hoi_case_loader` binds it to the
gateway's database as the ``HoiCaseLoader`` (``(borger_ids, at) -> {borger_id: cases}``).
It reads the database directly (no cache: a closed case or a withdrawn samtykke counts on
the very next request, on every process) and imports no web framework.

Only *active* cases are returned: open (not closed), with a samtykke that is active at the
instant asked about. :class:`HoiCaseAccess` has the fields of the gateway policy's
``authz.policy.hoi.HoiCaseAccess`` (``case_id``, ``borger_id``, ``koordinator_id``,
``koordinator_cvr``, ``samtykke_id``, ``omraader`` = the samtykke's sectors) plus the plan,
the municipality, the plan's own sectors and the samtykke's actions. A citizen has at most
one open case per municipality, so a HOI object (``sektor: TVAERGAAENDE``) is matched to its
case by ``borgerId`` and ``kommuneCvr``.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from authz.policy.hoi import HoiCaseAccess as PolicyHoiCaseAccess
from authz.store import SamtykkeStatus, SamtykkeType
from authz.store.engine import Database
from authz.store.errors import StoreUnavailable
from authz.store.tables import samtykke, samtykke_status
from authz.store.values import ensure_aware, ensure_uuid
from subgraphs.hoi.plan_state.sag import HoiSagStatus
from subgraphs.hoi.plan_state.tables import hoi_sag, hoi_sag_version, latest_sag_version

__all__ = ["HoiCaseAccess", "HoiCaseLoader", "active_hoi_cases", "hoi_case_loader"]


@dataclass(frozen=True, slots=True, kw_only=True)
class HoiCaseAccess(PolicyHoiCaseAccess):
    """An active HOI case of a citizen, as the gateway's policy reads it (the policy's own
    fields, plus where the case lives)."""

    plan_id: str
    """The case's shared plan."""
    kommune_cvr: str
    """The municipality whose case it is (``kommuneCvr`` of its HOI objects)."""
    plan_omraader: frozenset[str]
    """The sectors in the plan (a subset of :attr:`omraader`, rule H1)."""
    handlinger: frozenset[str]
    """What the samtykke permits (``SE``, ``INDHENTE``, ...)."""

    def is_koordinator(self, user_id: str, cvr: str) -> bool:
        """True when the worker ``user_id`` of municipality ``cvr`` is this koordinator."""
        return self.koordinator_id == user_id and self.koordinator_cvr == cvr


HoiCaseLoader = Callable[[Collection[str], datetime],
                         Awaitable[Mapping[str, tuple[HoiCaseAccess, ...]]]]
"""Loads the active HOI cases of some citizens at an instant (one query; never cached)."""


def _latest_status() -> Any:
    latest = samtykke_status.alias("latest")
    return (select(latest.c.status).where(latest.c.samtykke_id == samtykke.c.id)
            .order_by(latest.c.version.desc()).limit(1).scalar_subquery())


def _active(row: Any, at: datetime) -> bool:
    """The stored case is AKTIV and its samtykke a consent active (and valid) at ``at``."""
    return (row.status == HoiSagStatus.AKTIV.value
            and row.samtykke_status == SamtykkeStatus.AKTIV.value
            and row.type == SamtykkeType.GIVET.value and row.gyldig_fra <= at
            and (row.gyldig_til is None or at <= row.gyldig_til))


def _case(row: Any) -> HoiCaseAccess:
    return HoiCaseAccess(
        case_id=row.id, borger_id=row.borger_id, koordinator_id=row.koordinator_id,
        koordinator_cvr=row.koordinator_cvr, samtykke_id=row.samtykke_id,
        omraader=frozenset(row.samtykke_omraader), plan_id=row.plan_id,
        kommune_cvr=row.kommune_cvr, plan_omraader=frozenset(row.plan_omraader),
        handlinger=frozenset(row.handlinger))


async def active_hoi_cases(database: Database, borger_ids: Collection[str],
                           at: datetime) -> Mapping[str, tuple[HoiCaseAccess, ...]]:
    """Per given citizen id, their active HOI cases at ``at``; one query.

    Every given id is a key (an empty tuple when the citizen has no active case). Raises
    :class:`authz.store.StoreUnavailable` when the database fails (the caller fails closed)
    and ValueError for an id that is not a UUID.
    """
    at = ensure_aware(at, "at")
    canonical = {given: ensure_uuid(given, "borger id") for given in borger_ids}
    if not canonical:
        return {}
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
               hoi_sag_version.c.version == latest_sag_version(),
               hoi_sag_version.c.status == HoiSagStatus.AKTIV.value)
        .order_by(hoi_sag.c.oprettet_tid, hoi_sag.c.id))
    async with database.read() as connection:
        rows = (await connection.execute(query)).all()
    grouped: dict[str, list[HoiCaseAccess]] = {}
    try:
        for row in rows:
            if _active(row, at):
                grouped.setdefault(row.borger_id, []).append(_case(row))
    except (KeyError, TypeError, ValueError) as error:
        raise StoreUnavailable("a stored HOI sag could not be read") from error
    return {given: tuple(grouped.get(b, ())) for given, b in canonical.items()}


def hoi_case_loader(database: Database) -> HoiCaseLoader:
    """:func:`active_hoi_cases` on ``database`` (whose HOI tables must exist: see
    :func:`subgraphs.hoi.plan_state.ensure_schema`)."""
    return functools.partial(active_hoi_cases, database)

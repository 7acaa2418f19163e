"""The HOI plan registry: read versions and history, and change the plan optimistically.

A change names the version the client saw. It is applied to exactly that version's content
and stored as the next version; if the plan moved on meanwhile — the version differs, or a
concurrent writer stored the same next version first (the primary key lets one win) — the
change is refused with :class:`VersionConflict` carrying the current version. Nothing is
overwritten or lost: the client reads the current version and tries again.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import ColumnElement, Row, func, select
from sqlalchemy.exc import IntegrityError

from authz.store import Actor, StoreError
from authz.store.codec import actor_from_json, actor_to_json
from authz.store.engine import Database
from authz.store.errors import StoreUnavailable
from authz.store.registry import Clock
from authz.store.values import ensure_uuid
from subgraphs.hoi.plan_state.codec import indhold_from_json, indhold_to_json
from subgraphs.hoi.plan_state.edits import PlanEdit, touched_item
from subgraphs.hoi.plan_state.errors import NotFound, PlanFrozen, VersionConflict
from subgraphs.hoi.plan_state.plan import PlanAendring, PlanVersion, Stempel
from subgraphs.hoi.plan_state.sag import HoiSagStatus
from subgraphs.hoi.plan_state.sager import SagRegistry
from subgraphs.hoi.plan_state.settings import HoiSettings
from subgraphs.hoi.plan_state.tables import hoi_plan_version
from subgraphs.hoi.plan_state.writeback import enqueue

__all__ = ["PlanRegistry"]


class _Race(StoreError):
    """Another writer stored the next version first."""


def _plan_version(row: Row[Any]) -> PlanVersion:
    return PlanVersion(plan_id=row.plan_id, version=row.version,
                       aendring=PlanAendring(row.aendring), element_id=row.element_id,
                       aarsag=row.aarsag, tid=row.tid, aktoer=actor_from_json(row.aktoer),
                       indhold=indhold_from_json(row.indhold))


class PlanRegistry:
    """HOI plans in the database."""

    def __init__(self, database: Database, sager: SagRegistry, settings: HoiSettings,
                 clock: Clock) -> None:
        self._db = database
        self._sager = sager
        self._settings = settings
        self._clock = clock

    async def _select(self, condition: ColumnElement[bool]) -> list[PlanVersion]:
        async with self._db.read() as connection:
            rows = (await connection.execute(
                select(hoi_plan_version).where(condition)
                .order_by(hoi_plan_version.c.plan_id, hoi_plan_version.c.version))).all()
        try:
            return [_plan_version(row) for row in rows]
        except (KeyError, TypeError, ValueError) as error:
            raise StoreUnavailable("a stored HOI plan could not be read") from error

    async def hent(self, plan_id: str, version: int | None = None) -> PlanVersion | None:
        """The plan at ``version`` (default: the current one), or None."""
        try:
            plan_id = ensure_uuid(plan_id, "plan id")
        except ValueError:
            return None
        if version is not None:
            found = await self._select((hoi_plan_version.c.plan_id == plan_id)
                                       & (hoi_plan_version.c.version == version))
            return found[0] if found else None
        return (await self.aktuelle([plan_id])).get(plan_id)

    async def aktuelle(self, plan_ids: Collection[str]) -> Mapping[str, PlanVersion]:
        """The current version of each plan that exists, by plan id (one query)."""
        ids = sorted({ensure_uuid(p, "plan id") for p in plan_ids})
        if not ids:
            return {}
        inner = hoi_plan_version.alias("inner")
        latest = (select(func.max(inner.c.version))
                  .where(inner.c.plan_id == hoi_plan_version.c.plan_id).scalar_subquery())
        found = await self._select(hoi_plan_version.c.plan_id.in_(ids)
                                   & (hoi_plan_version.c.version == latest))
        return {version.plan_id: version for version in found}

    async def historik(self, plan_id: str) -> tuple[PlanVersion, ...]:
        """Every version of the plan, oldest first (empty for an unknown plan)."""
        try:
            plan_id = ensure_uuid(plan_id, "plan id")
        except ValueError:
            return ()
        return tuple(await self._select(hoi_plan_version.c.plan_id == plan_id))

    async def aendr(self, plan_id: str, forventet_version: int, edit: PlanEdit, aktoer: Actor,
                    aarsag: str | None = None) -> PlanVersion:
        """Apply ``edit`` to version ``forventet_version`` and store the next version.

        PlanFrozen unless the case is AKTIV (closed, or its samtykke lapsed); VersionConflict
        when ``forventet_version`` is not the current version.
        """
        sag = await self._sager.for_plan(plan_id)
        if sag is None:
            raise NotFound("HOI plan")
        if sag.status is not HoiSagStatus.AKTIV:
            if sag.lapse_unrecorded:
                await self._sager.registrer_ophoer([sag])
            raise PlanFrozen(sag.status.value)
        now = self._clock()
        try:
            async with self._db.write() as connection:
                rows = (await connection.execute(
                    select(hoi_plan_version).where(hoi_plan_version.c.plan_id == sag.plan_id)
                    .order_by(hoi_plan_version.c.version.desc()).limit(1))).all()
                current = _plan_version(rows[0])
                if current.version != forventet_version:
                    raise VersionConflict("HOI plan", current.version)
                version = current.version + 1
                indhold, element_id = edit.apply(
                    current.indhold, Stempel(tid=now, aktoer=aktoer, version=version),
                    str(uuid.uuid4()))
                stored = PlanVersion(plan_id=sag.plan_id, version=version,
                                     aendring=edit.aendring, element_id=element_id,
                                     aarsag=None if aarsag is None or not aarsag.strip()
                                     else aarsag.strip(), tid=now, aktoer=aktoer,
                                     indhold=indhold)
                try:
                    await connection.execute(hoi_plan_version.insert().values(
                        plan_id=stored.plan_id, version=version, aendring=edit.aendring.value,
                        element_id=element_id, aarsag=stored.aarsag, tid=now,
                        aktoer=actor_to_json(aktoer), indhold=indhold_to_json(indhold)))
                except IntegrityError:
                    raise _Race from None
                item = touched_item(indhold, element_id)
                if (item is not None and item.fagomraade is not None
                        and item.fagomraade in self._settings.tilbageskriv_sektorer):
                    await enqueue(connection, sag.plan_id, item.id, version, item.fagomraade,
                                  now)
        except _Race:
            latest = await self.hent(sag.plan_id)
            raise VersionConflict("HOI plan", 0 if latest is None else latest.version) from None
        return stored

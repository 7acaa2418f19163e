"""The HOI sag registry: open, change and close cases, read them, record lapsed samtykker.

Every change is one new ``hoi_sag_version`` row holding the case's whole state and who, when
and why; rows are never updated. A change names the version it was based on: when another
change came first (the version differs, or two writers race for the same new version and the
primary key lets one win) the loser gets :class:`VersionConflict` with the current version.

The samtykke is read through :mod:`authz.store`'s registry. A withdrawal takes effect for
readers at once (:func:`~subgraphs.hoi.plan_state.sag.derive_status`); :meth:`registrer_ophoer`
records it as a version row, when a reader notices or a periodic sweep runs.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.store import Actor, ActorKind, Samtykke, Sektor, StoreError
from authz.store.codec import actor_from_json, actor_to_json
from authz.store.engine import Database
from authz.store.errors import StoreUnavailable
from authz.store.registry import Clock, SamtykkeRegistry
from authz.store.values import ensure_cvr, ensure_uuid
from subgraphs.hoi.plan_state.codec import indhold_to_json
from subgraphs.hoi.plan_state.errors import (
    InvalidChange,
    NotFound,
    PlanFrozen,
    SagExists,
    VersionConflict,
)
from subgraphs.hoi.plan_state.plan import PlanAendring, PlanIndhold
from subgraphs.hoi.plan_state.rules import (
    check_hoi_samtykke,
    check_koordinator,
    plan_sectors,
    samtykke_active,
)
from subgraphs.hoi.plan_state.sag import (
    AfslutningsKode,
    HoiSag,
    HoiSagStatus,
    Koordinator,
    SagHaendelse,
    SagVersion,
)
from subgraphs.hoi.plan_state.settings import HoiSettings
from subgraphs.hoi.plan_state.tables import (
    hoi_plan_version,
    hoi_sag,
    hoi_sag_version,
    latest_sag_version,
)

__all__ = ["NySag", "SagRegistry"]

SYSTEM = Actor(kind=ActorKind.SYSTEM, id="helhed-hoi")
"""Who records events nobody made through the plan (a samtykke's lapse)."""


class _Race(StoreError):
    """Another writer stored the same version first."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NySag:
    """What opening a case needs."""

    borger_id: str
    kommune_cvr: str
    koordinator: Koordinator
    samtykke_id: str
    omraader: tuple[Sektor, ...]
    aarsag: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "borger_id", ensure_uuid(self.borger_id, "borger id"))
        object.__setattr__(self, "samtykke_id", ensure_uuid(self.samtykke_id, "samtykke id"))
        ensure_cvr(self.kommune_cvr, "kommune cvr")
        if not self.aarsag.strip():
            raise ValueError("aarsag must not be empty")


def _version_row(sag_id: str, version: SagVersion) -> dict[str, Any]:
    return {"sag_id": sag_id, "version": version.version, "status": version.status.value,
            "haendelse": version.haendelse.value,
            "koordinator_id": version.koordinator.bruger_id,
            "koordinator_cvr": version.koordinator.cvr, "samtykke_id": version.samtykke_id,
            "omraader": [s.value for s in version.omraader], "aarsag": version.aarsag,
            "tid": version.tid, "registreret_tid": version.registreret_tid,
            "aktoer": actor_to_json(version.aktoer),
            "aarsagskode": None if version.aarsagskode is None else version.aarsagskode.value}


def _version(row: Row[Any]) -> SagVersion:
    return SagVersion(version=row.version, status=HoiSagStatus(row.status),
                      haendelse=SagHaendelse(row.haendelse),
                      koordinator=Koordinator(bruger_id=row.koordinator_id,
                                              cvr=row.koordinator_cvr),
                      samtykke_id=row.samtykke_id,
                      omraader=tuple(Sektor(s) for s in row.omraader), aarsag=row.aarsag,
                      tid=row.tid, registreret_tid=row.registreret_tid,
                      aktoer=actor_from_json(row.aktoer),
                      aarsagskode=None if row.aarsagskode is None
                      else AfslutningsKode(row.aarsagskode))


async def _rows(connection: AsyncConnection,
                condition: ColumnElement[bool]) -> dict[str, list[Row[Any]]]:
    """Case rows joined with every version row, grouped by case, oldest case first."""
    query = (select(hoi_sag, *(c for c in hoi_sag_version.c if c.name != "sag_id"))
             .join(hoi_sag_version, hoi_sag_version.c.sag_id == hoi_sag.c.id)
             .where(condition)
             .order_by(hoi_sag.c.oprettet_tid, hoi_sag.c.id, hoi_sag_version.c.version))
    grouped: dict[str, list[Row[Any]]] = {}
    for row in (await connection.execute(query)).all():
        grouped.setdefault(row.id, []).append(row)
    return grouped


class SagRegistry:
    """HOI cases in the database; every method is one or two short transactions."""

    def __init__(self, database: Database, samtykker: SamtykkeRegistry, settings: HoiSettings,
                 clock: Clock) -> None:
        self._db = database
        self._samtykker = samtykker
        self._settings = settings
        self._clock = clock

    async def opret(self, ny: NySag, aktoer: Actor) -> HoiSag:
        """Open a case and its empty plan (rule H1 checked); SagExists if one is open."""
        now = self._clock()
        omraader = plan_sectors(ny.omraader)
        check_koordinator(ny.koordinator, ny.kommune_cvr)
        samtykke = await self._samtykker.get(ny.samtykke_id)
        check_hoi_samtykke(samtykke, borger_id=ny.borger_id, kommune_cvr=ny.kommune_cvr,
                           omraader=omraader, settings=self._settings, at=now)
        sag_id, plan_id = str(uuid.uuid4()), str(uuid.uuid4())
        first = SagVersion(version=1, status=HoiSagStatus.AKTIV,
                           haendelse=SagHaendelse.OPRETTET, koordinator=ny.koordinator,
                           samtykke_id=ny.samtykke_id, omraader=omraader,
                           aarsag=ny.aarsag.strip(), tid=now, registreret_tid=now,
                           aktoer=aktoer)
        async with self._db.write() as connection:
            await self._lock_borger(connection, ny.borger_id)
            open_id = await self._open_case(connection, ny.borger_id, ny.kommune_cvr)
            if open_id is not None:
                raise SagExists(open_id)
            await connection.execute(hoi_sag.insert().values(
                id=sag_id, borger_id=ny.borger_id, kommune_cvr=ny.kommune_cvr,
                plan_id=plan_id, oprettet_tid=now, oprettet_af=actor_to_json(aktoer)))
            await connection.execute(hoi_sag_version.insert().values(
                _version_row(sag_id, first)))
            await connection.execute(hoi_plan_version.insert().values(
                plan_id=plan_id, version=1, aendring=PlanAendring.OPRETTET.value,
                element_id=None, aarsag=first.aarsag, tid=now,
                aktoer=actor_to_json(aktoer), indhold=indhold_to_json(PlanIndhold())))
        return HoiSag(id=sag_id, borger_id=ny.borger_id, kommune_cvr=ny.kommune_cvr,
                      plan_id=plan_id, oprettet_tid=now, oprettet_af=aktoer, historik=(first,),
                      samtykke_aktiv=True, samtykke_status=None if samtykke is None
                      else samtykke.status.value,
                      samtykke_status_tid=None if samtykke is None else samtykke.status_tid,
                      as_of=now)

    async def _lock_borger(self, connection: AsyncConnection, borger_id: str) -> None:
        """Serialise openings for one citizen (SQLite's BEGIN IMMEDIATE already does)."""
        if connection.dialect.name == "postgresql":
            await connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                                     {"key": f"helhed.hoi.sag:{borger_id}"})

    async def _open_case(self, connection: AsyncConnection, borger_id: str,
                         kommune_cvr: str) -> str | None:
        latest = latest_sag_version()
        query = (select(hoi_sag.c.id).join(hoi_sag_version,
                                           hoi_sag_version.c.sag_id == hoi_sag.c.id)
                 .where(hoi_sag.c.borger_id == borger_id, hoi_sag.c.kommune_cvr == kommune_cvr,
                        hoi_sag_version.c.version == latest,
                        hoi_sag_version.c.status != HoiSagStatus.AFSLUTTET.value).limit(1))
        found = (await connection.execute(query)).scalar()
        return None if found is None else str(found)

    async def aendr(self, sag_id: str, forventet_version: int, aktoer: Actor, aarsag: str, *,
                    koordinator: Koordinator | None = None, samtykke_id: str | None = None,
                    omraader: Iterable[Sektor] | None = None) -> HoiSag:
        """A new koordinator, samtykke and/or sectors; H1 holds for the result.

        A case whose samtykke lapsed takes a change only with a new active samtykke (it is
        then active again); a closed case takes none.
        """
        sag = await self._current(sag_id, forventet_version)
        if sag.status is HoiSagStatus.AFSLUTTET or (
                sag.status is HoiSagStatus.SAMTYKKE_OPHOERT and samtykke_id is None):
            raise PlanFrozen(sag.status.value)
        current = sag.current
        new_omraader = current.omraader if omraader is None else plan_sectors(omraader)
        new_samtykke = current.samtykke_id if samtykke_id is None else ensure_uuid(
            samtykke_id, "samtykke id")
        new_koordinator = koordinator or current.koordinator
        check_koordinator(new_koordinator, sag.kommune_cvr)
        if (new_koordinator, new_samtykke, new_omraader) == (
                current.koordinator, current.samtykke_id, current.omraader):
            raise InvalidChange("nothing to change")
        now = self._clock()
        check_hoi_samtykke(await self._samtykker.get(new_samtykke), borger_id=sag.borger_id,
                           kommune_cvr=sag.kommune_cvr, omraader=new_omraader,
                           settings=self._settings, at=now)
        return await self._append(sag, SagVersion(
            version=sag.version + 1, status=HoiSagStatus.AKTIV, haendelse=SagHaendelse.AENDRET,
            koordinator=new_koordinator, samtykke_id=new_samtykke, omraader=new_omraader,
            aarsag=_why(aarsag), tid=now, registreret_tid=now, aktoer=aktoer))

    async def afslut(self, sag_id: str, forventet_version: int, aktoer: Actor,
                     aarsag: str, kode: AfslutningsKode | None = None) -> HoiSag:
        """Close the case: the plan is frozen and the koordinator's access ends.

        ``kode``: why, as a code for reporting (``aarsag`` says it in words).
        """
        sag = await self._current(sag_id, forventet_version)
        if sag.status is HoiSagStatus.AFSLUTTET:
            raise PlanFrozen(sag.status.value)
        now = self._clock()
        current = sag.current
        return await self._append(sag, SagVersion(
            version=sag.version + 1, status=HoiSagStatus.AFSLUTTET,
            haendelse=SagHaendelse.AFSLUTTET, koordinator=current.koordinator,
            samtykke_id=current.samtykke_id, omraader=current.omraader, aarsag=_why(aarsag),
            tid=now, registreret_tid=now, aktoer=aktoer, aarsagskode=kode))

    async def _current(self, sag_id: str, forventet_version: int) -> HoiSag:
        sag = await self.hent(sag_id)
        if sag is None:
            raise NotFound("HOI sag")
        if sag.version != forventet_version:
            raise VersionConflict("HOI sag", sag.version)
        return sag

    async def _append(self, sag: HoiSag, version: SagVersion) -> HoiSag:
        try:
            async with self._db.write() as connection:
                latest = await connection.execute(
                    select(func.max(hoi_sag_version.c.version))
                    .where(hoi_sag_version.c.sag_id == sag.id))
                if latest.scalar() != version.version - 1:
                    raise _Race
                try:
                    await connection.execute(hoi_sag_version.insert().values(
                        _version_row(sag.id, version)))
                except IntegrityError:
                    raise _Race from None
        except _Race:
            now_current = await self.hent(sag.id)
            raise VersionConflict("HOI sag", 0 if now_current is None
                                  else now_current.version) from None
        return await self._require(sag.id)

    async def _require(self, sag_id: str) -> HoiSag:
        sag = await self.hent(sag_id)
        if sag is None:
            raise NotFound("HOI sag")
        return sag

    async def hent(self, sag_id: str) -> HoiSag | None:
        """The case with its history and derived status, or None."""
        try:
            sag_id = ensure_uuid(sag_id, "sag id")
        except ValueError:
            return None
        found = await self._load(hoi_sag.c.id == sag_id)
        return found[0] if found else None

    async def for_plan(self, plan_id: str) -> HoiSag | None:
        """The case a plan belongs to, or None."""
        try:
            plan_id = ensure_uuid(plan_id, "plan id")
        except ValueError:
            return None
        found = await self._load(hoi_sag.c.plan_id == plan_id)
        return found[0] if found else None

    async def for_borgere(self, borger_ids: Collection[str]
                          ) -> Mapping[str, tuple[HoiSag, ...]]:
        """Every case of each citizen (oldest first); every given id is a key."""
        canonical = {b: ensure_uuid(b, "borger id") for b in borger_ids}
        if not canonical:
            return {}
        found = await self._load(hoi_sag.c.borger_id.in_(sorted(set(canonical.values()))))
        grouped: dict[str, list[HoiSag]] = {}
        for sag in found:
            grouped.setdefault(sag.borger_id, []).append(sag)
        return {given: tuple(grouped.get(b, ())) for given, b in canonical.items()}

    async def for_kommune(self, kommune_cvr: str, oprettet_foer: datetime
                          ) -> tuple[HoiSag, ...]:
        """Every case of a municipality opened before ``oprettet_foer``, oldest first."""
        return tuple(await self._load((hoi_sag.c.kommune_cvr == kommune_cvr)
                                      & (hoi_sag.c.oprettet_tid < oprettet_foer)))

    async def _load(self, condition: ColumnElement[bool]) -> list[HoiSag]:
        now = self._clock()
        async with self._db.read() as connection:
            grouped = await _rows(connection, condition)
        borgere = {rows[0].borger_id for rows in grouped.values()}
        samtykker: dict[str, Samtykke] = {}
        if borgere:
            listed = await self._samtykker.list_for_borgere(borgere)
            samtykker = {s.id: s for group in listed.values() for s in group}
        try:
            return [_sag(rows, samtykker, now) for rows in grouped.values()]
        except (KeyError, TypeError, ValueError) as error:
            raise StoreUnavailable("a stored HOI sag could not be read") from error

    async def registrer_ophoer(self, sager: Iterable[HoiSag]) -> int:
        """Record, as a version row, each given case's samtykke lapse not yet recorded."""
        recorded = 0
        for sag in sager:
            if not sag.lapse_unrecorded:
                continue
            current = sag.current
            version = SagVersion(
                version=sag.version + 1, status=HoiSagStatus.SAMTYKKE_OPHOERT,
                haendelse=SagHaendelse.SAMTYKKE_OPHOERT, koordinator=current.koordinator,
                samtykke_id=current.samtykke_id, omraader=current.omraader,
                aarsag=f"samtykke {sag.samtykke_status or 'ukendt'}",
                tid=sag.samtykke_status_tid or sag.as_of, registreret_tid=self._clock(),
                aktoer=SYSTEM)
            try:
                await self._append(sag, version)
                recorded += 1
            except VersionConflict:
                continue  # another process recorded it (or changed the case) first
        return recorded

    async def registrer_alle_ophoer(self) -> int:
        """The sweep: record every open case's unrecorded samtykke lapse."""
        latest = latest_sag_version()
        async with self._db.read() as connection:
            ids = (await connection.execute(
                select(hoi_sag.c.id).join(hoi_sag_version,
                                          hoi_sag_version.c.sag_id == hoi_sag.c.id)
                .where(hoi_sag_version.c.version == latest,
                       hoi_sag_version.c.status == HoiSagStatus.AKTIV.value))).scalars().all()
        if not ids:
            return 0
        return await self.registrer_ophoer(await self._load(hoi_sag.c.id.in_(list(ids))))


def _why(aarsag: str) -> str:
    text_ = aarsag.strip()
    if not text_:
        raise InvalidChange("aarsag (why) must not be empty")
    return text_


def _sag(rows: list[Row[Any]], samtykker: Mapping[str, Samtykke], now: datetime) -> HoiSag:
    first = rows[0]
    historik = tuple(_version(row) for row in rows)
    samtykke = samtykker.get(historik[-1].samtykke_id)
    return HoiSag(id=first.id, borger_id=first.borger_id, kommune_cvr=first.kommune_cvr,
                  plan_id=first.plan_id, oprettet_tid=first.oprettet_tid,
                  oprettet_af=actor_from_json(first.oprettet_af), historik=historik,
                  samtykke_aktiv=samtykke_active(samtykke, now),
                  samtykke_status=None if samtykke is None else samtykke.status.value,
                  samtykke_status_tid=None if samtykke is None else samtykke.status_tid,
                  as_of=now)

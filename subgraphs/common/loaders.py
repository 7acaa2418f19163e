"""Per-request DataLoaders for a sector subgraph: person ids ↔ CPR, records, objects.

Created in the context getter for every request (never at module level), so batching and
caching are per request. Each record is turned into a view once per request; entity
lookups by object id and citizen lookups by CPR share those views.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar

from aiodataloader import DataLoader

from subgraphs.common.client import PersonClient, SectorClient

__all__ = ["SectorLoaders", "SectorView"]

class SectorView(Protocol):
    """What the generic loaders need from a sector's view of one record."""

    cpr: str
    objects: Mapping[str, Any]

V = TypeVar("V", bound=SectorView)
Builder = Callable[[dict[str, Any], datetime], V]

class SectorLoaders(Generic[V]):
    """The loaders of one request against one sector system and the person register."""

    def __init__(self, sector: SectorClient, persons: PersonClient, build: Builder[V]) -> None:
        self.sector = sector
        self.persons = persons
        self.hentet = datetime.now(UTC)
        self._build = build
        self._views: dict[str, V] = {}
        self.cpr_by_person_id: DataLoader[str, str | None] = DataLoader(self._cprs)
        self.person_id_by_cpr: DataLoader[str, str | None] = DataLoader(self._person_ids)
        self.view_by_cpr: DataLoader[str, V | None] = DataLoader(self._views_by_cpr)
        self.object_by_id: DataLoader[str, Any] = DataLoader(self._objects_by_id)

    async def view_for_borger(self, person_id: str) -> V | None:
        """The sector's view of the citizen with this person id (``None``: not known)."""
        cpr = await self.cpr_by_person_id.load(person_id)
        return None if cpr is None else await self.view_by_cpr.load(cpr)

    def _view(self, record: dict[str, Any]) -> V:
        try:
            view = self._build(record, self.hentet)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise self.sector.unavailable("unexpected record shape") from error
        return self._views.setdefault(view.cpr, view)

    async def _cprs(self, person_ids: list[str]) -> list[str | None]:
        people = await self.persons.by_ids(person_ids)
        return [_text(people.get(pid, {}).get("cprNummer")) for pid in person_ids]

    async def _person_ids(self, cprs: list[str]) -> list[str | None]:
        people = await self.persons.by_cprs(cprs)
        return [_text(people.get(cpr, {}).get("personId")) for cpr in cprs]

    async def _views_by_cpr(self, cprs: list[str]) -> list[V | None]:
        missing = [cpr for cpr in cprs if cpr not in self._views]
        if missing:
            for record in (await self.sector.by_cprs(missing)).values():
                self._view(record)
        return [self._views.get(cpr) for cpr in cprs]

    async def _objects_by_id(self, ids: list[str]) -> list[Any]:
        known = {oid: obj for view in self._views.values() for oid, obj in view.objects.items()}
        missing = [oid for oid in ids if oid not in known]
        if missing:
            for record in await self.sector.by_ids(missing):
                known.update(self._view(record).objects)
        return [known.get(oid) for oid in ids]

def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None

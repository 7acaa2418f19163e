"""Per-request DataLoaders of the hoi subgraph: people by CPR/id, sector views by CPR.

Created in the context getter for every request. A sector whose system fails is recorded
once per request (with the response paths that lacked it) so the answer can carry an error
while every other sector's data still arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiodataloader import DataLoader
from graphql import GraphQLError

from subgraphs.common.client import SourceUnavailable
from subgraphs.hoi.client import SECTORS, HoiClients, SectorSource
from subgraphs.hoi.index.query import MaalgruppeContext

if TYPE_CHECKING:
    from subgraphs.hoi.plan.context import PlanContext

__all__ = ["HoiContext", "HoiLoaders"]


class HoiLoaders:
    """The loaders of one request."""

    def __init__(self, clients: HoiClients) -> None:
        self.clients = clients
        self.hentet = datetime.now(UTC)
        self.person_by_cpr: DataLoader[str, dict[str, Any] | None] = DataLoader(self._by_cpr)
        self.person_by_id: DataLoader[str, dict[str, Any] | None] = DataLoader(self._by_id)
        self.views: dict[str, DataLoader[str, Any]] = {
            source.name: DataLoader(self._view_loader(source))
            for source in SECTORS if source.name in clients.sectors}

    async def _by_cpr(self, cprs: list[str]) -> list[dict[str, Any] | None]:
        people = await self.clients.persons.by_cprs(cprs)
        return [people.get(cpr) for cpr in cprs]

    async def _by_id(self, ids: list[str]) -> list[dict[str, Any] | None]:
        people = await self.clients.persons.by_ids(ids)
        return [people.get(person_id) for person_id in ids]

    def _view_loader(self, source: SectorSource) -> Any:
        client = self.clients.sectors[source.name]

        async def load(cprs: list[str]) -> list[Any]:
            records = await client.by_cprs(cprs)
            try:
                views = {cpr: source.build(record, self.hentet) for cpr, record in records.items()}
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise client.unavailable("unexpected record shape") from error
            return [views.get(cpr) for cpr in cprs]

        return load


@dataclass(slots=True)
class HoiContext:
    """The per-request context of the hoi subgraph."""

    loaders: HoiLoaders
    partial_errors: list[GraphQLError] = field(default_factory=list)
    """Errors for sectors that failed while others answered (added to the response)."""
    hoi_plan: PlanContext | None = None
    """The HOI sag and plan state and the caller (None without a database)."""
    maalgruppe: MaalgruppeContext | None = None
    """The target-group search's index and caller (None when not configured)."""

    def report(self, error: SourceUnavailable, path: list[str | int]) -> None:
        """Record that a sector is missing from the value at ``path``."""
        self.partial_errors.append(GraphQLError(str(error), path=path,
                                                extensions=dict(error.extensions)))

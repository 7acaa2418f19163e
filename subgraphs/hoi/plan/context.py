"""What the HOI sag and plan resolvers of one request share: store, caller, loaders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aiodataloader import DataLoader

from authz.principal import Borger, Principal
from subgraphs.common.errors import SubgraphError
from subgraphs.common.identity import Caller
from subgraphs.hoi.plan_state import HoiSag, HoiStore, PlanVersion, Tilbageskrivning
from subgraphs.hoi.report.settings import ReportSettings

__all__ = ["PlanContext", "Viewer"]


@dataclass(frozen=True, slots=True)
class Viewer:
    """The caller as the HOI objects are shaped for them."""

    principal: Principal
    own_borger_id: str | None
    """A citizen caller's own internal id (None for employees)."""

    @property
    def is_citizen(self) -> bool:
        """True for a citizen: internal items and employees' ids are left out (rule C3)."""
        return isinstance(self.principal, Borger)


@dataclass(slots=True)
class PlanContext:
    """Per request: the HOI store, the caller, and loaders that batch store reads."""

    store: HoiStore | None
    """None when the subgraph runs without a database: every HOI field is unavailable."""
    caller: Caller
    report: ReportSettings = field(default_factory=ReportSettings)
    """The report's key and målgruppe source."""
    sager: DataLoader[str, tuple[HoiSag, ...]] = field(init=False)
    planer: DataLoader[str, PlanVersion | None] = field(init=False)
    tilbageskrivninger: DataLoader[str, Mapping[str, Tilbageskrivning]] = field(init=False)

    def __post_init__(self) -> None:
        self.sager = DataLoader(self._load_sager)
        self.planer = DataLoader(self._load_planer)
        self.tilbageskrivninger = DataLoader(self._load_tilbageskrivninger)

    def require_store(self) -> HoiStore:
        """The store, or SERVICE_UNAVAILABLE."""
        if self.store is None:
            raise SubgraphError("SERVICE_UNAVAILABLE", "the HOI store is not configured")
        return self.store

    async def viewer(self) -> Viewer:
        """The authenticated caller (UNAUTHENTICATED when the token is missing or bad)."""
        return Viewer(await self.caller.principal(), await self.caller.own_borger_id())

    async def _load_sager(self, borger_ids: list[str]) -> list[tuple[HoiSag, ...]]:
        store = self.require_store()
        found = await store.sager.for_borgere(borger_ids)
        lapsed = [s for group in found.values() for s in group if s.lapse_unrecorded]
        if lapsed:  # record the samtykke's lapse as soon as a reader notices it
            await store.sager.registrer_ophoer(lapsed)
        return [found[b] for b in borger_ids]

    async def _load_planer(self, plan_ids: list[str]) -> list[PlanVersion | None]:
        found = await self.require_store().planer.aktuelle(plan_ids)
        return [found.get(p) for p in plan_ids]

    async def _load_tilbageskrivninger(self, plan_ids: list[str]
                                       ) -> list[Mapping[str, Tilbageskrivning]]:
        store = self.require_store()
        return [await store.tilbageskrivninger.for_plan(p) for p in plan_ids]

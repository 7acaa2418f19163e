"""The per-request context of the adgang subgraph: store, caller, and per-request loaders.

The caller is authenticated at most once per request, and only when a field needs it (the
federation ``_service`` query works without a token, so the gateway can compose). A
citizen's CPR is turned into their internal id through the person register, once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aiodataloader import DataLoader

from authz.principal import Borger, Principal
from authz.store import Samtykke, Store
from subgraphs.adgang.access import unauthenticated
from subgraphs.common.client import PersonClient
from subgraphs.common.identity import Caller, CallerUnauthenticated

__all__ = ["AdgangContext"]


@dataclass(slots=True)
class AdgangContext:
    """What the resolvers of one request share."""

    store: Store
    persons: PersonClient
    caller: Caller
    """The request's caller (the forwarded token, verified on first use)."""
    _own_id: asyncio.Task[str | None] | None = field(default=None, init=False)
    samtykker: DataLoader[str, tuple[Samtykke, ...]] = field(init=False)

    def __post_init__(self) -> None:
        self.samtykker = DataLoader(self._load_samtykker)

    async def _load_samtykker(self, borger_ids: list[str]) -> list[tuple[Samtykke, ...]]:
        found: Mapping[str, tuple[Samtykke, ...]] = await self.store.samtykker.list_for_borgere(
            borger_ids)
        return [found[borger_id] for borger_id in borger_ids]

    async def principal(self) -> Principal:
        """The authenticated caller; UNAUTHENTICATED when the token is missing or bad."""
        try:
            return await self.caller.principal()
        except CallerUnauthenticated as error:
            raise unauthenticated(error.reason) from None

    async def own_borger_id(self) -> str | None:
        """A citizen caller's internal id (None for employees, or a CPR the register lacks)."""
        principal = await self.principal()
        if not isinstance(principal, Borger):
            return None
        if self._own_id is None:
            self._own_id = asyncio.ensure_future(self._look_up(principal))
        return await asyncio.shield(self._own_id)

    async def _look_up(self, principal: Borger) -> str | None:
        cpr = principal.cpr.reveal()
        person: dict[str, Any] | None = (await self.persons.by_cprs([cpr])).get(cpr)
        return None if person is None else str(person.get("personId"))

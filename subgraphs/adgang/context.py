"""The per-request context of the adgang subgraph: store, caller, and per-request loaders.

The caller is authenticated at most once per request, and only when a field needs it (see
:class:`subgraphs.common.identity.Caller`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aiodataloader import DataLoader

from authz.principal import Principal
from authz.store import Samtykke, Store
from authz.tokens import TokenVerifier
from subgraphs.common.client import PersonClient
from subgraphs.common.identity import Caller

__all__ = ["AdgangContext"]


@dataclass(slots=True)
class AdgangContext:
    """What the resolvers of one request share."""

    store: Store
    persons: PersonClient
    verifier: TokenVerifier | None
    """None when no identity provider is configured: every protected field is refused."""
    authorization: str | None
    """The request's ``Authorization`` header value."""
    caller: Caller = field(init=False)
    samtykker: DataLoader[str, tuple[Samtykke, ...]] = field(init=False)

    def __post_init__(self) -> None:
        self.caller = Caller(self.verifier, self.authorization, self.persons)
        self.samtykker = DataLoader(self._load_samtykker)

    async def _load_samtykker(self, borger_ids: list[str]) -> list[tuple[Samtykke, ...]]:
        found: Mapping[str, tuple[Samtykke, ...]] = await self.store.samtykker.list_for_borgere(
            borger_ids)
        return [found[borger_id] for borger_id in borger_ids]

    async def principal(self) -> Principal:
        """The authenticated caller; UNAUTHENTICATED when the token is missing or bad."""
        return await self.caller.principal()

    async def own_borger_id(self) -> str | None:
        """A citizen caller's internal id (None for employees, or a CPR the register lacks)."""
        return await self.caller.own_borger_id()

"""HTTP clients for the systems behind the subgraphs (the mocks here), over aiohttp.

Every failure of a source system (refused connection, timeout, HTTP error, a body that is
not JSON or not the expected shape) becomes :class:`SourceUnavailable`, whose message and
extensions name the system and sector but never a CPR number or other key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import aiohttp
import orjson

__all__ = ["MockClient", "PersonClient", "SectorApi", "SectorClient", "SourceUnavailable"]

_JSON = {"content-type": "application/json", "accept": "application/json"}


class SourceUnavailable(Exception):
    """A source system did not give a usable answer; only its sector's data is missing."""

    def __init__(self, system: str, sektor: str | None, reason: str) -> None:
        super().__init__(f"Kildesystemet {system} svarede ikke brugbart ({reason})")
        self.extensions: dict[str, Any] = {"code": "SOURCE_UNAVAILABLE", "system": system}
        if sektor is not None:
            self.extensions["sektor"] = sektor


class MockClient:
    """POSTs JSON to one system and returns the parsed answer."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, system: str,
                 sektor: str | None) -> None:
        self._session = session
        self._base = base_url.rstrip("/")
        self.system = system
        self.sektor = sektor

    def unavailable(self, reason: str) -> SourceUnavailable:
        """The error to raise for this system."""
        return SourceUnavailable(self.system, self.sektor, reason)

    async def post_json(self, path: str, body: Any) -> Any:
        """``POST base+path`` with a JSON body; the decoded JSON answer."""
        try:
            async with self._session.post(self._base + path, data=orjson.dumps(body),
                                          headers=_JSON) as response:
                raw = await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as error:
            raise self.unavailable("no connection or timeout") from error
        if status >= 400:
            raise self.unavailable(f"HTTP {status}")
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise self.unavailable("invalid JSON") from error


@dataclass(frozen=True, slots=True)
class SectorApi:
    """How one sector system's batch lookup is spelled."""

    system: str
    """System name for ``Kilde.systemNavn`` and errors."""
    sektor: str
    """The ``Sektor`` enum value."""
    path: str
    cpr_key: str
    id_key: str
    result_key: str
    cpr_of: Callable[[dict[str, Any]], str]


class SectorClient(MockClient):
    """Batch lookups of citizen records in one sector system."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, api: SectorApi) -> None:
        super().__init__(session, base_url, api.system, api.sektor)
        self.api = api

    async def _records(self, key: str, values: list[str]) -> list[dict[str, Any]]:
        answer = await self.post_json(self.api.path, {key: values})
        records = answer.get(self.api.result_key) if isinstance(answer, dict) else None
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise self.unavailable("unexpected response shape")
        return records

    async def by_cprs(self, cprs: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Records keyed by CPR (absent CPRs are simply missing)."""
        records = await self._records(self.api.cpr_key, list(cprs))
        try:
            return {self.api.cpr_of(record): record for record in records}
        except (KeyError, TypeError) as error:
            raise self.unavailable("unexpected response shape") from error

    async def by_ids(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        """The records holding objects with these ids."""
        return await self._records(self.api.id_key, list(ids))


class PersonClient(MockClient):
    """The person register: the one CPR ↔ person-id mapping (DOMAIN §11)."""

    PATH = "/cpr/v1/personer/opslag"

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        super().__init__(session, base_url, "CPR", None)

    async def _people(self, key: str, values: list[str]) -> list[dict[str, Any]]:
        answer = await self.post_json(self.PATH, {key: values})
        people = answer.get("personer") if isinstance(answer, dict) else None
        if not isinstance(people, list) or not all(isinstance(p, dict) for p in people):
            raise self.unavailable("unexpected response shape")
        return people

    async def by_ids(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """People keyed by person id."""
        return {str(p.get("personId")): p for p in await self._people("personIder", list(ids))}

    async def by_cprs(self, cprs: Iterable[str]) -> dict[str, dict[str, Any]]:
        """People keyed by CPR."""
        return {str(p.get("cprNummer")): p for p in await self._people("cprNumre", list(cprs))}

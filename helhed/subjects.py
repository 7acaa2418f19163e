"""Who a citizen is in the graph: their own CPR (from the token) to their internal borger id.

A citizen's token names them by CPR (NemLog-in); the graph's objects name their citizen by an
internal id. The one place the mapping lives is the ``hoi`` subgraph's ``borger(cpr:)``, so
the resolver asks it (with the citizen's own token, over the gateway's pooled session) and
keeps the answer in a small in-process cache keyed by a keyed hash of the CPR — never the CPR
itself, and never in a log. The mapping is stable; consent state is never cached.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from collections import OrderedDict

import aiohttp
import orjson

from authz.principal import Borger

__all__ = ["SubjectResolver"]

logger = logging.getLogger("helhed.subjects")

_QUERY = "query HelhedOwnId($cpr: CPR!) { borger(cpr: $cpr) { id } }"


class SubjectResolver:
    """Maps a citizen principal to their borger id through ``borger(cpr:)`` on one subgraph."""

    def __init__(self, session: aiohttp.ClientSession, url: str, *, timeout: float = 5.0,
                 cache_size: int = 10_000) -> None:
        self.session = session
        self.url = url
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self.cache_size = cache_size
        self._key = os.urandom(32)
        self._cache: OrderedDict[bytes, str] = OrderedDict()

    def _digest(self, cpr: str) -> bytes:
        return hmac.new(self._key, cpr.encode(), hashlib.sha256).digest()

    async def resolve(self, principal: Borger, authorization: str | None) -> str | None:
        """The citizen's borger id, or None when it cannot be found (they then see nothing)."""
        cpr = principal.cpr.reveal()
        digest = self._digest(cpr)
        hit = self._cache.get(digest)
        if hit is not None:
            self._cache.move_to_end(digest)
            return hit
        found = await self._ask(cpr, authorization)
        if found is not None:
            self._cache[digest] = found
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return found

    async def _ask(self, cpr: str, authorization: str | None) -> str | None:
        headers = {"content-type": "application/json"}
        if authorization:
            headers["authorization"] = authorization
        body = orjson.dumps({"query": _QUERY, "variables": {"cpr": cpr},
                             "operationName": "HelhedOwnId"})
        try:
            async with self.session.post(self.url, data=body, headers=headers,
                                         timeout=self.timeout) as response:
                payload = orjson.loads(await response.read())
        except (aiohttp.ClientError, TimeoutError, orjson.JSONDecodeError):
            logger.warning("the citizen's own id could not be looked up (subgraph unreachable)")
            return None
        data = payload.get("data") if isinstance(payload, dict) else None
        borger = data.get("borger") if isinstance(data, dict) else None
        found = borger.get("id") if isinstance(borger, dict) else None
        return found if isinstance(found, str) else None

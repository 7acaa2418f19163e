"""The subgraph client: one pooled aiohttp session, per-subgraph timeouts, typed failures."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any, Protocol

import aiohttp
import orjson

from gateway.errors import SubgraphBadResponse, SubgraphError, SubgraphTimeout, SubgraphUnavailable

__all__ = ["SubgraphClient", "HttpSubgraphClient"]

log = logging.getLogger("gateway.subgraph")

_HEADERS = {"content-type": "application/json",
            "accept": "application/graphql-response+json, application/json"}


class SubgraphClient(Protocol):
    """Sends one GraphQL request body to a subgraph and returns its parsed JSON response."""

    async def send(self, subgraph: str, body: bytes,
                   headers: Mapping[str, str] | None = None) -> Any:
        """POST ``body`` to ``subgraph``; raise a :class:`SubgraphError` on failure."""
        ...


class HttpSubgraphClient:
    """A :class:`SubgraphClient` over one shared aiohttp session."""

    def __init__(self, session: aiohttp.ClientSession, urls: Mapping[str, str],
                 timeouts: Mapping[str, float]) -> None:
        self.session = session
        self.urls = dict(urls)
        self.timeouts = {name: aiohttp.ClientTimeout(total=t) for name, t in timeouts.items()}

    async def send(self, subgraph: str, body: bytes,
                   headers: Mapping[str, str] | None = None) -> Any:
        url = self.urls.get(subgraph)
        if url is None:
            raise SubgraphUnavailable(subgraph, f"no URL is known for subgraph '{subgraph}'")
        all_headers = _HEADERS if not headers else {**_HEADERS, **headers}
        try:
            async with self.session.post(url, data=body, headers=all_headers,
                                         timeout=self.timeouts.get(subgraph)) as resp:
                payload = await resp.read()
                status = resp.status
        except TimeoutError as exc:
            raise SubgraphTimeout(subgraph, f"subgraph '{subgraph}' did not answer in time") from exc
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, OSError) as exc:
            log.warning("subgraph %s unreachable: %s", subgraph, exc)
            raise SubgraphUnavailable(subgraph, f"subgraph '{subgraph}' is unavailable") from exc
        except aiohttp.ClientError as exc:
            log.warning("subgraph %s request failed: %s", subgraph, exc)
            raise SubgraphError(subgraph, f"request to subgraph '{subgraph}' failed") from exc
        except asyncio.CancelledError:
            raise
        return _decode(subgraph, status, payload)


def _decode(subgraph: str, status: int, payload: bytes) -> Any:
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError:
        data = None
    graphql_body = isinstance(data, dict) and ("data" in data or "errors" in data)
    if isinstance(data, list) and all(isinstance(d, dict) for d in data):
        graphql_body = True
    if graphql_body:
        return data
    if status >= 400:
        raise SubgraphError(subgraph, f"subgraph '{subgraph}' answered HTTP {status}")
    raise SubgraphBadResponse(subgraph, f"subgraph '{subgraph}' sent an invalid GraphQL response")

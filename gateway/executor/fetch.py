"""The subgraph client: pooled keep-alive connections, per-subgraph timeouts, typed failures."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Protocol

import aiohttp
import httptools
import orjson

from gateway.errors import SubgraphBadResponse, SubgraphError, SubgraphTimeout, SubgraphUnavailable
from gateway.executor.http1 import (
    IDLE_SECONDS,
    Http1Pool,
    ResponseTooLarge,
    header_lines,
    parse_target,
)

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
    """A :class:`SubgraphClient`: ``http://`` subgraphs through a pool of keep-alive
    HTTP/1.1 connections (:mod:`gateway.executor.http1`), any other URL through the shared
    aiohttp session."""

    def __init__(self, session: aiohttp.ClientSession, urls: Mapping[str, str],
                 timeouts: Mapping[str, float], *, max_connections: int = 100,
                 keepalive_seconds: float = IDLE_SECONDS) -> None:
        self.session = session
        self.urls = dict(urls)
        self.timeouts = dict(timeouts)
        self._aiohttp_timeouts = {name: aiohttp.ClientTimeout(total=t)
                                  for name, t in timeouts.items()}
        self.pool = Http1Pool(limit_per_host=max_connections, keepalive_seconds=keepalive_seconds)
        self._targets = {name: parse_target(url, _HEADERS) for name, url in self.urls.items()}

    async def send(self, subgraph: str, body: bytes,
                   headers: Mapping[str, str] | None = None) -> Any:
        target = self._targets.get(subgraph)
        if target is None:
            return await self._send_aiohttp(subgraph, body, headers)
        try:
            extra = header_lines(headers) if headers else b""
            status, payload = await self.pool.post(target, body, self.timeouts.get(subgraph, 30.0),
                                                   extra)
        except TimeoutError as exc:
            raise SubgraphTimeout(subgraph,
                                  f"subgraph '{subgraph}' did not answer in time") from exc
        except (OSError, httptools.HttpParserError, ResponseTooLarge) as exc:
            log.warning("subgraph %s unreachable: %s", subgraph, type(exc).__name__)
            raise SubgraphUnavailable(subgraph, f"subgraph '{subgraph}' is unavailable") from exc
        except ValueError as exc:
            raise SubgraphError(subgraph, f"request to subgraph '{subgraph}' failed") from exc
        return _decode(subgraph, status, payload)

    async def _send_aiohttp(self, subgraph: str, body: bytes,
                            headers: Mapping[str, str] | None) -> Any:
        url = self.urls.get(subgraph)
        if url is None:
            raise SubgraphUnavailable(subgraph, f"no URL is known for subgraph '{subgraph}'")
        all_headers = _HEADERS if not headers else {**_HEADERS, **headers}
        try:
            async with self.session.post(url, data=body, headers=all_headers,
                                         timeout=self._aiohttp_timeouts.get(subgraph)) as resp:
                payload = await resp.read()
                status = resp.status
        except TimeoutError as exc:
            raise SubgraphTimeout(subgraph,
                                  f"subgraph '{subgraph}' did not answer in time") from exc
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, OSError) as exc:
            log.warning("subgraph %s unreachable: %s", subgraph, exc)
            raise SubgraphUnavailable(subgraph, f"subgraph '{subgraph}' is unavailable") from exc
        except aiohttp.ClientError as exc:
            log.warning("subgraph %s request failed: %s", subgraph, exc)
            raise SubgraphError(subgraph, f"request to subgraph '{subgraph}' failed") from exc
        return _decode(subgraph, status, payload)

    async def aclose(self) -> None:
        """Close the pooled connections (the aiohttp session belongs to the caller)."""
        await self.pool.close()


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

"""Ask running subgraphs for their SDL (``{ _service { sdl } }``) over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import aiohttp

from gateway.errors import SubgraphBadResponse, SubgraphTimeout, SubgraphUnavailable

from .source import SubgraphSource

__all__ = ["SERVICE_QUERY", "fetch_subgraph_sources"]

SERVICE_QUERY = "query SubgraphIntrospectQuery { _service { sdl } }"
"""The query every federation subgraph answers with its SDL."""


def _sdl_from(name: str, url: str, body: Any) -> str:
    where = f'subgraph "{name}" at {url}'
    if not isinstance(body, dict):
        raise SubgraphBadResponse(name, f"{where} did not answer with a JSON object")
    errors = body.get("errors")
    if errors:
        messages = "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e)
                             for e in errors)
        raise SubgraphBadResponse(name, f"{where} answered _service with errors: {messages}")
    data = body.get("data")
    service = data.get("_service") if isinstance(data, dict) else None
    sdl = service.get("sdl") if isinstance(service, dict) else None
    if not isinstance(sdl, str):
        raise SubgraphBadResponse(name, f"{where} returned no _service.sdl (is it a "
                                  "federation subgraph?)")
    return sdl


async def _fetch_one(session: aiohttp.ClientSession, name: str, url: str) -> SubgraphSource:
    where = f'subgraph "{name}" at {url}'
    try:
        async with session.post(url, json={"query": SERVICE_QUERY},
                                headers={"Accept": "application/json"}) as response:
            if response.status != 200:
                text = (await response.text())[:200]
                raise SubgraphBadResponse(name, f"{where} answered HTTP {response.status}: {text}")
            try:
                body = await response.json(content_type=None)
            except ValueError as error:
                raise SubgraphBadResponse(
                    name, f"{where} answered invalid JSON: {error}") from error
    except TimeoutError as error:
        raise SubgraphTimeout(name, f"{where} did not answer in time") from error
    except aiohttp.ClientError as error:
        raise SubgraphUnavailable(name, f"cannot reach {where}: {error}") from error
    return SubgraphSource(name=name, url=url, sdl=_sdl_from(name, url, body))


async def fetch_subgraph_sources(specs: Sequence[tuple[str, str]], *,
                                 timeout: float = 10.0) -> list[SubgraphSource]:
    """Fetch the SDL of every ``(name, url)`` subgraph, concurrently, over one session.

    Raises :class:`~gateway.errors.SubgraphUnavailable` (connection failure),
    :class:`~gateway.errors.SubgraphTimeout` or :class:`~gateway.errors.SubgraphBadResponse`
    (not a federation answer); each message names the subgraph and its URL. The result keeps
    the order of ``specs``.
    """
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(timeout=client_timeout) as session:
        tasks = [_fetch_one(session, name, url) for name, url in specs]
        return list(await asyncio.gather(*tasks))

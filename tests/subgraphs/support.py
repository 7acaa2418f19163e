"""Helpers for subgraph tests: GraphQL over HTTP, entity representations, mock call logs."""

from __future__ import annotations

from typing import Any

import aiohttp

from mocks.stack import RunningStack

__all__ = ["calls", "entities", "gql", "reset_calls"]

ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { __typename %s } }"


async def gql(http: aiohttp.ClientSession, url: str, query: str,
              variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST a GraphQL request; the decoded response (HTTP 200 required)."""
    async with http.post(url, json={"query": query, "variables": variables or {}}) as response:
        assert response.status == 200, await response.text()
        body: dict[str, Any] = await response.json()
        return body


async def entities(http: aiohttp.ClientSession, url: str, representations: list[dict[str, Any]],
                   selection: str) -> dict[str, Any]:
    """Run ``_entities`` for ``representations`` with ``selection`` inside each item."""
    return await gql(http, url, ENTITIES % selection, {"r": representations})


def reset_calls(stack: RunningStack, *names: str) -> None:
    """Forget the request logs of these mocks."""
    for name in names:
        stack.mock_state(name).calls.clear()


def calls(stack: RunningStack, name: str) -> list[tuple[str, int]]:
    """(path, batch keys) of each request the mock received since the last reset."""
    return [(c.path, c.keys) for c in stack.mock_state(name).calls]

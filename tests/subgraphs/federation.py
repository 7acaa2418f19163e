"""A tiny stand-in for the gateway's join, for tests: complete hoi's references by asking
the owning sector subgraphs through ``_entities`` (one batched call per subgraph)."""

from __future__ import annotations

from typing import Any

import aiohttp

from mocks.stack import RunningStack
from tests.subgraphs.support import entities

__all__ = ["OWNER", "complete"]

OWNER = {
    "Beskaeftigelses": "beskaeftigelse", "MinPlan": "beskaeftigelse", "Social": "social",
    "Uddannelses": "uddannelse", "Sundheds": "sundhed", "Sygepleje": "sundhed",
}


def _owner(typename: str) -> str:
    return next(sub for prefix, sub in OWNER.items() if typename.startswith(prefix))


async def complete(stack: RunningStack, http: aiohttp.ClientSession,
                   references: list[dict[str, Any]], selection: str) -> list[dict[str, Any] | None]:
    """The references completed with ``selection`` (on ``TidslinjeElement``), in order."""
    by_owner: dict[str, list[int]] = {}
    for position, ref in enumerate(references):
        by_owner.setdefault(_owner(ref["__typename"]), []).append(position)
    result: list[dict[str, Any] | None] = [None] * len(references)
    for owner, positions in by_owner.items():
        reps = [{"__typename": references[p]["__typename"], "id": references[p]["id"]}
                for p in positions]
        body = await entities(http, stack.subgraph_urls[owner], reps,
                              f"... on TidslinjeElement {{ {selection} }}")
        for position, item in zip(positions, body["data"]["_entities"], strict=True):
            result[position] = item
    return result

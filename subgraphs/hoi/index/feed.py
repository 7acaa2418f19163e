"""Read a sector system's change feed: ``GET .../aendringer?siden=&efter=&antal=``.

The feed lists citizens whose record changed after ``siden`` (CPR number and
``sidstAendret``), paged by an opaque position (``efter``/``naeste``); see mocks/README.md.
Every failure becomes :class:`~subgraphs.common.client.SourceUnavailable`, whose message
never carries a CPR number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp
import orjson

from subgraphs.common.build import parse_instant
from subgraphs.common.client import SourceUnavailable

__all__ = ["FEED_PATHS", "FeedEntry", "FeedPage", "read_feed_page"]

FEED_PATHS = {
    "beskaeftigelse": "/dfdg/v1/aendringer",
    "social": "/ffb/api/v2/aendringer",
    "uddannelse": "/udb/v1/aendringer",
    "sundhed": "/spo/v1/aendringer",
}
"""Where each sector system serves its change feed."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One changed citizen (the CPR number stays in memory, never in a log line)."""

    cpr: str
    sidst_aendret: datetime


@dataclass(frozen=True, slots=True)
class FeedPage:
    """One page of the feed and the position to continue from (None: the end)."""

    entries: tuple[FeedEntry, ...]
    naeste: int | None


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _page(body: Any) -> FeedPage:
    if not isinstance(body, dict) or not isinstance(body.get("aendringer"), list):
        raise TypeError("no aendringer")
    naeste = body.get("naeste")
    if naeste is not None and (not isinstance(naeste, int) or isinstance(naeste, bool)):
        raise ValueError("bad naeste")
    entries = tuple(FeedEntry(cpr=str(raw["cpr"]), sidst_aendret=parse_instant(
        raw["sidstAendret"])) for raw in body["aendringer"])
    return FeedPage(entries=entries, naeste=naeste)


async def read_feed_page(session: aiohttp.ClientSession, base_url: str, source: str, *,
                         siden: datetime | None, efter: int | None, antal: int) -> FeedPage:
    """One page of ``source``'s feed after position ``efter`` of changes since ``siden``."""
    params: dict[str, str] = {"antal": str(antal)}
    if siden is not None:
        params["siden"] = _iso(siden)
    if efter is not None:
        params["efter"] = str(efter)
    url = base_url.rstrip("/") + FEED_PATHS[source]
    try:
        async with session.get(url, params=params, headers={"accept": "application/json"}) as r:
            raw, status = await r.read(), r.status
    except (TimeoutError, aiohttp.ClientError) as error:
        raise SourceUnavailable(source, None, "change feed: no connection or timeout") from error
    if status >= 400:
        raise SourceUnavailable(source, None, f"change feed: HTTP {status}")
    try:
        return _page(orjson.loads(raw))
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise SourceUnavailable(source, None, "change feed: unexpected answer") from error

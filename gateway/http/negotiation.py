"""Content negotiation for GraphQL-over-HTTP responses (the ``Accept`` header).

The two response media types are ``application/graphql-response+json`` (status codes carry
meaning: a request error is a 400) and ``application/json`` (the legacy type: GraphQL errors
travel with a 200). Following the GraphQL-over-HTTP spec's server audits, a missing ``Accept``
and a bare ``*/*`` both mean ``application/json``; when the caller names both types with the
same weight, the newer one wins.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "GRAPHQL_RESPONSE_JSON",
    "APPLICATION_JSON",
    "choose_media_type",
    "accepts_html",
]

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
APPLICATION_JSON = "application/json"

_SUPPORTED = (GRAPHQL_RESPONSE_JSON, APPLICATION_JSON)


class _MediaRange(NamedTuple):
    """One entry of an ``Accept`` header."""

    type: str
    subtype: str
    q: float


def _parse_media_range(part: str) -> _MediaRange | None:
    """Parse ``type/subtype;q=0.5`` (other parameters ignored); ``None`` if malformed."""
    media, *params = (p.strip() for p in part.split(";"))
    main, slash, sub = media.lower().partition("/")
    if not slash or not main or not sub:
        return None
    q = 1.0
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return None
    return _MediaRange(main, sub, max(0.0, min(q, 1.0)))


def _match(media_type: str, ranges: list[_MediaRange]) -> tuple[float, int]:
    """Return ``(q, specificity)`` of the most specific range matching ``media_type``."""
    main, _, sub = media_type.partition("/")
    best = (0.0, -1)
    for r in ranges:
        if r.type == main and r.subtype == sub:
            specificity = 2
        elif r.type == main and r.subtype == "*":
            specificity = 1
        elif r.type == "*" and r.subtype == "*":
            specificity = 0
        else:
            continue
        if specificity > best[1]:
            best = (r.q, specificity)
    return best


@lru_cache(maxsize=512)
def choose_media_type(accept: str | None) -> str | None:
    """Return the response media type for ``accept``, or ``None`` when nothing fits (406).

    Memoised: clients send the same few ``Accept`` values over and over."""
    if accept is None or not accept.strip():
        return APPLICATION_JSON
    ranges = [r for r in map(_parse_media_range, accept.split(",")) if r is not None]
    scored = []
    for preference, media_type in enumerate(_SUPPORTED):
        q, specificity = _match(media_type, ranges)
        if q > 0:
            # Named explicitly beats wildcards; among wildcards application/json is the
            # spec's default; among explicit names the newer type is preferred.
            tie_break = -preference if specificity == 2 else preference
            scored.append((q, specificity, tie_break, media_type))
    if not scored:
        return None
    return max(scored)[3]


@lru_cache(maxsize=512)
def accepts_html(accept: str | None) -> bool:
    """Return True when the caller (a browser) names ``text/html`` explicitly."""
    if not accept:
        return False
    ranges = [r for r in map(_parse_media_range, accept.split(",")) if r is not None]
    return any(r.type == "text" and r.subtype == "html" and r.q > 0 for r in ranges)

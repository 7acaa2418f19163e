"""Point a supergraph's ``@join__graph(url:)`` values at the servers a test started.

The rewrite is textual and touches only the ``url:`` argument of ``@join__graph``
applications, so the rest of the file (and its ``# sdl-hash`` comment) stays byte-identical.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["read_subgraph_urls", "rewrite_subgraph_urls"]

_JOIN_GRAPH = re.compile(
    r'@join__graph\(\s*name:\s*"(?P<name>[^"]*)"\s*,\s*url:\s*"(?P<url>[^"]*)"\s*\)'
)


def read_subgraph_urls(supergraph_sdl: str) -> dict[str, str]:
    """Subgraph name -> URL, in declaration order."""
    return {m["name"]: m["url"] for m in _JOIN_GRAPH.finditer(supergraph_sdl)}


def rewrite_subgraph_urls(supergraph_sdl: str, urls: Mapping[str, str], *,
                          strict: bool = True) -> str:
    """Return the supergraph with each named subgraph's URL replaced by ``urls[name]``.

    With ``strict`` (the default) every subgraph must get a URL and every given name must
    exist, so a typo cannot leave a test silently calling a stale address.
    """
    known = read_subgraph_urls(supergraph_sdl)
    unknown = sorted(set(urls) - set(known))
    missing = sorted(set(known) - set(urls))
    if unknown:
        raise KeyError(f"no such subgraph in the supergraph: {', '.join(unknown)}")
    if strict and missing:
        raise KeyError(f"no URL given for subgraph(s): {', '.join(missing)}")

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        url = urls.get(name, match["url"])
        return f'@join__graph(name: "{name}", url: "{url}")'

    return _JOIN_GRAPH.sub(replace, supergraph_sdl)

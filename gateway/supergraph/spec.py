"""Names and versions of the specs a supergraph links (link, join, inaccessible, tag, policy)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "LINK_SPEC",
    "JOIN_SPEC",
    "INACCESSIBLE_SPEC",
    "TAG_SPEC",
    "POLICY_SPEC",
    "CORE_SPEC",
    "SUPPORTED_VERSIONS",
    "EXECUTION_PURPOSES",
    "SpecUrl",
    "parse_spec_url",
    "JOIN_DIRECTIVES",
    "JOIN_TYPES",
]

LINK_SPEC = "link"
JOIN_SPEC = "join"
INACCESSIBLE_SPEC = "inaccessible"
TAG_SPEC = "tag"
POLICY_SPEC = "policy"
CORE_SPEC = "core"

SUPPORTED_VERSIONS: dict[str, tuple[tuple[int, int], ...]] = {
    LINK_SPEC: ((1, 0),),
    CORE_SPEC: ((0, 1), (0, 2)),
    JOIN_SPEC: ((0, 2), (0, 3), (0, 4), (0, 5)),
    INACCESSIBLE_SPEC: ((0, 1), (0, 2)),
    TAG_SPEC: ((0, 1), (0, 2), (0, 3)),
    POLICY_SPEC: ((0, 1),),
}
"""Spec versions this gateway implements; a linked spec outside this table is unknown."""

EXECUTION_PURPOSES = frozenset({"EXECUTION", "SECURITY"})
"""``@link(for:)`` purposes a gateway must implement or refuse to serve the graph."""

JOIN_DIRECTIVES = ("graph", "type", "field", "implements", "unionMember", "enumValue", "owner",
                   "directive")
"""Directive names (without prefix) defined by the join spec."""

JOIN_TYPES = ("Graph", "FieldSet", "DirectiveArguments", "FieldValue", "ContextArgument")
"""Type names (without prefix) defined by the join spec."""

_URL = re.compile(r"^https?://[^/]+(?:/[^/]+)*/(?P<name>[A-Za-z_][\w-]*)/v(?P<major>\d+)\.(?P<minor>\d+)/?$")


@dataclass(frozen=True, slots=True)
class SpecUrl:
    """A parsed spec URL such as ``https://specs.apollo.dev/join/v0.3``."""

    url: str
    """The URL as written."""

    name: str
    """The spec's name: the path segment before the version."""

    version: tuple[int, int]
    """``(major, minor)``."""

    @property
    def identity(self) -> str:
        """The URL without its version: what identifies the spec."""
        return (self.url.rsplit("/", 1)[0] if not self.url.endswith("/")
                else self.url[:-1].rsplit("/", 1)[0])

    @property
    def is_apollo(self) -> bool:
        """True for the specs published under specs.apollo.dev."""
        return "://specs.apollo.dev/" in self.url


def parse_spec_url(url: str) -> SpecUrl | None:
    """Parse a spec URL; ``None`` when it does not have the ``.../name/vX.Y`` shape."""
    match = _URL.match(url)
    if match is None:
        return None
    return SpecUrl(url=url, name=match["name"],
                   version=(int(match["major"]), int(match["minor"])))

"""Shared type aliases for JSON values, subgraph names and response paths."""

from __future__ import annotations

from typing import Any, NewType, TypeAlias

__all__ = ["JSON", "JSONObject", "Variables", "SubgraphName", "ResponsePath", "PathKey"]

JSON: TypeAlias = Any
"""Any JSON value as produced by orjson/json: dict, list, str, int, float, bool or None."""

JSONObject: TypeAlias = dict[str, Any]
"""A JSON object."""

Variables: TypeAlias = dict[str, Any]
"""Raw (uncoerced) operation variables as the client sent them."""

SubgraphName = NewType("SubgraphName", str)
"""A subgraph's name as given by ``@join__graph(name:)``."""

PathKey: TypeAlias = str | int
"""One step of a concrete response path: a response name or a list index."""

ResponsePath: TypeAlias = tuple[PathKey, ...]
"""A concrete path into the response, as in GraphQL error ``path``."""

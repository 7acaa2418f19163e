"""The HOI sag and the shared HOI plan in the hoi subgraph's schema (state: ``plan_state``)."""

from __future__ import annotations

__all__: list[str] = []

"""The uddannelse subgraph: Ungedatabasen events, KUI sag, uddannelsesplan and -pålæg."""

from __future__ import annotations

__all__: list[str] = []

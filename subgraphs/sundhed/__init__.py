"""The sundhed subgraph: health forløb, aftaleoversigt and FSIII sygepleje tilstande."""

from __future__ import annotations

__all__: list[str] = []

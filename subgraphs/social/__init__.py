"""The social subgraph: FFB sager, indsatser, tilstande and mål from the FFB fagsystem."""

from __future__ import annotations

__all__: list[str] = []

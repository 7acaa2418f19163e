"""The beskæftigelse subgraph: DFDG sager, kontaktgruppe and Min Plan (mål, aftaler, tilbud)."""

from __future__ import annotations

__all__: list[str] = []

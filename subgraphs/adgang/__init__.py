"""The adgang subgraph: the samtykke registry and the adgangslog (``authz.store``) in the graph."""

from __future__ import annotations

__all__: list[str] = []

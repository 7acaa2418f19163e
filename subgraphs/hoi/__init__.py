"""The hoi subgraph: ``borger(cpr:|id:)``, the Borger entity and the cross-sector views."""

from __future__ import annotations

__all__: list[str] = []

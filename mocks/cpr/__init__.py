"""Mock person register (CPR replica + the one CPR↔person-id mapping of the graph)."""

from __future__ import annotations

from mocks.cpr.app import create_app

__all__ = ["create_app"]

"""How the beskæftigelse subgraph talks to DFDG / Min Plan (mock): one batch lookup route."""

from __future__ import annotations

import uuid

from subgraphs.common.client import SectorApi

__all__ = ["API", "SYSTEM_UUID"]

API = SectorApi(system="DFDG", sektor="BESKAEFTIGELSE", path="/dfdg/v1/borgere/opslag",
                cpr_key="cprNumre", id_key="objektIder", result_key="borgere",
                cpr_of=lambda record: str(record["cprNummer"]))
"""DFDG's batch lookup: ``{"cprNumre": [...]}`` or ``{"objektIder": [...]}``."""

SYSTEM_UUID = uuid.UUID("2b7c1e55-8d0f-4a6b-9c3d-1e2f3a4b5c6d")
"""IT-system UUID reported in ``Kilde.itSystemUuid`` (fictitious)."""

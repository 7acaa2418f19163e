"""How the social subgraph talks to the FFB fagsystem (mock): one batch lookup route."""

from __future__ import annotations

import uuid

from subgraphs.common.client import SectorApi

__all__ = ["API", "SYSTEM_UUID"]

API = SectorApi(system="FFB fagsystem", sektor="SOCIAL", path="/ffb/api/v2/borgere/soeg",
                cpr_key="cpr", id_key="ider", result_key="resultater",
                cpr_of=lambda record: str(record["borger"]["cpr"]))
"""The FFB fagsystem's batch lookup: ``{"cpr": [...]}`` or ``{"ider": [...]}``."""

SYSTEM_UUID = uuid.UUID("6f1d2a3b-0c4e-4f5a-9b6c-7d8e9f0a1b2c")
"""IT-system UUID reported in ``Kilde.itSystemUuid`` (fictitious)."""

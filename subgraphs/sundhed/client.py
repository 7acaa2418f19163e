"""How the sundhed subgraph talks to the aftaleoversigt/EOJ (mock): one batch lookup route."""

from __future__ import annotations

import uuid

from subgraphs.common.client import SectorApi

__all__ = ["API", "SYSTEM_UUID"]

API = SectorApi(system="Sundhed (aftaleoversigt/EOJ)", sektor="SUNDHED",
                path="/spo/v1/patienter/opslag", cpr_key="cpr", id_key="ider",
                result_key="patienter", cpr_of=lambda record: str(record["patient"]["cpr"]))
"""The health mock's batch lookup: ``{"cpr": [...]}`` or ``{"ider": [...]}``."""

SYSTEM_UUID = uuid.UUID("c4d5e6f7-0a1b-4c2d-8e3f-405162738495")
"""IT-system UUID reported in ``Kilde.itSystemUuid`` (fictitious)."""

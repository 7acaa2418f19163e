"""How the uddannelse subgraph talks to Ungedatabasen / KUI (mock): one batch lookup route."""

from __future__ import annotations

import uuid

from subgraphs.common.client import SectorApi

__all__ = ["API", "HAENDELSESTYPE_SYSTEM", "SYSTEM_UUID"]

API = SectorApi(system="Ungedatabasen", sektor="UDDANNELSE", path="/udb/v1/Unge/Opslag",
                cpr_key="Cprnumre", id_key="Ider", result_key="Unge",
                cpr_of=lambda record: str(record["Cprnr"]))
"""Ungedatabasen's batch lookup: ``{"Cprnumre": [...]}`` or ``{"Ider": [...]}``."""

SYSTEM_UUID = uuid.UUID("9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d")
"""IT-system UUID reported in ``Kilde.itSystemUuid`` (fictitious)."""

HAENDELSESTYPE_SYSTEM = "urn:dk:stil:udb:haendelsestype"
"""Code system of UDB event types (optag, afbrud, frafaldstruet, fuldført)."""

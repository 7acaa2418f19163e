"""Durable authorization state: the samtykke registry and the adgangslog, in one database.

SQLite by default (a file, no server), PostgreSQL when a ``postgresql://`` URL is given;
same code path (SQLAlchemy Core over asyncio), numbered migrations at start-up, rows that are
never updated or deleted. Start with :meth:`Store.open`; see :mod:`authz.store.store`.
"""

from __future__ import annotations

from authz.store.audit_records import (
    AuditEntry,
    AuditPage,
    AuditRecord,
    DeniedItem,
    EntityRef,
    LogHandling,
    ViewerKind,
)
from authz.store.errors import (
    AuditUnavailable,
    InvalidStatusChange,
    SamtykkeNotFound,
    SchemaTooNew,
    StoreError,
    StoreUnavailable,
)
from authz.store.samtykke import (
    GivetAf,
    NewSamtykke,
    Samtykke,
    SamtykkeForm,
    SamtykkeHandling,
    SamtykkeStatus,
    SamtykkeType,
    StatusEvent,
)
from authz.store.store import DEFAULT_DATABASE_URL, Store
from authz.store.values import (
    Actor,
    ActorKind,
    Hjemmel,
    Kode,
    MyndighedRef,
    PartType,
    Periode,
    Sektor,
)

__all__ = [
    "DEFAULT_DATABASE_URL",
    "Actor", "ActorKind", "AuditEntry", "AuditPage", "AuditRecord", "AuditUnavailable",
    "DeniedItem", "EntityRef", "GivetAf", "Hjemmel", "InvalidStatusChange", "Kode",
    "LogHandling", "MyndighedRef", "NewSamtykke", "PartType", "Periode", "Samtykke",
    "SamtykkeForm", "SamtykkeHandling", "SamtykkeNotFound", "SamtykkeStatus", "SamtykkeType",
    "SchemaTooNew", "Sektor", "StatusEvent", "Store", "StoreError", "StoreUnavailable",
    "ViewerKind",
]

"""Adgangslog records (DOMAIN §9.3, §11.2 ``Adgangslog``, §12 G4) and their pages.

One record per request and data subject: who looked (viewer kind and id, municipality,
org unit, purpose), at whom (the borger's internal UUID, never the CPR), what (handling,
entities, fields), on which legal basis (samtykke ids, hjemmel), and whether it was refused.
Construction checks that no identifier field can hold a CPR number: ``borger_id`` must be a
UUID and the free-text ``soegekriterium`` must not contain a CPR-like digit run.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from authz.store.values import ensure_aware, ensure_cvr, ensure_uuid

__all__ = ["AuditEntry", "AuditPage", "AuditRecord", "DeniedItem", "EntityRef", "LogHandling",
           "ViewerKind"]

_CPR_LIKE = re.compile(r"(?<!\d)\d{6}[-\s]?\d{4}(?!\d)")


class ViewerKind(StrEnum):
    """Who looked."""

    MEDARBEJDER = "MEDARBEJDER"
    BORGER = "BORGER"
    REVISOR = "REVISOR"
    SYSTEM = "SYSTEM"


class LogHandling(StrEnum):
    """The kind of use (Datatilsynet: read, search, create, change, export, delete)."""

    LAES = "LAES"
    SOEG = "SOEG"
    OPRET = "OPRET"
    AENDR = "AENDR"
    UDTRAEK = "UDTRAEK"
    SLET = "SLET"
    AFSLOER_BESKYTTET = "AFSLOER_BESKYTTET"


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityRef:
    """An object disclosed (or refused): its GraphQL type and id."""

    type: str
    id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeniedItem:
    """Something refused within an otherwise answered request."""

    type: str
    """The GraphQL type (or ``Type.field``) refused."""
    id: str | None = None
    code: str = "FORBIDDEN"
    """``FORBIDDEN``, ``CONSENT_REQUIRED``, ..."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditRecord:
    """One adgangslog record. ``id`` and ``tid`` must be set by the writer (the gateway)."""

    tid: datetime
    transaktions_id: str
    """The request's transaction id (``x-TransaktionsId`` or the gateway's request id)."""
    viewer_kind: ViewerKind
    viewer_id: str
    """The employee's user id; for a borger the token subject."""
    handling: LogHandling
    kommune_cvr: str | None = None
    org_enhed: str | None = None
    """The viewer's organisation unit, if known."""
    formaal: str | None = None
    """The purpose of the use, as text."""
    borger_id: str | None = None
    """The data subject's internal UUID; None for a search without a hit."""
    entiteter: tuple[EntityRef, ...] = ()
    felter: tuple[str, ...] = ()
    """``Type.field`` strings."""
    soegekriterium: str | None = None
    """A description of the search, without any CPR number."""
    samtykke_ider: tuple[str, ...] = ()
    hjemmel: tuple[str, ...] = ()
    afvist: bool = False
    afvisnings_aarsag: str | None = None
    """A reason code when ``afvist``."""
    afviste: tuple[DeniedItem, ...] = ()
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def __post_init__(self) -> None:
        object.__setattr__(self, "tid", ensure_aware(self.tid, "tid"))
        object.__setattr__(self, "id", ensure_uuid(self.id, "audit record id"))
        if not self.transaktions_id or not self.viewer_id:
            raise ValueError("an audit record needs a transaction id and a viewer id")
        if self.kommune_cvr is not None:
            ensure_cvr(self.kommune_cvr, "kommune CVR")
        if self.borger_id is not None:
            object.__setattr__(self, "borger_id", ensure_uuid(self.borger_id, "borger id"))
        if _CPR_LIKE.search(self.viewer_id):
            raise ValueError("viewer id must not contain a CPR number")
        if self.soegekriterium is not None and _CPR_LIKE.search(self.soegekriterium):
            raise ValueError("soegekriterium must not contain a CPR number")
        for samtykke_id in self.samtykke_ider:
            ensure_uuid(samtykke_id, "samtykke id")


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """A stored record and its opaque pagination cursor."""

    cursor: str
    record: AuditRecord


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of records, newest first."""

    entries: tuple[AuditEntry, ...]
    has_next_page: bool
    """True when older records match beyond this page (continue ``after=end_cursor``)."""

    @property
    def records(self) -> tuple[AuditRecord, ...]:
        """The records of this page."""
        return tuple(entry.record for entry in self.entries)

    @property
    def end_cursor(self) -> str | None:
        """The cursor of the last (oldest) entry, or None for an empty page."""
        return self.entries[-1].cursor if self.entries else None

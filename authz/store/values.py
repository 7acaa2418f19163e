"""The value types the samtykke registry and the audit log share (DOMAIN §11.1, §11.2).

Closed vocabularies are ``StrEnum``s whose values are the GraphQL enum names; external
catalogue codes are :class:`Kode`. Every record is a frozen, keyword-only dataclass with tuple
fields, so records can be compared, hashed and handed between tasks without copying.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

__all__ = [
    "Actor",
    "ActorKind",
    "Hjemmel",
    "Kode",
    "MyndighedRef",
    "PartType",
    "Periode",
    "Sektor",
    "ensure_aware",
    "ensure_cvr",
    "ensure_uuid",
]

_CVR = re.compile(r"\d{8}")


class Sektor(StrEnum):
    """The sectors a samtykke can cover (``omraader``) and an object belongs to."""

    BESKAEFTIGELSE = "BESKAEFTIGELSE"
    SOCIAL = "SOCIAL"
    UDDANNELSE = "UDDANNELSE"
    SUNDHED = "SUNDHED"
    FORSOERGELSE = "FORSOERGELSE"
    TVAERGAAENDE = "TVAERGAAENDE"


class PartType(StrEnum):
    """Who gave a samtykke (DOMAIN §8.1 "given by")."""

    BORGER = "BORGER"
    VAERGE = "VAERGE"
    FORAELDREMYNDIGHED = "FORAELDREMYNDIGHED"
    FULDMAGTSHAVER = "FULDMAGTSHAVER"


class ActorKind(StrEnum):
    """Who registered something: an employee, the citizen themself, or a system."""

    MEDARBEJDER = "MEDARBEJDER"
    BORGER = "BORGER"
    SYSTEM = "SYSTEM"


def ensure_uuid(value: str, what: str) -> str:
    """``value`` in canonical UUID form; ValueError naming ``what`` (never the value)."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise ValueError(f"{what} must be a UUID") from None


def ensure_cvr(value: str, what: str) -> str:
    """``value`` if it is eight digits; ValueError naming ``what`` otherwise."""
    if not isinstance(value, str) or _CVR.fullmatch(value) is None:
        raise ValueError(f"{what} must be a CVR number (8 digits)")
    return value


def ensure_aware(value: datetime, what: str) -> datetime:
    """``value`` converted to UTC; naive date-times are refused (their zone is unknown)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")
    return value.astimezone(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Kode:
    """A code from an external catalogue: ``system`` + ``kode`` (+ ``tekst``, ``version``)."""

    system: str
    kode: str
    tekst: str | None = None
    version: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Hjemmel:
    """A legal basis, e.g. ``lov="SEL", paragraf="85"``."""

    lov: str
    paragraf: str
    stk: str | None = None
    tekst: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MyndighedRef:
    """An authority data may come from or go to: a CVR, optionally narrowed."""

    cvr: str
    """The authority's CVR number."""
    org_enhed: str | None = None
    """An FK Organisation OrgEnhed UUID, when only that unit is meant."""
    sektor: Sektor | None = None
    """A sector, when only that area of the authority is meant."""

    def __post_init__(self) -> None:
        ensure_cvr(self.cvr, "MyndighedRef.cvr")
        if self.org_enhed is not None:
            object.__setattr__(self, "org_enhed", ensure_uuid(self.org_enhed, "orgEnhed"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Periode:
    """A validity window; ``til`` is ``None`` for open-ended. Both ends inclusive."""

    fra: datetime
    til: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "fra", ensure_aware(self.fra, "gyldighed.fra"))
        if self.til is not None:
            til = ensure_aware(self.til, "gyldighed.til")
            if til < self.fra:
                raise ValueError("gyldighed.til is before gyldighed.fra")
            object.__setattr__(self, "til", til)

    def contains(self, at: datetime) -> bool:
        """True when ``at`` lies within the window."""
        return self.fra <= at and (self.til is None or at <= self.til)


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """Who did something: an employee (user id + municipality CVR), a borger, or a system."""

    kind: ActorKind
    id: str
    """The employee's user id (token subject), the borger's internal UUID, or a system name."""
    cvr: str | None = None
    """The employee's or system's municipality; ``None`` for a borger."""

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("an actor needs an id")
        if self.kind is ActorKind.BORGER:
            object.__setattr__(self, "id", ensure_uuid(self.id, "a borger actor's id"))
        if self.cvr is not None:
            ensure_cvr(self.cvr, "Actor.cvr")

"""The HOI sag: an immutable row plus one version row per change, and its derived status.

A case's stored status is the latest version row's. What callers see is derived from it and
the samtykke's state at the moment of reading (:func:`derive_status`), so a withdrawn or
expired samtykke closes the case's access at once, whether or not its lapse has been
recorded as a version row yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from authz.store import Actor, Sektor
from authz.store.values import ensure_cvr

__all__ = ["AfslutningsKode", "HoiSag", "HoiSagStatus", "Koordinator", "SagHaendelse",
           "SagVersion", "derive_status"]


class HoiSagStatus(StrEnum):
    """A HOI case's life cycle."""

    AKTIV = "AKTIV"
    """Open, with an active samtykke: the plan takes changes, the koordinator reads (H3)."""
    SAMTYKKE_OPHOERT = "SAMTYKKE_OPHOERT"
    """The samtykke was withdrawn or expired: access closed, plan frozen and marked."""
    AFSLUTTET = "AFSLUTTET"
    """Closed by a decision: plan frozen, koordinator access ended, sector plans resume."""


class AfslutningsKode(StrEnum):
    """Why a case was closed, for reporting (the free-text ``aarsag`` says it in words)."""

    MAAL_NAAET = "MAAL_NAAET"
    """The plan's goals are reached."""
    BORGERENS_OENSKE = "BORGERENS_OENSKE"
    """The citizen wants to end it (e.g. to stay under sector law)."""
    ANDEN_INDSATS = "ANDEN_INDSATS"
    """Another effort suits the citizen better."""
    FRAFLYTNING = "FRAFLYTNING"
    """The citizen moved to another municipality."""
    ANDET = "ANDET"


class SagHaendelse(StrEnum):
    """What a version row records."""

    OPRETTET = "OPRETTET"
    AENDRET = "AENDRET"
    SAMTYKKE_OPHOERT = "SAMTYKKE_OPHOERT"
    AFSLUTTET = "AFSLUTTET"


@dataclass(frozen=True, slots=True, kw_only=True)
class Koordinator:
    """The one named HOI koordinator: a worker's user id (token subject) and municipality."""

    bruger_id: str
    cvr: str

    def __post_init__(self) -> None:
        if not self.bruger_id:
            raise ValueError("a koordinator needs a user id")
        ensure_cvr(self.cvr, "koordinator.cvr")


@dataclass(frozen=True, slots=True, kw_only=True)
class SagVersion:
    """One version of a case: the whole state after a change, and who, when and why."""

    version: int
    status: HoiSagStatus
    """The stored status (see :func:`derive_status` for what readers get)."""
    haendelse: SagHaendelse
    koordinator: Koordinator
    samtykke_id: str
    omraader: tuple[Sektor, ...]
    """The sectors in the plan (each covered by the samtykke, rule H1)."""
    aarsag: str
    """Why (free text from the worker, or a fixed text for recorded events)."""
    tid: datetime
    """When it happened (for a lapse: when the samtykke was withdrawn or expired)."""
    registreret_tid: datetime
    """When it was stored."""
    aktoer: Actor
    aarsagskode: AfslutningsKode | None = None
    """For a closing: why, as a code (None for other events and older closings)."""


def derive_status(stored: HoiSagStatus, samtykke_aktiv: bool) -> HoiSagStatus:
    """The status readers see: closed stays closed; without an active samtykke, lapsed."""
    if stored is HoiSagStatus.AFSLUTTET:
        return stored
    if stored is HoiSagStatus.SAMTYKKE_OPHOERT or not samtykke_aktiv:
        return HoiSagStatus.SAMTYKKE_OPHOERT
    return HoiSagStatus.AKTIV


@dataclass(frozen=True, slots=True, kw_only=True)
class HoiSag:
    """A HOI case with its whole history, as read at :attr:`as_of`."""

    id: str
    borger_id: str
    kommune_cvr: str
    plan_id: str
    oprettet_tid: datetime
    oprettet_af: Actor
    historik: tuple[SagVersion, ...] = field(repr=False)
    """Every version, oldest first; never empty."""
    samtykke_aktiv: bool
    """Whether the current samtykke was active at :attr:`as_of`."""
    samtykke_status: str | None
    """The current samtykke's status at :attr:`as_of` (None if it could not be read)."""
    samtykke_status_tid: datetime | None
    """Since when that status holds."""
    as_of: datetime = field(compare=False)

    @property
    def current(self) -> SagVersion:
        """The latest version."""
        return self.historik[-1]

    @property
    def version(self) -> int:
        """The current version number (what a change must name)."""
        return self.current.version

    @property
    def status(self) -> HoiSagStatus:
        """The derived status (:func:`derive_status`)."""
        return derive_status(self.current.status, self.samtykke_aktiv)

    @property
    def koordinator(self) -> Koordinator:
        """The current koordinator."""
        return self.current.koordinator

    @property
    def omraader(self) -> tuple[Sektor, ...]:
        """The sectors in the plan now."""
        return self.current.omraader

    @property
    def afsluttet(self) -> SagVersion | None:
        """The closing version, if the case is closed."""
        return self.current if self.current.status is HoiSagStatus.AFSLUTTET else None

    @property
    def lapse_unrecorded(self) -> bool:
        """True when the samtykke has lapsed but no version row records it yet."""
        return (self.current.status is HoiSagStatus.AKTIV
                and self.status is HoiSagStatus.SAMTYKKE_OPHOERT)

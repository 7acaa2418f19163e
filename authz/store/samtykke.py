"""Samtykke records (DOMAIN §8.1, §11.2) and their status rules, without any I/O.

A samtykke is stored once and never changed. Its status is a history of
:class:`StatusEvent`s (the first one is written with the samtykke); the current status is
the latest event's, except that a samtykke whose ``gyldighed.til`` has passed reads as
``UDLOEBET`` from that instant (derived, never stored).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from authz.principal import is_kle_pattern
from authz.store.values import (
    Actor,
    Hjemmel,
    Kode,
    MyndighedRef,
    PartType,
    Periode,
    Sektor,
    ensure_aware,
    ensure_uuid,
)

__all__ = [
    "ALLOWED_CHANGES",
    "INITIAL_STATUSES",
    "GivetAf",
    "NewSamtykke",
    "Samtykke",
    "SamtykkeForm",
    "SamtykkeHandling",
    "SamtykkeStatus",
    "SamtykkeType",
    "StatusEvent",
    "derive_status",
]


class SamtykkeHandling(StrEnum):
    """What the samtykke permits (FHIR ``provision.action``)."""

    SE = "SE"
    INDHENTE = "INDHENTE"
    VIDEREGIVE = "VIDEREGIVE"
    BEHANDLE = "BEHANDLE"


class SamtykkeType(StrEnum):
    """Consent given, or an objection (frabedelse; FHIR ``provision.type`` permit/deny)."""

    GIVET = "GIVET"
    FRABEDT = "FRABEDT"


class SamtykkeStatus(StrEnum):
    """Life-cycle states (FHIR ``Consent.status``)."""

    UDKAST = "UDKAST"
    AFVENTER_BORGER = "AFVENTER_BORGER"
    AKTIV = "AKTIV"
    AFVIST = "AFVIST"
    TILBAGEKALDT = "TILBAGEKALDT"
    UDLOEBET = "UDLOEBET"
    FEJLREGISTRERET = "FEJLREGISTRERET"


class SamtykkeForm(StrEnum):
    """How the samtykke was given."""

    DIGITAL_MITID = "DIGITAL_MITID"
    SKRIFTLIG = "SKRIFTLIG"
    MUNDTLIG = "MUNDTLIG"


INITIAL_STATUSES = frozenset({SamtykkeStatus.UDKAST, SamtykkeStatus.AFVENTER_BORGER,
                              SamtykkeStatus.AKTIV, SamtykkeStatus.AFVIST})
"""Statuses a samtykke may be registered with."""

ALLOWED_CHANGES: dict[SamtykkeStatus, frozenset[SamtykkeStatus]] = {
    SamtykkeStatus.UDKAST: frozenset({SamtykkeStatus.AFVENTER_BORGER, SamtykkeStatus.AKTIV,
                                      SamtykkeStatus.FEJLREGISTRERET}),
    SamtykkeStatus.AFVENTER_BORGER: frozenset({SamtykkeStatus.AKTIV, SamtykkeStatus.AFVIST,
                                               SamtykkeStatus.FEJLREGISTRERET}),
    SamtykkeStatus.AKTIV: frozenset({SamtykkeStatus.TILBAGEKALDT,
                                     SamtykkeStatus.FEJLREGISTRERET}),
    SamtykkeStatus.AFVIST: frozenset({SamtykkeStatus.FEJLREGISTRERET}),
    SamtykkeStatus.TILBAGEKALDT: frozenset({SamtykkeStatus.FEJLREGISTRERET}),
    SamtykkeStatus.UDLOEBET: frozenset({SamtykkeStatus.FEJLREGISTRERET}),
    SamtykkeStatus.FEJLREGISTRERET: frozenset(),
}
"""Status changes that may be appended, by the current (possibly derived) status."""

_EXPIRABLE = frozenset({SamtykkeStatus.UDKAST, SamtykkeStatus.AFVENTER_BORGER,
                        SamtykkeStatus.AKTIV})


@dataclass(frozen=True, slots=True, kw_only=True)
class GivetAf:
    """Who gave the samtykke: the citizen, or a representative (with a reference)."""

    type: PartType
    reference: str | None = None
    """The representative's identifier (e.g. a person UUID or fuldmagt id); may be None."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusEvent:
    """One appended status change: what, when, by whom, through which channel."""

    status: SamtykkeStatus
    tid: datetime
    """When it happened (for a withdrawal: when the citizen withdrew)."""
    aktoer: Actor
    kanal: str | None = None
    """Channel, e.g. ``MitID``, ``telefon``, ``borgerservice``."""
    aarsag: str | None = None
    """A short reason code, e.g. for ``FEJLREGISTRERET``."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "tid", ensure_aware(self.tid, "status tid"))


@dataclass(frozen=True, slots=True, kw_only=True)
class NewSamtykke:
    """What is registered: every §8.1 field except the ones the registry sets."""

    borger_id: str
    """The citizen's internal UUID (never the CPR)."""
    givet_af: GivetAf
    formaal: Kode
    handlinger: tuple[SamtykkeHandling, ...]
    type: SamtykkeType
    omraader: tuple[Sektor, ...]
    gyldighed: Periode
    form: SamtykkeForm
    kle_afgraensning: tuple[str, ...] | None = None
    afgivere: tuple[MyndighedRef, ...] = ()
    modtagere: tuple[MyndighedRef, ...] = ()
    skabelon: Kode | None = None
    informations_tekst: str | None = None
    hjemmel: tuple[Hjemmel, ...] = ()
    ekstern_reference: str | None = None
    status: SamtykkeStatus = SamtykkeStatus.AKTIV
    """The initial status; one of :data:`INITIAL_STATUSES`."""
    kanal: str | None = None
    """The channel the samtykke came through (recorded on the first status event)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "borger_id", ensure_uuid(self.borger_id, "borger id"))
        if not self.handlinger:
            raise ValueError("a samtykke needs at least one handling")
        if not self.omraader:
            raise ValueError("a samtykke needs at least one område")
        if self.kle_afgraensning is not None and not all(
                is_kle_pattern(k) for k in self.kle_afgraensning):
            raise ValueError("kleAfgraensning must hold KLE numbers or patterns")
        if self.status not in INITIAL_STATUSES:
            raise ValueError(f"a samtykke cannot be registered as {self.status}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Samtykke:
    """A stored samtykke with its status history and its status when it was read."""

    id: str
    borger_id: str
    givet_af: GivetAf
    formaal: Kode
    handlinger: tuple[SamtykkeHandling, ...]
    type: SamtykkeType
    omraader: tuple[Sektor, ...]
    kle_afgraensning: tuple[str, ...] | None
    afgivere: tuple[MyndighedRef, ...]
    modtagere: tuple[MyndighedRef, ...]
    gyldighed: Periode
    form: SamtykkeForm
    skabelon: Kode | None
    informations_tekst: str | None
    hjemmel: tuple[Hjemmel, ...]
    ekstern_reference: str | None
    registreret_af: Actor
    registreret_tid: datetime
    historik: tuple[StatusEvent, ...] = field(repr=False)
    """Every status event, oldest first; never empty."""
    status: SamtykkeStatus
    """The status at :attr:`as_of` (``UDLOEBET`` derived from ``gyldighed.til``)."""
    status_tid: datetime
    """Since when :attr:`status` holds (the event's time, or ``gyldighed.til``)."""
    as_of: datetime = field(compare=False)
    """The instant the status was computed for (not part of equality)."""

    @property
    def tilbagekaldt(self) -> StatusEvent | None:
        """The withdrawal event, if the samtykke was withdrawn."""
        return next((e for e in self.historik if e.status is SamtykkeStatus.TILBAGEKALDT), None)

    @property
    def tilbagekaldt_tid(self) -> datetime | None:
        """When it was withdrawn."""
        event = self.tilbagekaldt
        return None if event is None else event.tid

    @property
    def tilbagekaldt_kanal(self) -> str | None:
        """Through which channel it was withdrawn."""
        event = self.tilbagekaldt
        return None if event is None else event.kanal

    def status_at(self, at: datetime) -> tuple[SamtykkeStatus, datetime]:
        """The status at ``at`` and since when, given the events stored so far.

        The latest stored event counts whatever its own time (a change takes effect when it
        is stored); ``UDLOEBET`` replaces a pending or active status once ``at`` is after
        ``gyldighed.til``.
        """
        return derive_status(self.historik[-1], self.gyldighed, ensure_aware(at, "at"))

    def is_active_at(self, at: datetime) -> bool:
        """True when the samtykke is ``AKTIV`` at ``at`` and ``at`` lies within gyldighed."""
        at = ensure_aware(at, "at")
        return (self.status_at(at)[0] is SamtykkeStatus.AKTIV
                and self.gyldighed.contains(at))


def derive_status(latest: StatusEvent, gyldighed: Periode,
                  at: datetime) -> tuple[SamtykkeStatus, datetime]:
    """The effective status from the latest event and the validity window."""
    til = gyldighed.til
    if latest.status in _EXPIRABLE and til is not None and at > til:
        return SamtykkeStatus.UDLOEBET, til
    return latest.status, latest.tid

"""What a samtykke permits, as rule A2 reads it (DOMAIN §8, §12 A2/A3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

__all__ = ["ConsentGrant", "Recipient", "consent_covering"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Recipient:
    """A ``MyndighedRef`` among a samtykke's modtagere."""

    cvr: str
    """The receiving authority."""
    orgenhed: str | None = None
    """Only this unit of it, if given."""
    sektor: str | None = None
    """Only this sector of it, if given."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsentGrant:
    """The parts of an active samtykke that decide a cross-sector read."""

    id: str
    """The samtykke's id: the legal basis written to the audit."""
    borger_id: str
    """Whose consent it is."""
    handlinger: frozenset[str]
    """``SE``, ``INDHENTE``, ``VIDEREGIVE``, ``BEHANDLE``."""
    omraader: frozenset[str]
    """Sectors whose data it covers."""
    modtagere: tuple[Recipient, ...]
    """Who may receive the data."""
    gyldig_fra: datetime | None
    """Start of validity (None: from registration)."""
    gyldig_til: datetime | None
    """End of validity (None: open-ended)."""
    aktiv: bool
    """True while the status is ``AKTIV`` (not withdrawn, refused or recorded in error)."""
    frabedt: bool = False
    """A refusal (``type: FRABEDT``): it never grants, and it overrides a grant it matches."""


def _receives(recipient: Recipient, cvr: str, orgenheder: tuple[str, ...] | None,
              home_sectors: frozenset[str]) -> bool:
    if recipient.cvr != cvr:
        return False
    if recipient.orgenhed is not None and (orgenheder is None
                                           or recipient.orgenhed not in orgenheder):
        return False
    return recipient.sektor is None or recipient.sektor in home_sectors


def consent_covering(grants: Iterable[ConsentGrant], *, borger_id: str, sektor: str,
                     action: str, cvr: str, orgenheder: tuple[str, ...] | None,
                     home_sectors: frozenset[str], at: datetime) -> ConsentGrant | None:
    """The first samtykke letting this worker ``action`` this citizen's ``sektor`` data now.

    Rule A2: status AKTIV, ``handlinger ∋ action``, ``omraader ∋ sektor``, a recipient with
    the worker's CVR (and, where the samtykke names them, their unit and home sector), and
    ``at`` inside the validity period — and no active refusal (``FRABEDT``) that matches.
    """
    matching = [grant for grant in grants
                if grant.aktiv and grant.borger_id == borger_id and action in grant.handlinger
                and sektor in grant.omraader
                and (grant.gyldig_fra is None or grant.gyldig_fra <= at)
                and (grant.gyldig_til is None or at <= grant.gyldig_til)
                and any(_receives(r, cvr, orgenheder, home_sectors) for r in grant.modtagere)]
    if any(grant.frabedt for grant in matching):
        return None
    return next(iter(matching), None)

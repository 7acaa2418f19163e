"""What an active HOI case grants (DOMAIN §12 H1–H3): the koordinator and the consented sectors.

An active HOI sag rests on the citizen's written samtykke covering the sectors of the plan
(H1). While it is active, its one koordinator may read that citizen's data in those sectors
(H3), and workers whose home sector is among them may read the shared plan itself. The
gateway reads the active cases of the citizens in a response once per request (never cached),
so a closed case or a withdrawn samtykke ends this access on the next request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from authz.principal import Medarbejder

__all__ = ["HoiCaseAccess", "cases_coordinated_by", "cases_for"]


@dataclass(frozen=True, slots=True, kw_only=True)
class HoiCaseAccess:
    """One active HOI case as the policy sees it."""

    case_id: str
    """The HOI sag's id."""
    borger_id: str
    """Whose case it is."""
    koordinator_id: str
    """The koordinator's user id (token subject)."""
    koordinator_cvr: str
    """The koordinator's municipality."""
    samtykke_id: str
    """The active samtykke the case rests on: the legal basis written to the audit."""
    omraader: frozenset[str]
    """The sectors that samtykke covers."""


def cases_for(cases: Iterable[HoiCaseAccess], borger_id: str) -> list[HoiCaseAccess]:
    """The active cases of one citizen."""
    return [c for c in cases if c.borger_id == borger_id]


def cases_coordinated_by(cases: Iterable[HoiCaseAccess], principal: Medarbejder,
                         borger_id: str) -> list[HoiCaseAccess]:
    """The citizen's active cases whose koordinator is ``principal`` (same user, same CVR)."""
    return [c for c in cases_for(cases, borger_id)
            if c.koordinator_id == principal.user_id and c.koordinator_cvr == principal.cvr]

"""What a plan document may hold: the plan as the citizen sees it, at one version.

Both renderings (the PDF "køleskabsplan" and the XML for other systems) are built from a
:class:`PlanUdskrift`, and :func:`udskrift` is the one place that decides what leaves the
system: items marked ``INTERN`` are left out, and no employee's identity is included (the
koordinator and every change are named by the municipality only, rule C3). No history, no
write-back state, no CPR number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from authz.store import Sektor
from subgraphs.hoi import plan_state as state
from subgraphs.hoi.plan_state.plan import Godkendelse

__all__ = ["Borger", "PlanUdskrift", "udskrift"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Borger:
    """Whom the plan is for: the internal id and the name (never the CPR number)."""

    id: str
    navn: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanUdskrift:
    """One plan version, as much of it as may be printed or handed to another system."""

    plan_id: str
    version: int
    udskrevet: datetime
    """When the document was made."""
    borger: Borger
    kommune_cvr: str
    status: state.HoiSagStatus
    oprettet: datetime
    afsluttet: datetime | None
    omraader: tuple[Sektor, ...]
    maal: tuple[state.PlanMaal, ...]
    aftaler: tuple[state.PlanAftale, ...]
    indsatser: tuple[state.IndsatsReference, ...]
    bidrag: tuple[state.BorgerBidrag, ...]
    godkendelse: Godkendelse | None
    godkendt: bool
    """True while no change of substance followed the approved version."""

    def kommende_aftaler(self) -> tuple[state.PlanAftale, ...]:
        """Aftaler from the time of printing on that still stand, soonest first."""
        standing = {state.AftaleStatus.PLANLAGT, state.AftaleStatus.BEKRAEFTET,
                    state.AftaleStatus.FLYTTET}
        return tuple(sorted((a for a in self.aftaler
                             if a.status in standing and (a.til or a.fra) >= self.udskrevet),
                            key=lambda a: a.fra))


def _shown(synlighed: state.Synlighed) -> bool:
    return synlighed is not state.Synlighed.INTERN


def udskrift(version: state.PlanVersion, sag: state.HoiSag, borger: Borger,
             now: datetime) -> PlanUdskrift:
    """The printable plan at ``version`` of case ``sag`` (see the module doc for what is left
    out)."""
    indhold = version.indhold
    closed = sag.afsluttet
    return PlanUdskrift(
        plan_id=sag.plan_id, version=version.version, udskrevet=now, borger=borger,
        kommune_cvr=sag.kommune_cvr, status=sag.status, oprettet=sag.oprettet_tid,
        afsluttet=None if closed is None else closed.tid, omraader=tuple(sag.omraader),
        maal=tuple(m for m in indhold.maal if _shown(m.synlighed)),
        aftaler=tuple(a for a in indhold.aftaler if _shown(a.synlighed)),
        indsatser=indhold.indsatser, bidrag=indhold.bidrag, godkendelse=indhold.godkendelse,
        godkendt=indhold.godkendt)

"""Rule H1 and the case's other invariants, without any I/O."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from authz.store import Samtykke, SamtykkeType, Sektor
from subgraphs.hoi.plan_state.errors import ConsentRequired, InvalidChange
from subgraphs.hoi.plan_state.sag import Koordinator
from subgraphs.hoi.plan_state.settings import HoiSettings

__all__ = ["PLAN_SECTORS", "check_hoi_samtykke", "check_koordinator", "plan_sectors",
           "samtykke_active"]

PLAN_SECTORS = frozenset({Sektor.BESKAEFTIGELSE, Sektor.SOCIAL, Sektor.UDDANNELSE,
                          Sektor.SUNDHED, Sektor.FORSOERGELSE})
"""Sectors a HOI plan can include (TVAERGAAENDE is the plan itself)."""


def plan_sectors(omraader: Iterable[Sektor]) -> tuple[Sektor, ...]:
    """The plan's sectors, deduplicated in a fixed order; InvalidChange if unusable."""
    wanted = set(omraader)
    if not wanted:
        raise InvalidChange("a HOI case needs at least one sector (omraader)")
    if not wanted <= PLAN_SECTORS:
        raise InvalidChange("omraader may only name the sectors of the plan")
    return tuple(s for s in Sektor if s in wanted)


def samtykke_active(samtykke: Samtykke | None, at: datetime) -> bool:
    """True when ``samtykke`` is a consent (not a refusal) that is active at ``at``."""
    return (samtykke is not None and samtykke.type is SamtykkeType.GIVET
            and samtykke.is_active_at(at))


def check_hoi_samtykke(samtykke: Samtykke | None, *, borger_id: str, kommune_cvr: str,
                       omraader: Iterable[Sektor], settings: HoiSettings,
                       at: datetime) -> None:
    """Rule H1: an active samtykke of this citizen, for HOI, covering every plan sector.

    Also: the municipality must be among its recipients (a samtykke to another authority does
    not let this one open a case). Raises :class:`ConsentRequired` naming what is missing.
    """
    if samtykke is None or samtykke.borger_id != borger_id:
        raise ConsentRequired("no samtykke of this citizen with that id")
    if not samtykke_active(samtykke, at):
        raise ConsentRequired(f"the samtykke is {samtykke.status}, not an active consent")
    formaal = samtykke.formaal
    if formaal.system != settings.formaal_system or formaal.kode not in settings.formaal_koder:
        raise ConsentRequired("the samtykke's formål is not HOI")
    missing = [s.value for s in omraader if s not in samtykke.omraader]
    if missing:
        raise ConsentRequired("the samtykke does not cover " + ", ".join(missing))
    if not any(m.cvr == kommune_cvr for m in samtykke.modtagere):
        raise ConsentRequired("the samtykke does not name this municipality as recipient")


def check_koordinator(koordinator: Koordinator, kommune_cvr: str) -> None:
    """The koordinator works for the case's municipality."""
    if koordinator.cvr != kommune_cvr:
        raise InvalidChange("the koordinator must work for the case's municipality")

"""Who may read and change a HOI case and its plan, checked in the subgraph (A10, C1, C4, C6).

Checked here from the caller's own bearer token (the gateway forwards it), so the subgraph
is safe even when called directly. Reading is coarse here — the citizen their own case, an
employee a case of a municipality they hold a privilege for — and fine-grained in the
gateway (the per-object policy on the ``AdgangsStyret`` fields).

Changes (rule A10: the write role for the target sector and følsomhed):

* open, change or close a case: ``hoi-plan-skriv`` for the case's municipality, granted up
  to at least the HOI objects' følsomhed (FOELSOMME_PERSONOPLYSNINGER);
* plan items of a sector (``fagomraade``) or references to its indsatser: ``hoi-plan-skriv``
  (any sector of the plan, and sector-neutral items), or a home-sector read role of the
  worker's fagsystem (``social-laes`` → SOCIAL, ...) for that municipality with that
  følsomhed, whose sector is in the plan and so covered by the case's samtykke (H1);
* the citizen (C4, C6 — MitID substantial or high): own goals, comments, wishes,
  confirming aftaler and approving a version of their own plan; the kind of change each may
  make is enforced again in :mod:`subgraphs.hoi.plan_state.edits`.
"""

from __future__ import annotations

from collections.abc import Iterable

from authz.policy.decide import DEFAULT_SECTOR_ROLES, SectorRoles
from authz.principal import Borger, Foelsomhed, Medarbejder, Principal, Privilege
from authz.store import Actor, ActorKind, Sektor
from subgraphs.common.errors import forbidden, not_found
from subgraphs.hoi import plan_state as state

__all__ = [
    "CITIZEN_WRITE_ASSURANCE",
    "PLAN_ROLE",
    "REPORT_ROLE",
    "actor_for",
    "can_read",
    "edit_sectors",
    "ensure_can_edit",
    "ensure_can_manage",
    "ensure_can_report",
]

PLAN_ROLE = "hoi-plan-skriv"
"""The brugersystemrolle that opens, changes and closes HOI cases and edits any plan item."""
REPORT_ROLE = "hoi-indberetning"
"""The brugersystemrolle that gets the municipality's HOI report (pseudonymised, no content)."""
CITIZEN_WRITE_ASSURANCE = frozenset({"Substantial", "High"})
"""NSIS levels at which a citizen may change their plan (rule C6)."""
HOI_FOELSOMHED = Foelsomhed.FOELSOMME_PERSONOPLYSNINGER
"""The følsomhed of every HOI object; a write privilege must cover it (A10)."""


def can_read(principal: Principal, sag: state.HoiSag, own_borger_id: str | None) -> bool:
    """The citizen their own case; an employee a case of a municipality they work for."""
    if isinstance(principal, Borger):
        return own_borger_id is not None and own_borger_id == sag.borger_id
    return isinstance(principal, Medarbejder) and bool(principal.privileges_for(
        sag.kommune_cvr))


def actor_for(principal: Principal, own_borger_id: str | None) -> Actor:
    """The store's actor for the caller (a citizen by their internal id)."""
    if isinstance(principal, Borger):
        if own_borger_id is None:
            raise forbidden("the citizen is not known to the person register")
        return Actor(kind=ActorKind.BORGER, id=own_borger_id)
    return Actor(kind=ActorKind.MEDARBEJDER, id=principal.user_id, cvr=principal.cvr)


def _covering(principal: Medarbejder, cvr: str) -> list[Privilege]:
    return [p for p in principal.privileges_for(cvr) if p.foelsomhed.covers(HOI_FOELSOMHED)
            and not p.other_constraints]


def ensure_can_manage(principal: Principal, kommune_cvr: str | None = None) -> Medarbejder:
    """Raise unless the caller holds ``hoi-plan-skriv`` for the municipality (with følsomhed).

    ``kommune_cvr`` None: the caller's own municipality (opening a case there).
    """
    if not isinstance(principal, Medarbejder):
        raise forbidden("managing a HOI case needs the hoi-plan-skriv role")
    cvr = principal.cvr if kommune_cvr is None else kommune_cvr
    if not any(p.name == PLAN_ROLE for p in _covering(principal, cvr)):
        raise forbidden("managing a HOI case needs the hoi-plan-skriv role for the "
                        "municipality, up to FOELSOMME_PERSONOPLYSNINGER")
    return principal


def ensure_can_report(principal: Principal) -> Medarbejder:
    """Raise unless the caller holds ``hoi-indberetning`` for their municipality, up to
    FOELSOMME_PERSONOPLYSNINGER (HOI participation is sensitive, even pseudonymised)."""
    if not isinstance(principal, Medarbejder) or not any(
            p.name == REPORT_ROLE for p in _covering(principal, principal.cvr)):
        raise forbidden("the HOI report needs the hoi-indberetning role for the "
                        "municipality, up to FOELSOMME_PERSONOPLYSNINGER")
    return principal


def writable_sectors(principal: Medarbejder, sag: state.HoiSag,
                     roles: SectorRoles = DEFAULT_SECTOR_ROLES) -> set[Sektor | None]:
    """The ``fagomraade`` values this worker may write in the case's plan (None: neutral)."""
    privileges = _covering(principal, sag.kommune_cvr)
    plan = set(sag.omraader)
    if any(p.name == PLAN_ROLE for p in privileges):
        return {*plan, None}
    home = {Sektor(s) for p in privileges for s in roles.home.get(p.name, ())}
    return set(home & plan)


def edit_sectors(edit: state.PlanEdit, indhold: state.PlanIndhold) -> set[Sektor | None]:
    """Every sector an employee's edit touches: the item's present and new ``fagomraade``."""
    if isinstance(edit, state.TilfoejMaal | state.TilfoejAftale):
        return {edit.fagomraade}
    if isinstance(edit, state.TilfoejIndsats):
        return {edit.sektor}
    if isinstance(edit, state.FjernIndsats):
        return {ref.sektor for ref in indhold.indsatser if ref.id == edit.indsats_id}
    if isinstance(edit, state.AendrMaal | state.AendrAftale):
        target = edit.maal_id if isinstance(edit, state.AendrMaal) else edit.aftale_id
        items: tuple[state.PlanMaal | state.PlanAftale, ...] = (*indhold.maal,
                                                                 *indhold.aftaler)
        found: set[Sektor | None] = {item.fagomraade for item in items if item.id == target}
        if edit.fagomraade is not None:
            found.add(edit.fagomraade)
        return found
    return set()


def ensure_can_edit(principal: Principal, own_borger_id: str | None, sag: state.HoiSag,
                    touched: Iterable[Sektor | None]) -> None:
    """Raise unless the caller may make a change touching these sectors (see module doc)."""
    if isinstance(principal, Borger):
        if own_borger_id != sag.borger_id:
            raise not_found("HOI plan")
        if principal.assurance_level not in CITIZEN_WRITE_ASSURANCE:
            raise forbidden("MitID substantial or high is needed")
        return
    if not isinstance(principal, Medarbejder):
        raise forbidden("changing a HOI plan needs a privilege for the municipality")
    allowed = writable_sectors(principal, sag)
    refused = [s for s in touched if s not in allowed]
    if refused:
        names = ", ".join(sorted("neutral" if s is None else s.value for s in refused))
        raise forbidden(f"no write privilege for these plan sectors: {names}")

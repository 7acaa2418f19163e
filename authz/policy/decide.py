"""The single decision function: may this principal see this object, and on what basis?

Rules of DOMAIN.md §12, applied in order, each a small function below:

* **G2** — an object whose access metadata is missing or malformed is denied (fail closed).
* **C1/C3** — a citizen sees only objects of which they are the citizen, and none marked
  ``INTERN``.
* **A5** — ``SUNDHED`` objects only for a health professional holding a health read role
  that passes A1 (the treatment relation and Min Spærring are not modelled yet).
* **A1 + A2, own area** — a home-sector read role whose privilege for the object's CVR covers
  its KLE, følsomhed and unit: shown on the sector's own statutory basis.
* **A1 + A2, other areas** — the overview role passing A1 *and* an active samtykke from the
  citizen covering the sector, the action ``SE`` and the worker as recipient: shown on that
  samtykke. Without the samtykke the object is hidden with ``CONSENT_REQUIRED``.
* **H3** — the koordinator of an active HOI case reads that citizen's data in the sectors
  its samtykke covers (within their følsomhed ceiling for the municipality), shown on that
  samtykke.
* **HOI plan** — objects of sector ``TVAERGAAENDE`` (the HOI sag and its shared plan) are
  read by the case's koordinator and by workers whose home sector the case's samtykke covers
  (KLE is not checked: no HOI KLE emne exists); without an active case nobody but the
  citizen sees them.
* An auditor never sees case content.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from authz.policy.consent import ConsentGrant, consent_covering
from authz.policy.facts import ObjectFacts
from authz.policy.hoi import HoiCaseAccess, cases_coordinated_by, cases_for
from authz.principal import Borger, Medarbejder, Principal, Privilege, Revisor

__all__ = ["CONSENT_REQUIRED", "FORBIDDEN", "Decision", "SectorRoles", "decide", "decide_borger"]

FORBIDDEN = "FORBIDDEN"
CONSENT_REQUIRED = "CONSENT_REQUIRED"

_DEFAULT_HOME_ROLES: Mapping[str, frozenset[str]] = MappingProxyType({
    "beskaeftigelse-laes": frozenset({"BESKAEFTIGELSE", "FORSOERGELSE"}),
    "social-laes": frozenset({"SOCIAL"}),
    "uddannelse-laes": frozenset({"UDDANNELSE"}),
    "sundhed-laes": frozenset({"SUNDHED"}),
})


@dataclass(frozen=True, slots=True, kw_only=True)
class SectorRoles:
    """Which brugersystemroller read which sectors (configuration, DOMAIN §12 A2)."""

    home: Mapping[str, frozenset[str]] = field(default_factory=lambda: _DEFAULT_HOME_ROLES)
    """A fagsystem read role → the sectors it is the home read role of."""
    overview: str = "hoi-overblik-laes"
    """The gateway's cross-sector read role (effective only with samtykke)."""
    health_sector: str = "SUNDHED"
    """The sector whose content needs a health professional (rule A5)."""
    hoi_sector: str = "TVAERGAAENDE"
    """The sector of the HOI sag and its shared plan."""

    def home_sectors(self, principal: Medarbejder) -> frozenset[str]:
        """Every sector the worker has a home read role for."""
        return frozenset(s for p in principal.privileges for s in self.home.get(p.name, ()))


DEFAULT_SECTOR_ROLES = SectorRoles()


@dataclass(frozen=True, slots=True)
class Decision:
    """Show or not, why, and on what legal basis."""

    allowed: bool
    """True to show the object."""
    code: str | None = None
    """``FORBIDDEN`` or ``CONSENT_REQUIRED`` when denied."""
    basis: str | None = None
    """The legal basis when shown: ``samtykke:<id>``, ``hjemmel:<role>`` or ``egne-data``."""
    reason: str = ""
    """A short, fixed, client-safe reason (the rule that decided)."""


def _deny(code: str, reason: str) -> Decision:
    return Decision(False, code, None, reason)


def _permitting(privileges: Iterable[Privilege], facts: ObjectFacts) -> list[Privilege]:
    """Rule A1: privileges whose CVR, KLE, følsomhed and unit constraints all cover ``facts``."""
    return [p for p in privileges
            if p.permits(cvr=facts.kommune_cvr, kle=facts.kle, foelsomhed=facts.foelsomhed,
                         orgenhed=facts.ansvarlig_enhed)]


def _for_citizen(principal: Borger, facts: ObjectFacts, own_id: str | None) -> Decision:
    if own_id is None or facts.borger_id != own_id:
        return _deny(FORBIDDEN, "a citizen sees only their own data")
    if facts.intern:
        return _deny(FORBIDDEN, "internal to the municipality")
    return Decision(True, basis="egne-data", reason="own data")


def _health(principal: Medarbejder, facts: ObjectFacts, roles: SectorRoles) -> Decision:
    if not principal.is_health_professional:
        return _deny(FORBIDDEN, "health data only for health professionals")
    readers = [p for p in principal.privileges
               if roles.health_sector in roles.home.get(p.name, ())]
    allowing = _permitting(readers, facts)
    if not allowing:
        return _deny(FORBIDDEN, "no privilege covers this object")
    return Decision(True, basis=f"hjemmel:{allowing[0].name}", reason="health professional")


def _ceiling_allows(principal: Medarbejder, facts: ObjectFacts, roles: SectorRoles) -> bool:
    """Some read privilege for the object's CVR whose følsomhed covers it (KLE not asked)."""
    return any(p.cvr == facts.kommune_cvr and not p.other_constraints
               and p.foelsomhed.covers(facts.foelsomhed)
               and (p.name in roles.home or p.name == roles.overview)
               for p in principal.privileges)


def _hoi_object(principal: Medarbejder, facts: ObjectFacts, cases: list[HoiCaseAccess],
                roles: SectorRoles) -> Decision:
    active = cases_for(cases, facts.borger_id)
    if not active:
        return _deny(FORBIDDEN, "no active HOI case")
    if not _ceiling_allows(principal, facts, roles):
        return _deny(FORBIDDEN, "no privilege covers this object")
    mine = cases_coordinated_by(active, principal, facts.borger_id)
    if mine:
        return Decision(True, basis=f"samtykke:{mine[0].samtykke_id}", reason="HOI koordinator")
    home = roles.home_sectors(principal)
    shared = [c for c in active if c.omraader & home]
    if shared:
        return Decision(True, basis=f"samtykke:{shared[0].samtykke_id}",
                        reason="consented sector")
    return _deny(CONSENT_REQUIRED, "the HOI samtykke does not cover this worker's sector")


def _for_worker(principal: Medarbejder, facts: ObjectFacts, consents: Iterable[ConsentGrant],
                now: datetime, roles: SectorRoles, cases: list[HoiCaseAccess]) -> Decision:
    if facts.sektor == roles.health_sector:
        return _health(principal, facts, roles)
    if facts.sektor == roles.hoi_sector:
        return _hoi_object(principal, facts, cases, roles)
    home = [p for p in principal.privileges if facts.sektor in roles.home.get(p.name, ())]
    allowing = _permitting(home, facts)
    if allowing:
        return Decision(True, basis=f"hjemmel:{allowing[0].name}", reason="own sector")
    coordinated = [c for c in cases_coordinated_by(cases, principal, facts.borger_id)
                   if facts.sektor in c.omraader]
    if coordinated and _ceiling_allows(principal, facts, roles):
        return Decision(True, basis=f"samtykke:{coordinated[0].samtykke_id}",
                        reason="HOI koordinator")
    overview = _permitting((p for p in principal.privileges if p.name == roles.overview), facts)
    if not overview:
        return _deny(FORBIDDEN, "no privilege covers this object")
    grant = consent_covering(consents, borger_id=facts.borger_id, sektor=facts.sektor,
                             action="SE", cvr=facts.kommune_cvr,
                             orgenheder=overview[0].orgenheder,
                             home_sectors=roles.home_sectors(principal), at=now)
    if grant is None:
        return _deny(CONSENT_REQUIRED, "the citizen has not consented to this")
    return Decision(True, basis=f"samtykke:{grant.id}", reason="consent")


def decide(principal: Principal, facts: ObjectFacts | None, *, own_borger_id: str | None,
           consents: Iterable[ConsentGrant], now: datetime,
           roles: SectorRoles = DEFAULT_SECTOR_ROLES,
           hoi_cases: Iterable[HoiCaseAccess] = ()) -> Decision:
    """Decide on one object of a citizen (see the module docstring for the rules)."""
    if facts is None:
        return _deny(FORBIDDEN, "the object's access metadata is incomplete")
    if isinstance(principal, Borger):
        return _for_citizen(principal, facts, own_borger_id)
    if isinstance(principal, Revisor):
        return _deny(FORBIDDEN, "auditors see no case content")
    return _for_worker(principal, facts, consents, now, roles, list(hoi_cases))


def decide_borger(principal: Principal, borger_id: str | None, *, own_borger_id: str | None,
                  roles: SectorRoles = DEFAULT_SECTOR_ROLES) -> Decision:
    """Decide on a ``Borger`` object itself (the person, not their cases).

    A citizen sees only themself; a worker needs a read role (home or overview) for some
    municipality (guest/own-citizen rule A12 is not modelled yet); an auditor nobody.
    """
    if borger_id is None:
        return _deny(FORBIDDEN, "the object's access metadata is incomplete")
    if isinstance(principal, Borger):
        if own_borger_id is not None and borger_id == own_borger_id:
            return Decision(True, basis="egne-data", reason="own data")
        return _deny(FORBIDDEN, "a citizen sees only their own data")
    if isinstance(principal, Revisor):
        return _deny(FORBIDDEN, "auditors see no case content")
    if any(p.name in roles.home or p.name == roles.overview for p in principal.privileges):
        return Decision(True, basis="opslag", reason="worker with a read role")
    return _deny(FORBIDDEN, "no read role")

"""The demo personas and their Adgangsstyring privileges (DOMAIN.md, appendix).

Every employee works for the demo municipality (CVR ``11111111``); the borger is the demo
citizen of ``mocks.population``. One privilege group per brugersystemrolle; følsomhed is the
highest level granted. Names and ids are fictitious.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from mocks.population import DEMO_CITIZEN, KOMMUNE_CVR

__all__ = [
    "DEMO_CITIZEN_CPR",
    "DEMO_MUNICIPALITY_CVR",
    "DEMO_MUNICIPALITY_NAME",
    "FOELSOMHED_CONSTRAINT",
    "Grant",
    "HEALTH_ROLE",
    "KLE_CONSTRAINT",
    "ORGENHED_CONSTRAINT",
    "PERSONAS",
    "Persona",
    "ROLE_PREFIX",
    "role_uri",
]

DEMO_MUNICIPALITY_CVR: str = KOMMUNE_CVR
"""Korsbæk Kommune, ``11111111`` in KOMBIT's FK Organisation examples (DOMAIN §9.2)."""
DEMO_MUNICIPALITY_NAME = "Korsbæk Kommune"
"""The demo municipality's name."""

DEMO_CITIZEN_CPR: str = DEMO_CITIZEN.cpr
"""The demo citizen's fictitious CPR (day + 60), from ``mocks.population.DEMO_CITIZEN``."""

ROLE_PREFIX = "http://hoi.example.dk/roles/usersystemrole/"
"""Brugersystemroller of the gateway are ``<ROLE_PREFIX><name>/1`` (DOMAIN §1.1, §11)."""
HEALTH_ROLE = "urn:dk:healthcare:national-federation-role:PlejeAssR3"
"""A national health role as it rides in the PrivilegeList (DOMAIN §1.2; the exact NSP role
for a municipal nurse is unverified, the gateway only looks at the prefix)."""

KLE_CONSTRAINT = "http://sts.kombit.dk/constraints/KLE/1"
"""KOMBIT's KLE dataafgrænsning type."""
FOELSOMHED_CONSTRAINT = "http://sts.kombit.dk/constraints/foelsomhed/1"
"""KOMBIT's følsomhed dataafgrænsning type (values 1..4)."""
ORGENHED_CONSTRAINT = "http://sts.kombit.dk/constraints/orgenhed/1"
"""KOMBIT's organisation dataafgrænsning type (OrgEnhed UUIDs)."""

IKKE_FORTROLIGE, FORTROLIGE, FOELSOMME, VIP = 1, 2, 3, 4
_ALL_SECTORS_KLE = ("15.*", "32.*", "27.*", "17.*", "54.*")


def role_uri(name: str) -> str:
    """The brugersystemrolle URI for a short role name (``social-laes``)."""
    return f"{ROLE_PREFIX}{name}/1"


@dataclass(frozen=True, slots=True, kw_only=True)
class Grant:
    """One privilege group: a role for one CVR with its dataafgrænsninger."""

    role: str
    """Short brugersystemrolle name, or a full URI/URN (health roles)."""
    kle: tuple[str, ...] | None = None
    """KLE patterns; ``None`` = no KLE constraint."""
    foelsomhed: int | None = None
    """Highest følsomhed level 1..4; ``None`` = no følsomhed constraint."""
    orgenheder: tuple[str, ...] | None = None
    """OrgEnhed UUIDs; ``None`` = no organisation constraint."""
    cvr: str = DEMO_MUNICIPALITY_CVR
    """The municipality the group is scoped to."""

    @property
    def uri(self) -> str:
        """The privilege value as it goes on the wire."""
        return self.role if ":" in self.role else role_uri(self.role)


@dataclass(frozen=True, slots=True, kw_only=True)
class Persona:
    """A named demo user: an employee with grants, an auditor, or the demo citizen."""

    name: str
    """The persona's key (``jobcenter``)."""
    kind: Literal["medarbejder", "revisor", "borger"]
    """What kind of principal the gateway should make of the token."""
    display_name: str
    """Fictitious person name (display only)."""
    grants: tuple[Grant, ...] = ()
    """Privilege groups (empty for the borger)."""
    cpr: str | None = field(default=None, repr=False)
    """Only for the borger: the demo citizen's (fictitious) CPR."""

    @property
    def subject(self) -> str:
        """A stable, pseudonymous ``sub`` derived from the persona name."""
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:helhed:demo-persona:{self.name}"))


_BESKAEFTIGELSE = Grant(role="beskaeftigelse-laes", kle=("15.*", "32.*"), foelsomhed=FORTROLIGE)
_OVERBLIK = Grant(role="hoi-overblik-laes", kle=_ALL_SECTORS_KLE, foelsomhed=FOELSOMME)
_SE_CPR = Grant(role="se-cpr")

_ALL = (
    Persona(name="jobcenter", kind="medarbejder", display_name="Jens Jobkonsulent",
            grants=(_BESKAEFTIGELSE, _OVERBLIK, _SE_CPR)),
    Persona(name="socialraadgiver", kind="medarbejder", display_name="Sofie Socialrådgiver",
            grants=(Grant(role="social-laes", kle=("27.*",), foelsomhed=FOELSOMME), _OVERBLIK,
                    Grant(role="hoi-samtykke-registrer"), _SE_CPR)),
    Persona(name="ungevejleder", kind="medarbejder", display_name="Ulla Ungevejleder",
            grants=(Grant(role="uddannelse-laes", kle=("17.*", "54.*"), foelsomhed=FORTROLIGE),
                    Grant(role="hoi-overblik-laes", kle=("15.*", "27.*", "17.*", "54.*"),
                          foelsomhed=FOELSOMME))),
    Persona(name="sygeplejerske", kind="medarbejder", display_name="Signe Sygeplejerske",
            grants=(Grant(role="sundhed-laes", kle=("29.*",), foelsomhed=FOELSOMME),
                    Grant(role=HEALTH_ROLE), _SE_CPR)),
    Persona(name="hoi-koordinator", kind="medarbejder", display_name="Karl Koordinator",
            grants=(_BESKAEFTIGELSE, _OVERBLIK,
                    # følsomhed: HOI objects are FOELSOMME; without a constraint a role grants
                    # only IKKE_FORTROLIGE (rule G2), so the koordinator could write nothing.
                    Grant(role="hoi-plan-skriv", foelsomhed=FOELSOMME),
                    Grant(role="hoi-samtykke-registrer"), _SE_CPR)),
    # HOI team leader: the municipality's HOI report (pseudonymised), no case content.
    Persona(name="hoi-leder", kind="medarbejder", display_name="Lone Leder",
            grants=(Grant(role="hoi-indberetning", foelsomhed=FOELSOMME),)),
    Persona(name="revisor", kind="revisor", display_name="Rasmus Revisor",
            grants=(Grant(role="revision-log", foelsomhed=FOELSOMME),)),  # the log is FOELSOMME
    Persona(name="borger", kind="borger", cpr=DEMO_CITIZEN_CPR,
            display_name=f"{DEMO_CITIZEN.fornavn} {DEMO_CITIZEN.efternavn}"),
)

PERSONAS: Mapping[str, Persona] = MappingProxyType({p.name: p for p in _ALL})
"""Every persona by name, in the appendix's order."""

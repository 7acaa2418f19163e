"""Who may do what in the adgang subgraph (DOMAIN §12 A10, C1, C2, C4, C6, G4).

Checked here, from the caller's own bearer token (the gateway forwards it), so the subgraph
is safe even when called directly. Every refusal is an :class:`AdgangError` with a fixed
message and an ``extensions.code``; none echoes a CPR number or a token value.

* register a samtykke: a Medarbejder with ``hoi-samtykke-registrer`` for their own
  municipality, or the citizen themself (MitID substantial or high, given by themself);
* withdraw: a Medarbejder with that role for the municipality that registered the samtykke
  or receives data under it, or the citizen themself;
* read samtykker: the citizen themself, or a Medarbejder with any privilege for the
  registering or a receiving municipality (others' samtykker are left out);
* a citizen's adgangslog: the citizen themself; the whole log: the ``revision-log`` role,
  for the auditor's own municipality.
"""

from __future__ import annotations

from authz.principal import AUDIT_ROLE, Borger, Medarbejder, Principal, Revisor
from authz.store import Actor, ActorKind, Samtykke
from subgraphs.common.errors import (
    SubgraphError,
    bad_input,
    forbidden,
    not_found,
    unauthenticated,
)

__all__ = [
    "REGISTER_ROLE",
    "AdgangError",
    "actor_for",
    "audit_cvr",
    "bad_input",
    "can_read_samtykke",
    "can_withdraw",
    "ensure_can_register",
    "ensure_self",
    "forbidden",
    "not_found",
    "unauthenticated",
]

REGISTER_ROLE = "hoi-samtykke-registrer"
"""The brugersystemrolle that registers and withdraws samtykke for a municipality."""
CITIZEN_WRITE_ASSURANCE = frozenset({"Substantial", "High"})
"""NSIS levels at which a citizen may give or withdraw samtykke (rule C6)."""


AdgangError = SubgraphError
"""A refusal or bad input (the shared :class:`~subgraphs.common.errors.SubgraphError`)."""


def actor_for(principal: Principal, own_borger_id: str | None) -> Actor:
    """The store's :class:`Actor` for the principal (a borger by their internal id)."""
    if isinstance(principal, Borger):
        if own_borger_id is None:
            raise forbidden("the citizen is not known to the person register")
        return Actor(kind=ActorKind.BORGER, id=own_borger_id)
    return Actor(kind=ActorKind.MEDARBEJDER, id=principal.user_id, cvr=principal.cvr)


def ensure_can_register(principal: Principal, borger_id: str, own_borger_id: str | None,
                        *, given_by_self: bool) -> None:
    """Raise unless the principal may register a samtykke for ``borger_id``."""
    if isinstance(principal, Borger):
        _ensure_self(principal, borger_id, own_borger_id)
        if not given_by_self:
            raise forbidden("a citizen registers only samtykke given by themself")
        return
    if not (isinstance(principal, Medarbejder)
            and principal.has_role(REGISTER_ROLE, principal.cvr)):
        raise forbidden("registering samtykke needs the hoi-samtykke-registrer role")


def can_withdraw(principal: Principal, samtykke: Samtykke, own_borger_id: str | None) -> bool:
    """True when the principal may withdraw this samtykke."""
    if isinstance(principal, Borger):
        return (own_borger_id == samtykke.borger_id
                and principal.assurance_level in CITIZEN_WRITE_ASSURANCE)
    return isinstance(principal, Medarbejder) and any(
        principal.has_role(REGISTER_ROLE, cvr) for cvr in _municipalities(samtykke))


def can_read_samtykke(principal: Principal, samtykke: Samtykke,
                      own_borger_id: str | None) -> bool:
    """True when the principal may see this samtykke."""
    if isinstance(principal, Borger):
        return own_borger_id == samtykke.borger_id
    return isinstance(principal, Medarbejder) and any(
        principal.privileges_for(cvr) for cvr in _municipalities(samtykke))


def audit_cvr(principal: Principal) -> str:
    """The municipality whose adgangslog the auditor may read; FORBIDDEN otherwise."""
    if isinstance(principal, Revisor | Medarbejder) and principal.has_role(AUDIT_ROLE,
                                                                           principal.cvr):
        return principal.cvr
    raise forbidden("reading the adgangslog needs the revision-log role")


def ensure_self(principal: Principal, borger_id: str, own_borger_id: str | None) -> None:
    """Raise unless the principal is the citizen ``borger_id`` themself."""
    if not isinstance(principal, Borger):
        raise forbidden("only the citizen themself may read this")
    _ensure_self(principal, borger_id, own_borger_id)


def _ensure_self(principal: Borger, borger_id: str, own_borger_id: str | None) -> None:
    if own_borger_id is None or own_borger_id != borger_id:
        raise forbidden("a citizen may only act on their own data")
    if principal.assurance_level not in CITIZEN_WRITE_ASSURANCE:
        raise forbidden("MitID substantial or high is needed")


def _municipalities(samtykke: Samtykke) -> set[str]:
    """The registering municipality and every receiving one."""
    cvrs = {ref.cvr for ref in samtykke.modtagere}
    if samtykke.registreret_af.cvr is not None:
        cvrs.add(samtykke.registreret_af.cvr)
    return cvrs

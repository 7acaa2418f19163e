"""The ``@policy`` names a principal satisfies: what static filtering and plan caching see.

The subgraphs mark fields with ``@policy`` (policy spec v0.1); these are the names Helhed
defines. They depend on the kind of principal and the roles it holds, never on who it is.
"""

from __future__ import annotations

from authz.principal import Borger, Principal, Revisor

__all__ = ["BORGER", "MEDARBEJDER", "REVISOR", "SUNDHEDSFAGLIG", "granted_policies"]

MEDARBEJDER = "medarbejder"
"""Any municipal employee (not an auditor)."""
BORGER = "borger"
"""A citizen acting on their own data (the per-object policy keeps them to it, rule C1)."""
REVISOR = "revisor"
"""An auditor: the audit log, no case content."""
SUNDHEDSFAGLIG = "sundhedsfaglig"
"""A health professional: a national health role in the token (rule A5 (a))."""


def granted_policies(principal: Principal) -> frozenset[str]:
    """``medarbejder``/``borger``/``revisor``, ``sundhedsfaglig``, plus every role name held.

    A role name (``se-cpr``, ``se-journalnotat``, ``revision-log``) is granted when the role
    is held for any municipality; the per-object policy then checks the object's CVR.
    """
    if isinstance(principal, Borger):
        return frozenset({BORGER})
    names = {p.name for p in principal.privileges if not p.is_health_role}
    if isinstance(principal, Revisor):
        return frozenset({REVISOR, *names})
    kind = {MEDARBEJDER, SUNDHEDSFAGLIG} if principal.is_health_professional else {MEDARBEJDER}
    return frozenset(kind | names)


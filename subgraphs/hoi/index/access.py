"""Which metadata rows a caller may see and count: rule A1 per access key (DOMAIN §12).

The index's rows carry one of a few access keys (sektor, kommuneCvr, KLE, følsomhed,
ansvarlig enhed). For each key, :func:`visible_key_ids` asks the caller's privileges with
:meth:`authz.principal.Privilege.permits` (A1: the key's CVR, KLE, følsomhed and unit, all
conjunctive; several privileges OR'ed), so the search can filter rows in SQL by key id.

Who may search, and what counts (rule H2: what a worker cannot see is not counted either,
so a result never reveals a fact outside their privileges):

* a **medarbejder** with a home read role (``beskaeftigelse-laes``, ``social-laes``, ...)
  sees the metadata of their home sector(s) that the role's constraints cover;
* with the overview role ``hoi-overblik-laes`` they also see the *metadata* of the other
  sectors its constraints cover — without samtykke: finding the target group comes before
  the citizen is asked (the case content stays behind rule A2's samtykke in the gateway);
* **sundhed** metadata only for a health professional (a national health role) whose
  ``sundhed-laes`` covers it (rule A5); ``hoi-overblik-laes`` never reaches it;
* a **borger** may not search other citizens (C1) and a **revisor** sees no case data:
  both are refused (FORBIDDEN), as is a medarbejder holding no read role at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from authz.policy.decide import DEFAULT_SECTOR_ROLES, SectorRoles
from authz.principal import Medarbejder, Principal, Privilege
from subgraphs.hoi.index.model import AccessKey

__all__ = ["key_visible", "may_search", "visible_key_ids"]


def may_search(principal: Principal, roles: SectorRoles = DEFAULT_SECTOR_ROLES,
               ) -> Medarbejder | None:
    """The principal as a medarbejder holding some read role, or None (refuse)."""
    if not isinstance(principal, Medarbejder):
        return None
    if any(p.name in roles.home or p.name == roles.overview for p in principal.privileges):
        return principal
    return None


def _permits(privilege: Privilege, key: AccessKey) -> bool:
    return privilege.permits(cvr=key.kommune_cvr, kle=key.kle, foelsomhed=key.foelsomhed,
                             orgenhed=key.ansvarlig_enhed)


def _readers(principal: Medarbejder, sektor: str, roles: SectorRoles) -> Iterable[Privilege]:
    """The privileges that may read ``sektor`` metadata at all (before A1)."""
    if sektor == roles.health_sector:
        if not principal.is_health_professional:
            return ()
        return (p for p in principal.privileges if sektor in roles.home.get(p.name, ()))
    return (p for p in principal.privileges
            if sektor in roles.home.get(p.name, ()) or p.name == roles.overview)


def key_visible(principal: Medarbejder, key: AccessKey,
                roles: SectorRoles = DEFAULT_SECTOR_ROLES) -> bool:
    """True when some privilege that reads the key's sector passes rule A1 for it."""
    return any(_permits(p, key) for p in _readers(principal, key.sektor, roles))


def visible_key_ids(principal: Medarbejder, keys: Iterable[tuple[int, AccessKey]],
                    roles: SectorRoles = DEFAULT_SECTOR_ROLES) -> list[int]:
    """The ids of the keys whose rows ``principal`` may see and count, ascending."""
    return sorted(key_id for key_id, key in keys if key_visible(principal, key, roles))

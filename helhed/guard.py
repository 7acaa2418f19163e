"""Helhed's object guard: every citizen's object through ``authz.policy.decide``, noted for audit.

The gateway's shaper asks :meth:`HelhedGuard.check` about each object of a guarded type (every
implementation of ``AdgangsStyret``, and ``Borger``). The guard reads the internal guard fields
the planner added (``<prefix>kommuneCvr``, …), decides, and notes per citizen what was shown
and on what basis, and what was refused — the material of that citizen's audit record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from authz.policy.consent import ConsentGrant, Recipient
from authz.policy.decide import Decision, SectorRoles, decide, decide_borger
from authz.policy.facts import read_object_facts
from authz.policy.hoi import HoiCaseAccess
from authz.principal import Principal
from authz.store import Samtykke, SamtykkeHandling, SamtykkeStatus, SamtykkeType
from gateway.executor.guard import Denial
from gateway.planner.guard_fields import GuardFields
from gateway.types import JSONObject, ResponsePath

__all__ = ["BORGER_TYPE", "GUARD_FIELDS", "Disclosure", "HelhedGuard", "consent_grant",
           "subject_ids"]

BORGER_TYPE = "Borger"
ACCESS_INTERFACE = "AdgangsStyret"
GUARD_FIELDS = (
    GuardFields(ACCESS_INTERFACE,
                "id kommuneCvr sektor kle foelsomhed ansvarligEnhed synlighed borgerId"),
    GuardFields(BORGER_TYPE, "id"),
)
"""What the per-object policy reads (DOMAIN §11 principle 1)."""

_MESSAGES = {"FORBIDDEN": "not authorized to see this object",
             "CONSENT_REQUIRED": "the citizen's samtykke is needed to see this object"}


@dataclass(slots=True)
class Disclosure:
    """What one request showed and refused of one citizen's data."""

    entities: dict[tuple[str, str | None], None] = field(default_factory=dict)
    """Shown objects (type, id), in order."""
    fields: dict[str, None] = field(default_factory=dict)
    """Shown ``Type.field`` coordinates, in order."""
    bases: dict[str, None] = field(default_factory=dict)
    """Legal bases used (``samtykke:<id>``, ``hjemmel:<role>``, ``egne-data``, ``opslag``)."""
    denied: dict[tuple[str, str | None, str], None] = field(default_factory=dict)
    """Refused objects (type, id, code)."""


def consent_grant(samtykke: Samtykke) -> ConsentGrant:
    """The policy's view of a stored samtykke."""
    return ConsentGrant(
        id=samtykke.id, borger_id=samtykke.borger_id,
        handlinger=frozenset(h.value if isinstance(h, SamtykkeHandling) else str(h)
                             for h in samtykke.handlinger),
        omraader=frozenset(str(getattr(o, "value", o)) for o in samtykke.omraader),
        modtagere=tuple(Recipient(cvr=m.cvr, orgenhed=m.org_enhed,
                                  sektor=None if m.sektor is None
                                  else str(getattr(m.sektor, "value", m.sektor)))
                        for m in samtykke.modtagere),
        gyldig_fra=samtykke.gyldighed.fra, gyldig_til=samtykke.gyldighed.til,
        aktiv=samtykke.status is SamtykkeStatus.AKTIV,
        frabedt=samtykke.type is SamtykkeType.FRABEDT)


def subject_ids(store: Any, key: str) -> set[str]:
    """Every string value stored under ``key`` anywhere in the executor's store."""
    found: set[str] = set()
    todo = [store]
    while todo:
        value = todo.pop()
        if isinstance(value, dict):
            hit = value.get(key)
            if isinstance(hit, str):
                found.add(hit)
            todo.extend(v for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            todo.extend(v for v in value if isinstance(v, (dict, list)))
    return found


class HelhedGuard:
    """Implements :class:`gateway.executor.guard.ObjectGuard` for one request."""

    def __init__(self, principal: Principal, *, own_borger_id: str | None, prefix: str,
                 consents: Mapping[str, Iterable[ConsentGrant]], now: datetime,
                 types: frozenset[str], roles: SectorRoles,
                 hoi_cases: Mapping[str, Iterable[HoiCaseAccess]] | None = None) -> None:
        self.principal = principal
        self.own_borger_id = own_borger_id
        self.prefix = prefix
        self.consents = consents
        self.now = now
        self.types = types
        self.roles = roles
        self.hoi_cases = hoi_cases or {}
        self.disclosures: dict[str | None, Disclosure] = {}

    def _attrs(self, obj: JSONObject) -> dict[str, Any]:
        n = len(self.prefix)
        return {k[n:]: v for k, v in obj.items() if k.startswith(self.prefix)}

    def _decide(self, typename: str, attrs: Mapping[str, Any]) -> tuple[Decision, str | None]:
        if typename == BORGER_TYPE:
            borger_id = attrs.get("id") if isinstance(attrs.get("id"), str) else None
            return decide_borger(self.principal, borger_id, own_borger_id=self.own_borger_id,
                                 roles=self.roles), borger_id
        facts = read_object_facts(typename, attrs)
        subject = facts.borger_id if facts is not None else None
        consents = self.consents.get(subject, ()) if subject is not None else ()
        cases = self.hoi_cases.get(subject, ()) if subject is not None else ()
        return decide(self.principal, facts, own_borger_id=self.own_borger_id,
                      consents=consents, now=self.now, roles=self.roles,
                      hoi_cases=cases), subject

    def check(self, typename: str, obj: JSONObject, path: ResponsePath,
              fields: tuple[str, ...]) -> Denial | None:
        """Decide on one object and note it for the citizen's audit record."""
        attrs = self._attrs(obj)
        decision, subject = self._decide(typename, attrs)
        note = self.disclosures.setdefault(subject, Disclosure())
        object_id = attrs.get("id") if isinstance(attrs.get("id"), str) else None
        if not decision.allowed:
            note.denied[(typename, object_id, decision.code or "FORBIDDEN")] = None
            code = decision.code or "FORBIDDEN"
            return Denial(code, _MESSAGES.get(code, _MESSAGES["FORBIDDEN"]))
        note.entities[(typename, object_id)] = None
        note.fields.update(dict.fromkeys(f"{typename}.{f}" for f in fields))
        if decision.basis:
            note.bases[decision.basis] = None
        return None

"""The authenticated principal: a medarbejder with Adgangsstyring privileges, a borger, a revisor.

Verified claims become a frozen :data:`Principal`: a :class:`Medarbejder` whose privileges
travel as in KOMBIT's Basic Privilege Profile (DOMAIN §1.2: per CVR a brugersystemrolle narrowed
by KLE, følsomhed and orgenhed; national health roles ride in the same list), a :class:`Borger`
(own CPR, NemLog-in-like claim) or a :class:`Revisor` (``revision-log`` only). The claim layout
is documented in ``mocks/idp/README.md``; parsing is strict, and a bad layout raises
:class:`~authz.errors.AuthenticationError` with a fixed reason that never echoes a value.
"""

from __future__ import annotations

import hmac
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import Literal, TypeAlias

from authz.errors import AuthenticationError

__all__ = [
    "AUDIT_ROLE", "CLAIM_CPR", "CLAIM_LOA", "CLAIM_PRIVILEGES", "CLAIM_PROFESSIONAL_CVR",
    "CVR_SCOPE_PREFIX", "DEFAULT_VOCABULARY", "HEALTH_ROLE_PREFIX",
    "Borger", "ConstraintVocabulary", "Cpr", "Foelsomhed", "Medarbejder", "PermissionSet",
    "Principal", "Privilege", "Revisor",
    "is_kle_number", "is_kle_pattern", "kle_matches", "principal_from_claims",
]

CLAIM_PRIVILEGES = "https://data.gov.dk/model/core/eid/privilegesIntermediate"
"""OIOSAML 3 name of the Basic Privilege Profile attribute; here a JSON PrivilegeList."""
CLAIM_PROFESSIONAL_CVR = "https://data.gov.dk/model/core/eid/professional/cvr"
"""The employing municipality's CVR (OIOSAML 3 professional profile)."""
CLAIM_CPR = "https://data.gov.dk/model/core/eid/cprNumber"
"""A citizen's CPR number (NemLog-in / OIOSAML 3 citizen profile)."""
CLAIM_LOA = "https://data.gov.dk/concept/core/nsis/loa"
"""NSIS assurance level (``Low``, ``Substantial``, ``High``)."""
CVR_SCOPE_PREFIX = "urn:dk:gov:saml:cvrNumberIdentifier:"
"""A PrivilegeGroup's scope is this prefix followed by the municipality's CVR."""
HEALTH_ROLE_PREFIX = "urn:dk:healthcare:national-federation-role:"
"""Privileges with this prefix are national health roles (NSP), not brugersystemroller."""
AUDIT_ROLE = "revision-log"
"""The brugersystemrolle that grants reading the audit log."""

_CVR = re.compile(r"\d{8}")
_KLE_NUMBER = re.compile(r"\d{2}(?:\.\d{2}){0,2}")
_KLE_PATTERN = re.compile(r"\*|\d{2}(?:\.\d{2}){0,2}(?:\.?\*)?")
_ROLE_URI = re.compile(r".*/roles/usersystemrole/([^/]+)/[^/]+")
_GROUP_KEYS = frozenset({"scope", "privileges", "constraints"})
_MALFORMED = "malformed privileges"


class Foelsomhed(IntEnum):
    """Sensitivity levels of the Sags- og Dokumentindeks, hierarchical (DOMAIN §1.3, §12 A1).

    A grant at one level covers every lower level and never a higher one.
    """

    IKKE_FORTROLIGE_DATA = 1
    FORTROLIGE_PERSONOPLYSNINGER = 2
    FOELSOMME_PERSONOPLYSNINGER = 3
    VIP_SAGER = 4

    @classmethod
    def parse(cls, value: object) -> Foelsomhed:
        """Read a level from the wire: ``1``..``4`` (number or digit string) or the name."""
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
            return cls(value)
        if isinstance(value, str):
            text = value.strip()
            if text in {"1", "2", "3", "4"}:
                return cls(int(text))
            if text.upper() in cls.__members__:
                return cls[text.upper()]
        raise ValueError("unknown følsomhed level")

    def covers(self, level: Foelsomhed) -> bool:
        """True when a grant at this level permits data at ``level``."""
        return level <= self


def is_kle_number(value: object) -> bool:
    """True for a KLE number: ``NN``, ``NN.NN`` or ``NN.NN.NN``."""
    return isinstance(value, str) and _KLE_NUMBER.fullmatch(value) is not None


def is_kle_pattern(value: object) -> bool:
    """True for a KLE constraint value: a number, optionally ending in ``*`` or ``.*``; or ``*``."""
    return isinstance(value, str) and _KLE_PATTERN.fullmatch(value) is not None


def kle_matches(pattern: str, kle: str) -> bool:
    """True when the KLE constraint ``pattern`` covers the object's KLE number ``kle``.

    ``*`` covers everything; ``32.*`` (or ``32*``) covers ``32`` and every gruppe and emne below
    it; ``32.18.*`` covers ``32.18`` and its emner; a pattern without ``*`` covers exactly that
    number. Anything unparsable on either side covers nothing (fail closed, DOMAIN §12 G2).
    """
    if not (is_kle_pattern(pattern) and is_kle_number(kle)):
        return False
    if pattern == "*":
        return True
    if not pattern.endswith("*"):
        return kle == pattern
    stem = pattern.rstrip("*").rstrip(".")
    return kle == stem or kle.startswith(stem + ".")


@dataclass(frozen=True, slots=True, kw_only=True)
class ConstraintVocabulary:
    """Which constraint-type URIs mean KLE, følsomhed and orgenhed (configurable, DOMAIN §1.1)."""

    kle: frozenset[str] = frozenset({"http://sts.kombit.dk/constraints/KLE/1", "urn:dk:kombit:KLE"})
    """Constraint names carrying KLE patterns."""
    foelsomhed: frozenset[str] = frozenset(
        {"http://sts.kombit.dk/constraints/foelsomhed/1", "urn:dk:kombit:sensitivity"})
    """Constraint names carrying the highest følsomhed level granted."""
    orgenhed: frozenset[str] = frozenset({"http://sts.kombit.dk/constraints/orgenhed/1"})
    """Constraint names carrying FK Organisation OrgEnhed UUIDs."""


DEFAULT_VOCABULARY = ConstraintVocabulary()
"""The standard KOMBIT constraint URIs plus the ``urn:dk:kombit:*`` spellings seen in tests."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Privilege:
    """One privilege of one PrivilegeGroup: a role for one CVR with the group's constraints.

    Groups holding several privileges are flattened into one :class:`Privilege` each; the
    constraints apply to all of them, and privileges are OR'ed (DOMAIN §1.3).
    """

    cvr: str
    """The municipality this privilege is for (the group's scope)."""
    role: str
    """The brugersystemrolle URI, or a national health role URN."""
    kle: tuple[str, ...] | None = None
    """Allowed KLE patterns; ``None`` when the group has no KLE constraint (unconstrained)."""
    foelsomhed: Foelsomhed = Foelsomhed.IKKE_FORTROLIGE_DATA
    """Highest level granted; without a følsomhed constraint only the lowest (DOMAIN §12 G2)."""
    orgenheder: tuple[str, ...] | None = None
    """Allowed OrgEnhed UUIDs; ``None`` when unconstrained."""
    other_constraints: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Constraints of unknown type; a privilege carrying any grants nothing (fail closed)."""

    @property
    def name(self) -> str:
        """Short role name: ``beskaeftigelse-laes`` or, for health roles, e.g. ``PlejeAssR3``."""
        if self.is_health_role:
            return self.role.rsplit(":", 1)[-1]
        match = _ROLE_URI.fullmatch(self.role)
        return match.group(1) if match else self.role

    @property
    def is_health_role(self) -> bool:
        """True for a national health-professional role (DOMAIN §1.2, §12 A5)."""
        return self.role.startswith(HEALTH_ROLE_PREFIX)

    def permits(self, *, cvr: str, kle: str | None, foelsomhed: Foelsomhed,
                orgenhed: str | None) -> bool:
        """Rule A1 for one group: scope CVR, KLE, følsomhed and orgenhed, all conjunctive."""
        if self.cvr != cvr or self.other_constraints or not self.foelsomhed.covers(foelsomhed):
            return False
        if self.kle is not None and (kle is None or not any(kle_matches(p, kle)
                                                            for p in self.kle)):
            return False
        return self.orgenheder is None or orgenhed in self.orgenheder


@dataclass(frozen=True, slots=True)
class PermissionSet:
    """What a principal can ever see, without who they are: part of the plan cache key."""

    kind: Literal["medarbejder", "borger", "revisor"]
    """The principal's kind."""
    privileges: frozenset[Privilege]
    """All privileges (CVR, role, KLE, følsomhed, orgenheder); empty for a borger."""
    assurance_level: str | None
    """NSIS level of the login, if the token stated it."""


class Cpr:
    """A CPR number that redacts itself in ``repr``/``str``; :meth:`reveal` gives the digits."""

    __slots__ = ("_digits",)

    def __init__(self, value: str) -> None:
        digits = value.replace("-", "") if isinstance(value, str) else ""
        if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
            raise ValueError("not a CPR number")
        self._digits = digits

    def reveal(self) -> str:
        """The ten digits; only for matching and for fields the policy allows."""
        return self._digits

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cpr):
            return NotImplemented
        return hmac.compare_digest(self._digits, other._digits)

    def __hash__(self) -> int:
        return hash(("Cpr", self._digits))

    def __repr__(self) -> str:
        return "Cpr(<redacted>)"

    __str__ = __repr__

    def __copy__(self) -> Cpr:
        return self

    def __deepcopy__(self, memo: object) -> Cpr:
        return self

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a CPR number is not serialised")


@dataclass(frozen=True, slots=True, kw_only=True)
class _Employee:
    """What every employee principal carries (from the professional token profile)."""

    user_id: str
    """The user's stable identifier (token ``sub``); for audit, never for the plan cache."""
    cvr: str
    """The employing municipality's CVR."""
    privileges: tuple[Privilege, ...]
    """Every privilege (health roles included), in token order."""
    display_name: str | None = field(default=None, repr=False, compare=False)
    """Name for display only; never used for decisions."""
    assurance_level: str | None = None
    """NSIS assurance level of the login, if stated."""

    @property
    def cvrs(self) -> tuple[str, ...]:
        """Every municipality a privilege is held for (sorted)."""
        return tuple(sorted({p.cvr for p in self.privileges}))

    def privileges_for(self, cvr: str) -> tuple[Privilege, ...]:
        """The privileges scoped to ``cvr`` (rule G1: every check is per CVR)."""
        return tuple(p for p in self.privileges if p.cvr == cvr)

    def has_role(self, name: str, cvr: str | None = None) -> bool:
        """True when a privilege named ``name`` is held (for ``cvr``, or for any CVR)."""
        return any(p.name == name and (cvr is None or p.cvr == cvr) for p in self.privileges)


@dataclass(frozen=True, slots=True, kw_only=True)
class Medarbejder(_Employee):
    """A municipal employee with Adgangsstyring privileges (possibly for several CVRs)."""

    kind: Literal["medarbejder"] = field(default="medarbejder", init=False)

    @property
    def health_roles(self) -> tuple[Privilege, ...]:
        """The national health-professional roles held."""
        return tuple(p for p in self.privileges if p.is_health_role)

    @property
    def is_health_professional(self) -> bool:
        """True when the token carries a national health role (rule A5 (a))."""
        return bool(self.health_roles)

    @property
    def read_roles(self) -> frozenset[str]:
        """Names of the ``se-*`` roles held (``se-cpr``, ``se-journalnotat``, ...; rule A9)."""
        return frozenset(p.name for p in self.privileges if p.name.startswith("se-"))

    def static_permission_set(self) -> PermissionSet:
        """Hashable summary of what this employee can ever see (no person identifier)."""
        return PermissionSet(self.kind, frozenset(self.privileges), self.assurance_level)


@dataclass(frozen=True, slots=True, kw_only=True)
class Borger:
    """A citizen acting on their own data (rule C1). The CPR stays in memory, redacted."""

    subject: str
    """The token ``sub`` (a pseudonymous person identifier)."""
    cpr: Cpr = field(repr=False)
    """The citizen's own CPR number; redacts itself, use :meth:`Cpr.reveal` to match."""
    display_name: str | None = field(default=None, repr=False, compare=False)
    """Name for display only."""
    assurance_level: str | None = None
    """NSIS assurance level (MitID substantial is needed for reads, rule C6)."""

    kind: Literal["borger"] = field(default="borger", init=False)

    def owns(self, cpr: str | Cpr) -> bool:
        """True when ``cpr`` is this citizen's own CPR number."""
        try:
            other = cpr if isinstance(cpr, Cpr) else Cpr(cpr)
        except ValueError:
            return False
        return other == self.cpr

    def static_permission_set(self) -> PermissionSet:
        """Every borger shares one permission set: own data, no privileges."""
        return PermissionSet(self.kind, frozenset(), self.assurance_level)


@dataclass(frozen=True, slots=True, kw_only=True)
class Revisor(_Employee):
    """An auditor: reads the audit log (``revision-log`` per CVR), never case content."""

    kind: Literal["revisor"] = field(default="revisor", init=False)

    def static_permission_set(self) -> PermissionSet:
        """Hashable summary of what this auditor can ever see (no person identifier)."""
        return PermissionSet(self.kind, frozenset(self.privileges), self.assurance_level)


Principal: TypeAlias = Medarbejder | Borger | Revisor
"""Who is asking: the result of authentication."""


def principal_from_claims(claims: Mapping[str, object], *,
                          vocabulary: ConstraintVocabulary = DEFAULT_VOCABULARY) -> Principal:
    """Build the principal from verified claims; raise AuthenticationError on a bad layout."""
    subject = _optional_str(claims, "sub")
    if subject is None:
        raise AuthenticationError("missing subject")
    name = _optional_str(claims, "name")
    loa = _optional_str(claims, CLAIM_LOA)
    has_cpr = claims.get(CLAIM_CPR) is not None
    has_privileges = claims.get(CLAIM_PRIVILEGES) is not None
    if has_cpr and has_privileges:
        raise AuthenticationError("ambiguous identity")
    if has_cpr:
        return Borger(subject=subject, cpr=_cpr(claims[CLAIM_CPR]), display_name=name,
                      assurance_level=loa)
    if not has_privileges:
        raise AuthenticationError("no privileges")
    privileges = _parse_privilege_list(claims[CLAIM_PRIVILEGES], vocabulary)
    cvr = _optional_str(claims, CLAIM_PROFESSIONAL_CVR)
    if cvr is None or not _CVR.fullmatch(cvr):
        raise AuthenticationError("malformed organisation")
    if all(p.name == AUDIT_ROLE for p in privileges):
        return Revisor(user_id=subject, cvr=cvr, privileges=privileges, display_name=name,
                       assurance_level=loa)
    return Medarbejder(user_id=subject, cvr=cvr, privileges=privileges, display_name=name,
                       assurance_level=loa)


def _optional_str(claims: Mapping[str, object], key: str) -> str | None:
    value = claims.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise AuthenticationError("malformed identity")
    return value


def _cpr(value: object) -> Cpr:
    try:
        if not isinstance(value, str):
            raise ValueError("not a CPR number")
        return Cpr(value)
    except ValueError:
        raise AuthenticationError("malformed identity") from None


def _parse_privilege_list(value: object, vocabulary: ConstraintVocabulary,
                          ) -> tuple[Privilege, ...]:
    if not isinstance(value, Mapping) or set(value) != {"privilegeGroups"}:
        raise AuthenticationError(_MALFORMED)
    groups = value["privilegeGroups"]
    if not isinstance(groups, list) or not groups:
        raise AuthenticationError("no privileges")
    return tuple(p for group in groups for p in _parse_group(group, vocabulary))


def _parse_group(group: object, vocabulary: ConstraintVocabulary) -> list[Privilege]:
    if not isinstance(group, Mapping) or not set(group) <= _GROUP_KEYS:
        raise AuthenticationError(_MALFORMED)
    scope = group.get("scope")
    if not isinstance(scope, str) or not scope.startswith(CVR_SCOPE_PREFIX):
        raise AuthenticationError(_MALFORMED)
    cvr = scope.removeprefix(CVR_SCOPE_PREFIX)
    roles = group.get("privileges")
    if (not _CVR.fullmatch(cvr) or not isinstance(roles, list) or not roles
            or not all(isinstance(r, str) and r.strip() for r in roles)):
        raise AuthenticationError(_MALFORMED)
    template = _constrained(cvr, group.get("constraints", []), vocabulary)
    return [replace(template, role=role) for role in roles]


def _constrained(cvr: str, items: object, vocabulary: ConstraintVocabulary) -> Privilege:
    """A privilege (role still blank) carrying the group's dataafgrænsninger."""
    if not isinstance(items, list):
        raise AuthenticationError(_MALFORMED)
    types = {**dict.fromkeys(vocabulary.kle, "kle"), **dict.fromkeys(vocabulary.orgenhed,
             "orgenhed"), **dict.fromkeys(vocabulary.foelsomhed, "foelsomhed")}
    found: dict[str, tuple[str, ...]] = {}
    other: list[tuple[str, tuple[str, ...]]] = []
    for name, values in map(_constraint_item, items):
        kind = types.get(name)
        if kind in found or any(name == seen for seen, _ in other):
            raise AuthenticationError(_MALFORMED)  # one constraint of each type per group
        if kind is None:
            other.append((name, values))
        else:
            found[kind] = values
    try:
        return Privilege(cvr=cvr, role="", kle=_kle(found.get("kle")),
                         foelsomhed=_foelsomhed(found.get("foelsomhed")),
                         orgenheder=_orgenheder(found.get("orgenhed")),
                         other_constraints=tuple(other))
    except ValueError:
        raise AuthenticationError(_MALFORMED) from None


def _kle(values: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if values is not None and not all(is_kle_pattern(v) for v in values):
        raise ValueError("malformed KLE pattern")
    return values


def _foelsomhed(values: tuple[str, ...] | None) -> Foelsomhed:
    if values is None:
        return Foelsomhed.IKKE_FORTROLIGE_DATA  # DOMAIN §12 G2
    if len(values) != 1:
        raise ValueError("one følsomhed level expected")
    return Foelsomhed.parse(values[0])


def _orgenheder(values: tuple[str, ...] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(str(uuid.UUID(v)) for v in values)


def _constraint_item(item: object) -> tuple[str, tuple[str, ...]]:
    """One ``{"name": URI, "value": "a,b" | ["a", "b"]}`` entry, split into its values."""
    if not isinstance(item, Mapping) or set(item) != {"name", "value"}:
        raise AuthenticationError(_MALFORMED)
    name, raw = item["name"], item["value"]
    if not isinstance(name, str) or not name:
        raise AuthenticationError(_MALFORMED)
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)  # a numeric følsomhed level
    parts: Sequence[object] = raw.split(",") if isinstance(raw, str) else raw
    if not isinstance(parts, list | tuple) or not parts:
        raise AuthenticationError(_MALFORMED)
    values = tuple(v.strip() if isinstance(v, str) else "" for v in parts)
    if not all(values):
        raise AuthenticationError(_MALFORMED)
    return name, values

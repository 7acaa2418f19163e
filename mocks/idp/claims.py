"""Token claims for a persona, in the Adgangsstyring-like layout (see README.md), plus overrides.

Overrides exist so tests can ask for broken or unusual tokens: expired, not yet valid, for
another audience or issuer, with privileges added or removed, or with claims replaced.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mocks.idp.personas import (
    DEMO_MUNICIPALITY_NAME,
    FOELSOMHED_CONSTRAINT,
    KLE_CONSTRAINT,
    ORGENHED_CONSTRAINT,
    Grant,
    Persona,
)

__all__ = [
    "CLAIM_CPR",
    "CLAIM_LOA",
    "CLAIM_ORG_NAME",
    "CLAIM_PRIVILEGES",
    "CLAIM_PROFESSIONAL_CVR",
    "CLAIM_SPEC_VERSION",
    "CVR_SCOPE_PREFIX",
    "TokenOverrides",
    "build_claims",
    "privilege_group",
]

CLAIM_PRIVILEGES = "https://data.gov.dk/model/core/eid/privilegesIntermediate"
CLAIM_PROFESSIONAL_CVR = "https://data.gov.dk/model/core/eid/professional/cvr"
CLAIM_ORG_NAME = "https://data.gov.dk/model/core/eid/professional/orgName"
CLAIM_CPR = "https://data.gov.dk/model/core/eid/cprNumber"
CLAIM_LOA = "https://data.gov.dk/concept/core/nsis/loa"
CLAIM_SPEC_VERSION = "https://data.gov.dk/model/core/specVersion"
CVR_SCOPE_PREFIX = "urn:dk:gov:saml:cvrNumberIdentifier:"


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenOverrides:
    """Changes to a persona's normal token (all optional)."""

    audience: str | None = None
    """Another ``aud``."""
    issuer: str | None = None
    """Another ``iss``."""
    lifetime: int | None = None
    """Seconds from ``iat`` to ``exp`` (default: the IdP's token lifetime)."""
    exp_offset: int | None = None
    """``exp`` as seconds from now; negative gives an expired token."""
    nbf_offset: int | None = None
    """``nbf`` as seconds from now; positive gives a not-yet-valid token."""
    iat_offset: int | None = None
    """``iat`` as seconds from now."""
    drop_roles: tuple[str, ...] = ()
    """Short role names (or URIs) whose privilege groups are left out."""
    extra_privilege_groups: tuple[Mapping[str, Any], ...] = ()
    """Privilege groups in wire layout appended as they are (may be malformed on purpose)."""
    claims: Mapping[str, Any] = field(default_factory=dict)
    """Claims set last; a ``None`` value removes the claim."""


def privilege_group(grant: Grant) -> dict[str, Any]:
    """One PrivilegeGroup in the JSON layout: scope, privileges and constraints."""
    constraints: list[dict[str, str]] = []
    if grant.kle is not None:
        constraints.append({"name": KLE_CONSTRAINT, "value": ",".join(grant.kle)})
    if grant.foelsomhed is not None:
        constraints.append({"name": FOELSOMHED_CONSTRAINT, "value": str(grant.foelsomhed)})
    if grant.orgenheder is not None:
        constraints.append({"name": ORGENHED_CONSTRAINT, "value": ",".join(grant.orgenheder)})
    return {"scope": CVR_SCOPE_PREFIX + grant.cvr, "privileges": [grant.uri],
            "constraints": constraints}


def build_claims(persona: Persona, *, issuer: str, audience: str, now: int, lifetime: int,
                 overrides: TokenOverrides | None = None) -> dict[str, Any]:
    """The full claim set of a token for ``persona`` issued at ``now``."""
    o = overrides or TokenOverrides()
    iat = now + (o.iat_offset or 0)
    exp = now + o.exp_offset if o.exp_offset is not None else iat + (o.lifetime or lifetime)
    claims: dict[str, Any] = {
        "iss": o.issuer or issuer,
        "sub": persona.subject,
        "aud": o.audience or audience,
        "iat": iat,
        "nbf": now + o.nbf_offset if o.nbf_offset is not None else iat,
        "exp": exp,
        "jti": str(uuid.uuid4()),
        "name": persona.display_name,
        CLAIM_SPEC_VERSION: "OIO-SAML-3.0",
        CLAIM_LOA: "Substantial",
    }
    claims.update(_identity_claims(persona, o))
    for key, value in o.claims.items():
        if value is None:
            claims.pop(key, None)
        else:
            claims[key] = value
    return claims


def _identity_claims(persona: Persona, o: TokenOverrides) -> dict[str, Any]:
    if persona.kind == "borger":
        return {CLAIM_CPR: persona.cpr}
    dropped = set(o.drop_roles)
    groups = [privilege_group(g) for g in persona.grants
              if g.role not in dropped and g.uri not in dropped]
    groups.extend(dict(g) for g in o.extra_privilege_groups)
    cvr = persona.grants[0].cvr if persona.grants else ""
    return {
        CLAIM_PROFESSIONAL_CVR: cvr,
        CLAIM_ORG_NAME: DEMO_MUNICIPALITY_NAME,
        CLAIM_PRIVILEGES: {"privilegeGroups": groups},
    }

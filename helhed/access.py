"""Helhed's access control for the gateway: tokens, @policy names, per-object policy, audit.

``create_access_control`` is what ``gateway serve --auth-issuer ...`` loads (the setting
``access_control``). It wires the generic gateway seam (:mod:`gateway.http.access`) to
``authz``: bearer JWTs verified against the identity provider's JWKS, the principal's
``@policy`` names, :class:`helhed.guard.HelhedGuard` over the request's results with the
citizens' active samtykker read fresh from the database on every request (a withdrawal
takes effect on the next request, on every process sharing the database), and one audit
record per citizen written before the response leaves.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from datetime import UTC, datetime

import aiohttp
from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLSchema

from authz.errors import AuthenticationError, IdentityProviderUnavailable
from authz.policy.consent import ConsentGrant
from authz.policy.decide import DEFAULT_SECTOR_ROLES, SectorRoles
from authz.policy.grants import granted_policies
from authz.policy.hoi import HoiCaseAccess
from authz.principal import Borger, Medarbejder, Principal, principal_from_claims
from authz.store import Store, StoreUnavailable
from authz.tokens import JwksTokenVerifier, TokenVerifier, bearer_token
from gateway.config import Settings
from gateway.http.access import AccessDenied, AccessUnavailable, AuditFailure, RequestSummary
from gateway.planner.guard_fields import GuardFields
from gateway.supergraph import Supergraph
from gateway.types import JSONObject
from helhed.audit import audit_records
from helhed.guard import (
    ACCESS_INTERFACE,
    BORGER_TYPE,
    GUARD_FIELDS,
    HelhedGuard,
    consent_grant,
    subject_ids,
)
from helhed.subjects import SubjectResolver
from subgraphs.hoi.plan_state import ensure_schema
from subgraphs.hoi.plan_state.gateway_access import hoi_case_loader

__all__ = ["HelhedAccessControl", "HelhedCaller", "PURPOSE_HEADER", "create_access_control"]

logger = logging.getLogger("helhed.access")

PURPOSE_HEADER = "x-helhed-formaal"
"""Optional request header stating the purpose of the lookup (written to the audit log);
non-ASCII text percent-encoded (``opf%C3%B8lgning``)."""
SUBJECT_SUBGRAPH = "hoi"
_VERIFIED_TTL = 300.0
"""Longest a verified token's principal is reused without checking the signature again."""
_VERIFIED_MAX = 10_000
"""The subgraph whose ``borger(cpr:)`` maps a citizen's CPR to their id."""

Clock = Callable[[], datetime]
HoiCaseLoader = Callable[[Collection[str], datetime],
                         Awaitable[Mapping[str, Sequence[HoiCaseAccess]]]]
"""Loads the active HOI cases of some citizens (one query; never cached)."""


def _now() -> datetime:
    return datetime.now(UTC)


def guarded_types(supergraph: Supergraph) -> frozenset[str]:
    """Every object type implementing ``AdgangsStyret``, and ``Borger``."""
    schema = supergraph.api_schema
    interface = schema.type_map.get(ACCESS_INTERFACE)
    found = {t.name for t in schema.get_possible_types(interface)} if isinstance(
        interface, GraphQLInterfaceType) else set()
    if isinstance(schema.type_map.get(BORGER_TYPE), GraphQLObjectType):
        found.add(BORGER_TYPE)
    return frozenset(found)


def _purpose(raw: str | None) -> str | None:
    """The purpose header as text: percent-encoded (RFC 3986) or raw UTF-8 are both read."""
    if not raw:
        return None
    try:
        raw = raw.encode("latin-1").decode("utf-8")  # HTTP headers arrive latin-1 decoded
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return urllib.parse.unquote(raw)[:200]


class HelhedCaller:
    """One authenticated principal for one request (:class:`gateway.http.access.CallerAccess`)."""

    def __init__(self, access: HelhedAccessControl, principal: Principal,
                 own_borger_id: str | None, purpose: str | None) -> None:
        self.access = access
        self.principal = principal
        self.own_borger_id = own_borger_id
        self.purpose = purpose
        self.granted = granted_policies(principal)
        self.guard: HelhedGuard | None = None

    async def object_guard(self, store: JSONObject, prefix: str) -> HelhedGuard:
        """The guard for this request, with the samtykker of every citizen in ``store``."""
        now = self.access.clock()
        consents: Mapping[str, tuple[ConsentGrant, ...]] = {}
        cases: Mapping[str, Sequence[HoiCaseAccess]] = {}
        ids = subject_ids(store, prefix + "borgerId") if isinstance(
            self.principal, Medarbejder) else set()
        if ids:  # only a worker's reads depend on samtykke and HOI cases
            try:
                found, cases = await asyncio.gather(
                    self.access.store.samtykker.active_for(ids, now), self._cases(ids, now))
            except (StoreUnavailable, ValueError) as exc:
                raise AccessUnavailable from exc
            consents = {k: tuple(consent_grant(s) for s in v) for k, v in found.items()}
        self.guard = HelhedGuard(self.principal, own_borger_id=self.own_borger_id,
                                 prefix=prefix, consents=consents, now=now,
                                 types=self.access.types, roles=self.access.roles,
                                 hoi_cases=cases)
        return self.guard

    async def _cases(self, ids: set[str], now: datetime
                     ) -> Mapping[str, Sequence[HoiCaseAccess]]:
        loader = self.access.hoi_cases
        return {} if loader is None else await loader(ids, now)

    async def record(self, summary: RequestSummary) -> None:
        """Append this request's audit records; any failure withholds the response's data."""
        disclosures = self.guard.disclosures if self.guard is not None else {}
        try:
            records = audit_records(self.principal, summary, disclosures,
                                    now=self.access.clock(), purpose=self.purpose,
                                    schema=self.access.schema)
            if records:
                await self.access.store.audit.append(records)
        except (StoreUnavailable, ValueError) as exc:
            raise AuditFailure from exc


class HelhedAccessControl:
    """Implements :class:`gateway.http.access.AccessControl` for Helhed."""

    guard_fields: tuple[GuardFields, ...] = GUARD_FIELDS
    forward_headers: tuple[str, ...] = ("authorization",)

    def __init__(self, verifier: TokenVerifier, store: Store, subjects: SubjectResolver | None,
                 types: frozenset[str], *, roles: SectorRoles = DEFAULT_SECTOR_ROLES,
                 clock: Clock = _now, owns_store: bool = True,
                 schema: GraphQLSchema | None = None,
                 hoi_cases: HoiCaseLoader | None = None) -> None:
        self.verifier = verifier
        self.store = store
        self.subjects = subjects
        self.types = types
        self.roles = roles
        self.clock = clock
        self.owns_store = owns_store
        self.schema = schema
        """The API schema (argument types, so search criteria are logged without CPR)."""
        self.hoi_cases = hoi_cases
        """Where the active HOI cases come from (rule H3); None: no HOI state."""
        self._verified: OrderedDict[bytes, tuple[Principal, float]] = OrderedDict()

    async def _principal(self, authorization: str | None) -> Principal:
        """The token's principal; a verified token is remembered until it expires (≤ 5 min)."""
        token = bearer_token(authorization)
        key = hashlib.sha256(token.encode()).digest()
        now = time.time()
        hit = self._verified.get(key)
        if hit is not None and hit[1] > now:
            return hit[0]
        claims = await self.verifier.verify(token)
        principal = principal_from_claims(claims)
        exp = claims.get("exp")
        until = min(float(exp), now + _VERIFIED_TTL) if isinstance(exp, (int, float)) else now
        self._verified[key] = (principal, until)
        if len(self._verified) > _VERIFIED_MAX:
            self._verified.popitem(last=False)
        return principal

    async def authenticate(self, headers: Mapping[str, str]) -> HelhedCaller:
        """Verify the bearer token; a citizen's own borger id is looked up once and cached."""
        authorization = headers.get("authorization")
        try:
            principal = await self._principal(authorization)
        except IdentityProviderUnavailable:
            raise AccessDenied("the identity provider cannot be reached", status=503,
                               headers={"retry-after": "5"}) from None
        except AuthenticationError as exc:
            raise AccessDenied(exc.reason,
                               headers={"www-authenticate": exc.www_authenticate}) from None
        own_id = None
        if isinstance(principal, Borger) and self.subjects is not None:
            own_id = await self.subjects.resolve(principal, authorization)
        return HelhedCaller(self, principal, own_id, _purpose(headers.get(PURPOSE_HEADER)))

    async def aclose(self) -> None:
        """Close the database (when this access control opened it)."""
        if self.owns_store:
            await self.store.close()


async def create_access_control(settings: Settings, session: aiohttp.ClientSession,
                                supergraph: Supergraph) -> HelhedAccessControl:
    """Build Helhed's access control from the gateway settings (run in the lifespan)."""
    options = {"session": session, "leeway": int(settings.auth_leeway)}
    if settings.auth_jwks_url:
        verifier: TokenVerifier = JwksTokenVerifier(settings.auth_issuer, settings.auth_audience,
                                                    settings.auth_jwks_url, **options)
    else:
        verifier = await JwksTokenVerifier.from_issuer(settings.auth_issuer,
                                                       settings.auth_audience, **options)
    urls = {**supergraph.subgraph_urls, **settings.subgraph_urls}
    subjects = SubjectResolver(session, urls[SUBJECT_SUBGRAPH]) \
        if SUBJECT_SUBGRAPH in urls else None
    store = await Store.open(settings.database_url)
    await ensure_schema(store.database)  # the HOI cases the koordinator rule reads
    logger.info("samtykke, HOI and audit store open (%s)", store.dialect)
    return HelhedAccessControl(verifier, store, subjects, guarded_types(supergraph),
                               schema=supergraph.api_schema,
                               hoi_cases=hoi_case_loader(store.database))

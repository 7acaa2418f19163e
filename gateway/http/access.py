"""The seam between the request pipeline and an access-control implementation.

The gateway knows nothing about tokens, roles or consent: an :class:`AccessControl` (Helhed's
lives in ``helhed.access``, built on ``authz``) turns request headers into a
:class:`CallerAccess`, which says which ``@policy`` names the caller holds (static filtering
and the plan cache key), which fields every guarded object must carry, how to decide on each
object after fetching (an object guard), and records what was disclosed (audit). The
pipeline calls these in DESIGN.md's order: authenticate → filter → plan → execute →
guard → audit → respond.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from gateway.executor.guard import ObjectGuard
from gateway.planner.guard_fields import GuardFields
from gateway.types import JSONObject

__all__ = ["AccessControl", "AccessDenied", "AccessUnavailable", "AuditFailure", "CallerAccess",
           "RequestSummary"]


class AccessDenied(Exception):
    """The request may not run at all (no token, a bad one): answered before any GraphQL work."""

    def __init__(self, message: str, *, code: str = "UNAUTHENTICATED", status: int = 401,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        """Client-safe, fixed text; never a token or claim value."""
        self.code = code
        """``extensions.code`` of the single error."""
        self.status = status
        """HTTP status (401; 503 when the identity provider cannot be reached)."""
        self.headers = dict(headers or {})
        """Extra response headers (``WWW-Authenticate``)."""


class AccessUnavailable(Exception):
    """What per-object decisions need (consent state) could not be read: show nothing."""


class AuditFailure(Exception):
    """The disclosure could not be recorded: the response must carry no personal data."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestSummary:
    """What the pipeline tells the audit about one executed request."""

    request_id: str
    """The request id (``x-request-id``), used as transaktions-id."""
    operation_kind: str
    """``query`` or ``mutation``."""
    operation_name: str | None
    """The client's operation name, if any."""
    root_fields: tuple[str, ...]
    """Schema names of the root fields that ran, in order."""
    root_arguments: tuple[tuple[str, Mapping[str, Any]], ...] = field(default=())
    """Per root field (schema name), its coerced argument values — search criteria that may
    hold personal data: the access control renders them safely or not at all."""
    denied_fields: tuple[str, ...] = field(default=())
    """``Type.field`` coordinates removed by static filtering."""


class CallerAccess(Protocol):
    """One authenticated caller, for the length of one request."""

    @property
    def granted(self) -> frozenset[str]:
        """``@policy`` names this caller satisfies: what static filtering and plan caching use."""
        ...

    async def object_guard(self, store: JSONObject, prefix: str) -> ObjectGuard | None:
        """The per-object guard for this request's results (loads consent state once)."""
        ...

    async def record(self, summary: RequestSummary) -> None:
        """Write the audit records of this request; raise :class:`AuditFailure` if impossible."""
        ...


class AccessControl(Protocol):
    """Authentication plus per-request authorization, configured once per process."""

    @property
    def guard_fields(self) -> Sequence[GuardFields]:
        """Attributes every guarded object must carry for :meth:`CallerAccess.object_guard`."""
        ...

    @property
    def forward_headers(self) -> Sequence[str]:
        """Request headers (lower case) to pass on to subgraphs (``authorization``)."""
        ...

    async def authenticate(self, headers: Mapping[str, str]) -> CallerAccess:
        """The caller behind ``headers``; raise :class:`AccessDenied` if there is none."""
        ...

    async def aclose(self) -> None:
        """Release what the access control holds (database pools, HTTP sessions)."""
        ...

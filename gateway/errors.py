"""The gateway's exception hierarchy and the closed set of error codes.

::

    GatewayError
    ├── SupergraphError        the supergraph cannot be used (start-up fails)
    ├── PlanningError          this operation cannot be planned
    ├── SubgraphError          one subgraph request failed
    │   ├── SubgraphTimeout
    │   ├── SubgraphUnavailable
    │   └── SubgraphBadResponse
    └── InternalError          a broken invariant (raised through ``ensure``)

Exceptions become GraphQL errors in exactly two places: the fetch boundary (executor) and the
HTTP boundary. ``extensions.code`` always comes from the constants below.
"""

from __future__ import annotations

__all__ = [
    "GatewayError",
    "SupergraphError",
    "PlanningError",
    "SubgraphError",
    "SubgraphTimeout",
    "SubgraphUnavailable",
    "SubgraphBadResponse",
    "InternalError",
    "ensure",
    "BAD_REQUEST",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "OPERATION_RESOLUTION_FAILURE",
    "QUERY_PLANNING_FAILED",
    "SUBREQUEST_HTTP_ERROR",
    "SUBGRAPH_UNAVAILABLE",
    "SUBGRAPH_TIMEOUT",
    "SUBGRAPH_BAD_RESPONSE",
    "INVALID_GRAPHQL_VALUE",
    "PERSISTED_QUERY_NOT_SUPPORTED",
    "METHOD_NOT_ALLOWED",
    "INTERNAL_SERVER_ERROR",
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "CONSENT_REQUIRED",
    "PERSONAL_DATA_WITHHELD",
    "OPERATION_LIMIT_EXCEEDED",
    "BAD_USER_INPUT",
]

# Request errors (no execution happened).
BAD_REQUEST = "BAD_REQUEST"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"
OPERATION_LIMIT_EXCEEDED = "OPERATION_LIMIT_EXCEEDED"
BAD_USER_INPUT = "BAD_USER_INPUT"
QUERY_PLANNING_FAILED = "QUERY_PLANNING_FAILED"
PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
# Execution errors (a part of the response is missing).
SUBREQUEST_HTTP_ERROR = "SUBREQUEST_HTTP_ERROR"
SUBGRAPH_UNAVAILABLE = "SUBGRAPH_UNAVAILABLE"
SUBGRAPH_TIMEOUT = "SUBGRAPH_TIMEOUT"
SUBGRAPH_BAD_RESPONSE = "SUBGRAPH_BAD_RESPONSE"
INVALID_GRAPHQL_VALUE = "INVALID_GRAPHQL_VALUE"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
# Access control.
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
CONSENT_REQUIRED = "CONSENT_REQUIRED"
PERSONAL_DATA_WITHHELD = "PERSONAL_DATA_WITHHELD"


class GatewayError(Exception):
    """Base class of every error the gateway raises on purpose."""


class SupergraphError(GatewayError):
    """The supergraph cannot be loaded or used; the message names the problem."""


class PlanningError(GatewayError):
    """The operation is valid but no plan can satisfy it."""


class SubgraphError(GatewayError):
    """A subgraph request failed; ``code`` is the ``extensions.code`` to report."""

    code = SUBREQUEST_HTTP_ERROR

    def __init__(self, subgraph: str, message: str) -> None:
        super().__init__(message)
        self.subgraph = subgraph
        """The subgraph the request went to."""


class SubgraphTimeout(SubgraphError):
    """The subgraph did not answer within its timeout."""

    code = SUBGRAPH_TIMEOUT


class SubgraphUnavailable(SubgraphError):
    """The subgraph could not be reached (connection refused, reset, DNS)."""

    code = SUBGRAPH_UNAVAILABLE


class SubgraphBadResponse(SubgraphError):
    """The subgraph answered with something that is not a GraphQL response."""

    code = SUBGRAPH_BAD_RESPONSE


class InternalError(GatewayError):
    """A broken invariant inside the gateway: a bug, never the caller's fault."""


def ensure(condition: object, message: str) -> None:
    """Raise :class:`InternalError` with ``message`` unless ``condition`` holds.

    Used instead of ``assert``, which ``python -O`` removes.
    """
    if not condition:
        raise InternalError(message)

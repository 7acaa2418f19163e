"""The contract between the HTTP endpoint and the request pipeline behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from gateway.types import JSONObject, Variables

__all__ = ["GraphQLRequest", "PipelineResult", "Pipeline"]


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphQLRequest:
    """One GraphQL request as read from the HTTP layer (GraphQL-over-HTTP parameters)."""

    query: str
    """The document text."""

    variables: Variables | None = None
    """Raw variables as the client sent them (already known to be a JSON object or None)."""

    operation_name: str | None = None
    """Which operation of the document to run."""

    extensions: JSONObject | None = None
    """The request's ``extensions`` object, if any."""

    http_method: str = "POST"
    """``GET`` or ``POST``: mutations are refused over GET."""

    include_plan: bool = False
    """The caller asked for the query plan (honoured only in development mode)."""

    headers: dict[str, str] = field(default_factory=dict)
    """Request headers, lower-cased names (authorization, request id, ...)."""


@dataclass(slots=True, kw_only=True)
class PipelineResult:
    """What the pipeline hands back to the HTTP layer."""

    body: JSONObject
    """The GraphQL response: ``data`` and/or ``errors`` (and ``extensions``)."""

    request_error: bool = False
    """True when nothing was executed (parse, validation, operation resolution errors).

    Under ``application/graphql-response+json`` such a response is sent with status 400.
    """

    status: int | None = None
    """An HTTP status forced by the pipeline (405 for a mutation over GET, 401, ...)."""

    response_headers: dict[str, str] = field(default_factory=dict)
    """Extra headers to send (``Allow`` with a 405, ``WWW-Authenticate`` with a 401)."""


class Pipeline(Protocol):
    """Runs one GraphQL request end to end: parse, validate, plan, execute, shape."""

    async def run(self, request: GraphQLRequest) -> PipelineResult:
        """Answer ``request``; never raises for anything the caller did."""
        ...

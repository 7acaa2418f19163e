"""Read the GraphQL-over-HTTP request parameters (GET query string or POST body).

Everything here is about the HTTP envelope: a problem becomes :class:`HTTPRequestError`
(status + message) before any GraphQL work happens. The body size limit is enforced while
the body streams in, so an oversized request is refused without being buffered.
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from starlette.requests import ClientDisconnect, Request

from gateway.errors import BAD_REQUEST, PERSISTED_QUERY_NOT_SUPPORTED
from gateway.http.contract import GraphQLRequest
from gateway.http.middleware import REQUEST_ID_HEADER
from gateway.types import JSON, JSONObject

__all__ = ["HTTPRequestError", "read_graphql_request", "wants_plan", "PLAN_HEADERS"]

PLAN_HEADERS = ("apollo-query-plan-experimental", "x-helhed-plan")
"""Request headers asking for the query plan in ``extensions`` (honoured in dev mode only)."""

_TRUTHY = frozenset({"1", "true", "yes", "on"})
_JSON_TYPES = frozenset({"application/json"})
_GRAPHQL_TYPES = frozenset({"application/graphql"})


class HTTPRequestError(Exception):
    """The HTTP request cannot carry a GraphQL request; answered without running anything."""

    def __init__(self, status: int, message: str, *, code: str = BAD_REQUEST) -> None:
        super().__init__(message)
        self.status = status
        """The HTTP status to answer with (400, 413, 415)."""
        self.message = message
        """A message for the caller; names the problem, never echoes the body."""
        self.code = code
        """The ``extensions.code`` of the error."""


def wants_plan(headers: Mapping[str, str]) -> bool:
    """Return True when a plan header (``apollo-query-plan-experimental: 1``...) is set."""
    return any(headers.get(name, "").strip().lower() in _TRUTHY for name in PLAN_HEADERS)


async def read_graphql_request(
    request: Request, *, max_body_bytes: int, request_id: str
) -> GraphQLRequest:
    """Build a :class:`GraphQLRequest` from a GET or POST request, or raise HTTPRequestError."""
    if request.method == "GET":
        params = _params_from_query_string(request)
    else:
        params = await _params_from_body(request, max_body_bytes)
    headers = _header_dict(request)
    headers[REQUEST_ID_HEADER] = request_id
    return _graphql_request(params, method=request.method, headers=headers)


def _header_dict(request: Request) -> dict[str, str]:
    """Lower-cased header names; repeated headers joined with ``", "``."""
    out: dict[str, str] = {}
    for name, value in request.headers.items():
        out[name] = f"{out[name]}, {value}" if name in out else value
    return out


def _params_from_query_string(request: Request) -> JSONObject:
    """GET: ``query`` and ``operationName`` as text, ``variables``/``extensions`` as JSON."""
    query = request.query_params
    params: JSONObject = {}
    for key in ("query", "operationName"):
        if key in query:
            params[key] = query[key]
    for key in ("variables", "extensions"):
        if key in query:
            params[key] = _decode_json_param(key, query[key])
    return params


def _decode_json_param(key: str, raw: str) -> JSON:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise HTTPRequestError(400, f"the {key} parameter is not valid JSON") from None


def _content_type(request: Request) -> tuple[str, str | None]:
    """Return the media type (lower case) and its charset parameter, if any."""
    raw = request.headers.get("content-type", "")
    media, *params = (p.strip() for p in raw.split(";"))
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


async def _params_from_body(request: Request, max_body_bytes: int) -> JSONObject:
    """POST: a JSON object (``application/json``) or a bare document (``application/graphql``)."""
    media, charset = _content_type(request)
    if media not in _JSON_TYPES | _GRAPHQL_TYPES:
        raise HTTPRequestError(
            415, "unsupported Content-Type: send application/json (or application/graphql)"
        )
    if charset not in (None, "utf-8", "utf8"):
        raise HTTPRequestError(415, "unsupported charset: request bodies must be UTF-8")
    body = await read_limited_body(request, max_body_bytes)
    if not body.strip():
        raise HTTPRequestError(400, "the request body is empty")
    if media in _GRAPHQL_TYPES:
        try:
            return {"query": body.decode("utf-8")}
        except UnicodeDecodeError:
            raise HTTPRequestError(400, "the request body is not valid UTF-8") from None
    try:
        params = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise HTTPRequestError(400, "the request body is not valid JSON") from None
    if not isinstance(params, dict):
        raise HTTPRequestError(400, "the request body must be a JSON object")
    return params


async def read_limited_body(request: Request, limit: int) -> bytes:
    """Read the body, refusing with 413 as soon as it exceeds ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            chunks.append(chunk)
    except ClientDisconnect:
        # Nobody will read the answer; this only keeps the disconnect out of the error log.
        raise HTTPRequestError(400, "the client disconnected while sending the body") from None
    return b"".join(chunks)


def _too_large(limit: int) -> HTTPRequestError:
    return HTTPRequestError(413, f"the request body is larger than {limit} bytes")


def _graphql_request(params: JSONObject, *, method: str, headers: dict[str, str]) -> GraphQLRequest:
    """Check each parameter's JSON type (GraphQL-over-HTTP "request parameters")."""
    query = params.get("query")
    extensions = _optional_object(params, "extensions")
    if query is None and extensions and "persistedQuery" in extensions:
        raise HTTPRequestError(
            400, "PersistedQueryNotSupported", code=PERSISTED_QUERY_NOT_SUPPORTED
        )
    if query is None:
        raise HTTPRequestError(400, "the query parameter is missing")
    if not isinstance(query, str):
        raise HTTPRequestError(400, "the query parameter must be a string")
    operation_name = params.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise HTTPRequestError(400, "the operationName parameter must be a string")
    return GraphQLRequest(
        query=query,
        variables=_optional_object(params, "variables"),
        operation_name=operation_name or None,
        extensions=extensions,
        http_method=method,
        include_plan=wants_plan(headers),
        headers=headers,
    )


def _optional_object(params: JSONObject, key: str) -> JSONObject | None:
    value = params.get(key)
    if value is not None and not isinstance(value, dict):
        raise HTTPRequestError(400, f"the {key} parameter must be a JSON object")
    return value

"""GraphQL response bodies serialised with orjson, and the error bodies of the HTTP layer."""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from starlette.responses import Response

from gateway.http.negotiation import APPLICATION_JSON
from gateway.types import JSONObject

__all__ = ["graphql_response", "error_body", "error_response"]


def graphql_response(
    body: JSONObject,
    *,
    status: int = 200,
    media_type: str = APPLICATION_JSON,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Serialise ``body`` with orjson as ``media_type`` (always UTF-8)."""
    all_headers = dict(headers or {})
    all_headers["content-type"] = f"{media_type}; charset=utf-8"
    return Response(orjson.dumps(body), status_code=status, headers=all_headers)


def error_body(message: str, code: str) -> JSONObject:
    """A GraphQL response carrying one request-level error and no ``data``."""
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


def error_response(
    status: int,
    message: str,
    code: str,
    *,
    media_type: str = APPLICATION_JSON,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """An HTTP-level refusal shaped as a GraphQL error response."""
    return graphql_response(
        error_body(message, code), status=status, media_type=media_type, headers=headers
    )

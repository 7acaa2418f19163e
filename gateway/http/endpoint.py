"""The GraphQL endpoint: GraphQL-over-HTTP in front of the request pipeline.

Implements the GraphQL-over-HTTP spec (its server audit list is the checklist): GET and POST,
``application/graphql-response+json`` and ``application/json`` responses chosen from
``Accept``, parameter checks answered with ``BAD_REQUEST`` errors, request errors as 400 under
the newer media type and 200 under the legacy one. A browser asking for HTML with no query gets
GraphiQL. This is one of the two places where exceptions become GraphQL errors: anything
unexpected is logged with the request id and answered with a bare ``INTERNAL_SERVER_ERROR``.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from gateway.errors import BAD_REQUEST, INTERNAL_SERVER_ERROR, METHOD_NOT_ALLOWED
from gateway.http.contract import GraphQLRequest, Pipeline, PipelineResult
from gateway.http.graphiql import graphiql_page
from gateway.http.lifespan import GatewayState
from gateway.http.middleware import REQUEST_ID_HEADER, request_id_of
from gateway.http.negotiation import GRAPHQL_RESPONSE_JSON, accepts_html, choose_media_type
from gateway.http.params import HTTPRequestError, read_graphql_request
from gateway.http.responses import error_response, graphql_response

__all__ = ["GraphQLEndpoint", "ALLOWED_METHODS"]

logger = logging.getLogger("gateway.http")

ALLOWED_METHODS = ("GET", "POST")
"""Methods the endpoint answers; anything else is a 405 naming these."""

_NOT_ACCEPTABLE = (
    "none of the Accept header's media types can be served: "
    "accept application/graphql-response+json or application/json"
)


class GraphQLEndpoint:
    """ASGI app for ``/graphql`` (it handles every method itself, to answer 405 as GraphQL)."""

    def __init__(self, state: GatewayState, *, max_body_bytes: int) -> None:
        self.state = state
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = await self.respond(request)
        await response(scope, receive, send)

    async def respond(self, request: Request) -> Response:
        """Turn one HTTP request into one HTTP response."""
        accept = request.headers.get("accept")
        if request.method == "GET" and "query" not in request.query_params and accepts_html(accept):
            return graphiql_page(request.url.path)
        media_type = choose_media_type(accept)
        if media_type is None:
            return error_response(406, _NOT_ACCEPTABLE, BAD_REQUEST)
        if request.method not in ALLOWED_METHODS:
            return error_response(
                405, f"{request.method} is not supported: use GET or POST", METHOD_NOT_ALLOWED,
                media_type=media_type, headers={"allow": ", ".join(ALLOWED_METHODS)},
            )
        try:
            graphql_request = await read_graphql_request(
                request, max_body_bytes=self.max_body_bytes, request_id=request_id_of(request.scope)
            )
        except HTTPRequestError as exc:
            return error_response(exc.status, exc.message, exc.code, media_type=media_type)
        return await self._execute(graphql_request, request.receive, media_type)

    async def _execute(
        self, request: GraphQLRequest, receive: Receive, media_type: str
    ) -> Response:
        """Run the pipeline; its result, or a 500 for anything it did not expect."""
        pipeline = self.state.pipeline
        if pipeline is None:
            return error_response(
                503, "the gateway is not ready", INTERNAL_SERVER_ERROR, media_type=media_type
            )
        try:
            result = await _run_until_disconnect(pipeline, request, receive)
            if result is None:
                logger.info("client disconnected; request cancelled")
                return Response(status_code=499)
            return _result_response(result, media_type)
        except Exception:
            # The request id is in the message too, whatever the logging configuration.
            logger.exception("request %s failed", request.headers.get(REQUEST_ID_HEADER, "-"))
            return error_response(
                500, "Internal server error", INTERNAL_SERVER_ERROR, media_type=media_type
            )


def _result_response(result: PipelineResult, media_type: str) -> Response:
    """Pick the status: the pipeline's if forced, else 400 for a request error under
    ``application/graphql-response+json``, else 200."""
    if result.status is not None:
        status = result.status
    elif result.request_error and media_type == GRAPHQL_RESPONSE_JSON:
        status = 400
    else:
        status = 200
    return graphql_response(
        result.body, status=status, media_type=media_type, headers=result.response_headers
    )


async def _run_until_disconnect(
    pipeline: Pipeline, request: GraphQLRequest, receive: Receive
) -> PipelineResult | None:
    """Run ``pipeline`` for ``request``; cancel it and return None if the client goes away.

    The pipeline runs in this task; a watcher task cancels it when the server reports the
    disconnect (only while the pipeline runs).
    """
    task = asyncio.current_task()
    running = True
    disconnected = False

    async def watch() -> None:
        nonlocal disconnected
        await _wait_for_disconnect(receive)
        if running and task is not None:
            disconnected = True
            task.cancel()

    watcher = asyncio.ensure_future(watch())
    try:
        return await pipeline.run(request)
    except asyncio.CancelledError:
        if disconnected and task is not None and task.uncancel() == 0:
            return None
        raise
    finally:
        running = False
        watcher.cancel()


async def _wait_for_disconnect(receive: Receive) -> None:
    """Return when the server reports ``http.disconnect`` (the body is already read)."""
    while (await receive())["type"] != "http.disconnect":
        pass

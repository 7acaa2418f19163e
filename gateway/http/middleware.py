"""Request id middleware: one id per request, echoed, put in the scope and on every log line.

Pure ASGI (never ``BaseHTTPMiddleware``, which stops ``contextvars`` changes from reaching the
app). It also writes the access log itself, because uvicorn's access log prints the query
string, and a GET request's query string can carry variables with personal data.
"""

from __future__ import annotations

import contextvars
import logging
import os
import re
import time
from collections.abc import MutableMapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "REQUEST_ID_HEADER",
    "RequestIdMiddleware",
    "RequestIdLogFilter",
    "current_request_id",
    "request_id_of",
]

REQUEST_ID_HEADER = "x-request-id"
"""Header carrying the request id in both directions."""

_SCOPE_KEY = "helhed.request_id"
_SANE_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
_NO_REQUEST = "-"

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "helhed_request_id", default=_NO_REQUEST
)

access_log = logging.getLogger("gateway.access")


def current_request_id() -> str:
    """Return the id of the request being served in this task, or ``"-"`` outside one."""
    return _request_id.get()


def request_id_of(scope: Scope) -> str:
    """Return the request id the middleware stored in ``scope`` (``"-"`` if it did not run)."""
    value = scope.get(_SCOPE_KEY)
    return value if isinstance(value, str) else _NO_REQUEST


def _incoming_request_id(scope: Scope) -> str | None:
    """Return the caller's ``x-request-id`` if it is short and made of safe characters."""
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER.encode():
            text = value.decode("latin-1")
            return text if _SANE_ID.fullmatch(text) else None
    return None


class RequestIdMiddleware:
    """Give each HTTP request an id: the caller's if sane, else a fresh one.

    The id goes into the scope (read it with :func:`request_id_of`), into a context variable
    that :class:`RequestIdLogFilter` copies onto log records, and into the response header.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or os.urandom(16).hex()
        scope[_SCOPE_KEY] = request_id
        token = _request_id.set(request_id)
        started = time.perf_counter()
        status: list[int] = []

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
                headers = list(message.get("headers", ()))
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            # No response started means the exception travels on to Starlette's 500 page.
            _log_access(scope, status[0] if status else 500, time.perf_counter() - started)
            _request_id.reset(token)


def _log_access(scope: Scope, status: int, seconds: float) -> None:
    """Log method, path (never the query string), status and duration."""
    access_log.info(
        "%s %s %d %.1fms", scope.get("method", "?"), scope.get("path", "?"), status,
        seconds * 1000.0,
    )


class RequestIdLogFilter(logging.Filter):
    """Set ``record.request_id`` from the current request so formats can print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Annotate ``record``; never drops it."""
        fields: MutableMapping[str, Any] = record.__dict__
        fields.setdefault("request_id", current_request_id())
        return True

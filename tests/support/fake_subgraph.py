"""A fake federation subgraph served over real HTTP: SDL + data + hooks, recording, faults.

::

    products = FakeSubgraph("products", sdl, data={"Product": [{"upc": "1", "name": "T"}]})
    with products.serve() as url:
        ...                                   # the gateway calls url
    assert products.calls == 1
    assert products.representations("Product") == [{"__typename": "Product", "upc": "1"}]

Every request body is recorded before any fault applies. Faults (``products.faults = Faults(
status=500)``) make the subgraph slow, fail with an HTTP status, answer garbage, drop the
connection mid-response, or raise GraphQL errors at given response paths. Query batching (a
JSON array of requests, answered with an array) is supported.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from tests.support.loopback import LoopbackServer
from tests.support.subgraph_exec import Hook, InjectedError, SubgraphExecutor
from tests.support.subgraph_schema import build_subgraph_schema

__all__ = ["Faults", "FakeSubgraph", "InjectedError", "RecordedRequest"]

_JSON_HEADERS = [(b"content-type", b"application/json")]


@dataclass(frozen=True, slots=True)
class Faults:
    """How a fake subgraph misbehaves; the default is not at all."""

    delay: float = 0.0
    """Seconds to wait before answering (for gateway timeouts)."""

    status: int | None = None
    """Answer every request with this HTTP status and a plain-text body."""

    garbage: bool = False
    """Answer 200 ``application/json`` whose body is not JSON."""

    close: bool = False
    """Start a response, send part of it and drop the connection."""

    errors: tuple[InjectedError, ...] = ()
    """GraphQL errors raised at these response paths (the rest of the data is normal)."""


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One HTTP request the fake subgraph received."""

    body: Any
    """The parsed JSON body (a dict, or a list for a batch), or the raw text if not JSON."""

    headers: Mapping[str, str]
    """Request headers, lower-cased names."""

    @property
    def operations(self) -> list[dict[str, Any]]:
        """The GraphQL requests in the body (one, or several for a batch)."""
        items = self.body if isinstance(self.body, list) else [self.body]
        return [item for item in items if isinstance(item, dict)]


@dataclass(slots=True)
class FakeSubgraph:
    """One fake subgraph: an ASGI app answering GraphQL over HTTP for the given SDL and data."""

    name: str
    """The subgraph's name (as in the supergraph's ``@join__graph(name:)``)."""

    sdl: str
    """The subgraph SDL (federation 1 or 2)."""

    data: Mapping[str, Any] = field(default_factory=dict)
    """Root values and rows (see :mod:`tests.support.subgraph_exec`)."""

    hooks: Mapping[str, Hook] = field(default_factory=dict)
    """Resolver hooks keyed ``"Type.field"`` or ``"Type.__resolveReference"``."""

    faults: Faults = field(default_factory=Faults)
    """Current fault injection; assign a new :class:`Faults` to change it."""

    requests: list[RecordedRequest] = field(default_factory=list)
    """Every request received, in arrival order."""

    _executor: SubgraphExecutor | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: LoopbackServer | None = None

    @classmethod
    def from_file(cls, name: str, sdl_path: Path, data: Mapping[str, Any] | None = None,
                  hooks: Mapping[str, Hook] | None = None) -> FakeSubgraph:
        """Build a fake subgraph from an SDL file."""
        return cls(name=name, sdl=sdl_path.read_text(encoding="utf-8"), data=data or {},
                   hooks=hooks or {})

    # -- inspection ---------------------------------------------------------------------------

    @property
    def calls(self) -> int:
        """How many HTTP requests arrived (a batch counts once)."""
        return len(self.requests)

    @property
    def operations(self) -> list[dict[str, Any]]:
        """Every GraphQL request received, batches flattened."""
        return [op for request in list(self.requests) for op in request.operations]

    def representations(self, typename: str | None = None) -> list[dict[str, Any]]:
        """Every representation received, optionally only those of one ``__typename``.

        Representations are the objects with a ``__typename`` inside list-valued variables
        (whatever the gateway named the ``_entities`` variable).
        """
        found: list[dict[str, Any]] = []
        for op in self.operations:
            for value in (op.get("variables") or {}).values():
                if not isinstance(value, list):
                    continue
                for rep in value:
                    if not isinstance(rep, dict) or "__typename" not in rep:
                        continue
                    if typename is None or rep["__typename"] == typename:
                        found.append(rep)
        return found

    def reset(self) -> None:
        """Forget recorded requests and clear faults."""
        with self._lock:
            self.requests.clear()
        self.faults = Faults()

    # -- serving ------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The URL it is served at (after :meth:`start`)."""
        if self._server is None:
            raise RuntimeError(f"fake subgraph {self.name!r} is not running")
        return self._server.url

    @property
    def port(self) -> int:
        """The port it is served on (after :meth:`start`)."""
        if self._server is None:
            raise RuntimeError(f"fake subgraph {self.name!r} is not running")
        return self._server.port

    def start(self, *, port: int = 0) -> str:
        """Serve on 127.0.0.1 in a background thread until :meth:`stop`; return the URL."""
        if self._server is not None:
            raise RuntimeError(f"fake subgraph {self.name!r} is already running")
        self._executor = None  # rebuild from the current sdl/data/hooks
        self._server = LoopbackServer(self, port=port).start()
        return self._server.url

    def stop(self) -> None:
        """Stop serving (a no-op when not running)."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()

    @contextmanager
    def serve(self, *, port: int = 0) -> Iterator[str]:
        """Serve on 127.0.0.1 for the duration of the ``with`` block; yields the URL."""
        url = self.start(port=port)
        try:
            yield url
        finally:
            self.stop()

    def execute(self, body: Any) -> Any:
        """Answer one parsed request body (a request object or a batch list)."""
        executor = self._executor
        if executor is None:
            executor = SubgraphExecutor(schema=build_subgraph_schema(self.sdl), data=self.data,
                                        hooks=self.hooks)
            self._executor = executor
        executor.errors = self.faults.errors
        if isinstance(body, list):
            return [self._execute_one(executor, item) for item in body]
        return self._execute_one(executor, body)

    @staticmethod
    def _execute_one(executor: SubgraphExecutor, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return {"errors": [{"message": "request body must contain a query string"}]}
        variables = body.get("variables")
        return executor.run(body["query"], variables if isinstance(variables, dict) else None,
                            body.get("operationName"))

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """ASGI entry point: POST a GraphQL request (or batch) to any path."""
        if scope["type"] != "http":
            return
        raw = await _read_body(receive)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            body: Any = orjson.loads(raw)
        except orjson.JSONDecodeError:
            body = raw.decode("utf-8", "replace")
        with self._lock:
            self.requests.append(RecordedRequest(body=body, headers=headers))
        faults = self.faults
        if faults.delay:
            await asyncio.sleep(faults.delay)
        if faults.close:
            await _drop_connection(send)
            return
        if faults.status is not None:
            await _respond(send, faults.status, b"Internal Server Error",
                           [(b"content-type", b"text/plain")])
            return
        if faults.garbage:
            await _respond(send, 200, b"<html>this is not JSON", _JSON_HEADERS)
            return
        if isinstance(body, str):
            await _respond(send, 400, orjson.dumps({"errors": [{"message": "body is not JSON"}]}),
                           _JSON_HEADERS)
            return
        await _respond(send, 200, orjson.dumps(self.execute(body)), _JSON_HEADERS)


async def _read_body(receive: Any) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _respond(send: Any, status: int, body: bytes,
                   headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class _DroppedConnection(Exception):
    """Raised inside the ASGI app so that uvicorn closes the half-sent response."""


async def _drop_connection(send: Any) -> None:
    await send({"type": "http.response.start", "status": 200,
                "headers": [*_JSON_HEADERS, (b"content-length", b"1000")]})
    await send({"type": "http.response.body", "body": b'{"data": {', "more_body": True})
    raise _DroppedConnection("fault injection: connection dropped mid-response")

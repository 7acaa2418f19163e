"""A small HTTP/1.1 client for plain-HTTP subgraphs: keep-alive pools, httptools parsing.

aiohttp costs about 120 us of CPU per subgraph request on the federation benchmark; this
client about 25 us, and a query plan makes several such requests per client request. It does
only what subgraph calls need: ``POST`` with a byte body to an ``http://`` URL, the whole
response read into memory, a total timeout per request, and a pool of keep-alive
connections per host. Anything else (``https://``) goes through aiohttp.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import httptools

__all__ = ["IDLE_SECONDS", "Http1Pool", "Target", "ResponseTooLarge", "header_lines",
           "parse_target"]

IDLE_SECONDS = 4.0
"""How long an idle connection is reused: below the 5 s keep-alive of uvicorn and Node, so
that a request rarely meets a connection the server is just closing."""

_CRLF = b"\r\n"


class ResponseTooLarge(Exception):
    """The response body exceeded the pool's limit."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where one subgraph is, with the fixed part of its request head."""

    host: str
    port: int
    head: bytes
    """Request line and fixed headers, without ``Content-Length`` and the final CRLF."""


def parse_target(url: str, fixed_headers: Mapping[str, str]) -> Target | None:
    """The target for an ``http://`` URL; None for any other scheme."""
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        return None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    authority = host if parts.port is None else f"{host}:{parts.port}"
    lines = [f"POST {path} HTTP/1.1", f"Host: {authority}"]
    lines += [f"{name}: {value}" for name, value in fixed_headers.items()]
    head = "\r\n".join(lines).encode("latin-1") + _CRLF
    return Target(parts.hostname, parts.port or 80, head)


def header_lines(headers: Mapping[str, str]) -> bytes:
    """Extra request headers as bytes; refuses line breaks (header injection)."""
    out = bytearray()
    for name, value in headers.items():
        line = f"{name}: {value}"
        if "\r" in line or "\n" in line:
            raise ValueError("a header name or value contains a line break")
        out += line.encode("latin-1") + _CRLF
    return bytes(out)


class _Connection(asyncio.Protocol):
    """One keep-alive connection; one request at a time."""

    def __init__(self, max_body: int) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.waiter: asyncio.Future[tuple[int, bytes]] | None = None
        self.chunks: list[bytes] = []
        self.size = 0
        self.max_body = max_body
        self.closed = False
        self.reusable = False
        self.begun = False
        self.framed = False
        self.idle_since = 0.0

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except (httptools.HttpParserError, ResponseTooLarge) as exc:
            self._fail(exc)
            self.close()

    def eof_received(self) -> bool:
        self.closed = True  # the server is closing it: never reuse it from now on
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            if self.begun and not self.framed and self.parser.get_status_code() > 0:
                # A response delimited by the end of the connection is complete now.
                waiter.set_result((self.parser.get_status_code(), b"".join(self.chunks)))
            else:
                waiter.set_exception(ConnectionResetError("the subgraph closed the connection"))

    # httptools callbacks
    def on_message_begin(self) -> None:
        self.begun = True
        self.chunks = []
        self.size = 0
        self.framed = False

    def on_header(self, name: bytes, value: bytes) -> None:
        if name.lower() in (b"content-length", b"transfer-encoding"):
            self.framed = True

    def on_body(self, body: bytes) -> None:
        self.size += len(body)
        if self.size > self.max_body:
            raise ResponseTooLarge(f"the response body is larger than {self.max_body} bytes")
        self.chunks.append(body)

    def on_message_complete(self) -> None:
        self.reusable = self.parser.should_keep_alive()
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result((self.parser.get_status_code(), b"".join(self.chunks)))

    # the pool's side
    def send(self, data: bytes,
             loop: asyncio.AbstractEventLoop) -> asyncio.Future[tuple[int, bytes]]:
        self.waiter = loop.create_future()
        self.reusable = False
        self.begun = False
        self.transport.write(data)  # type: ignore[union-attr]
        return self.waiter

    def _fail(self, exc: Exception) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_exception(exc)

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()


class _Host:
    """Connections to one host and port."""

    __slots__ = ("idle", "count", "waiters")

    def __init__(self) -> None:
        self.idle: list[_Connection] = []
        self.count = 0
        self.waiters: deque[asyncio.Future[None]] = deque()


class Http1Pool:
    """Keep-alive connection pools, one per host and port, bounded per host."""

    def __init__(self, *, limit_per_host: int, keepalive_seconds: float,
                 max_body_bytes: int = 256 * 1024 * 1024) -> None:
        self.limit = limit_per_host
        self.keepalive = keepalive_seconds
        self.max_body = max_body_bytes
        self._hosts: dict[tuple[str, int], _Host] = {}
        self._closed = False

    async def post(self, target: Target, body: bytes, timeout: float,
                   extra_head: bytes = b"") -> tuple[int, bytes]:
        """Send ``body`` to ``target``; (status, body). Raises TimeoutError or OSError."""
        loop = asyncio.get_running_loop()
        data = b"%b%bContent-Length: %d\r\n\r\n%b" % (target.head, extra_head, len(body), body)
        conn: _Connection | None = None
        try:
            async with asyncio.timeout(timeout):
                conn = await self._acquire(target, loop)
                return await conn.send(data, loop)
        finally:
            if conn is not None:
                self._release(target, conn)

    async def _acquire(self, target: Target, loop: asyncio.AbstractEventLoop) -> _Connection:
        if self._closed:
            raise ConnectionError("the connection pool is closed")
        key = (target.host, target.port)
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = _Host()
        while True:
            now = time.monotonic()
            while host.idle:
                conn = host.idle.pop()
                if not conn.closed and now - conn.idle_since < self.keepalive:
                    return conn
                self._discard(host, conn)
            if host.count < self.limit:
                host.count += 1
                try:
                    _, conn = await loop.create_connection(
                        lambda: _Connection(self.max_body), target.host, target.port)
                except BaseException:
                    host.count -= 1
                    self._wake(host)
                    raise
                return conn
            waiter: asyncio.Future[None] = loop.create_future()
            host.waiters.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._wake(host)  # pass the free slot on
                raise
            finally:
                if waiter in host.waiters:
                    host.waiters.remove(waiter)

    def _release(self, target: Target, conn: _Connection) -> None:
        host = self._hosts[(target.host, target.port)]
        waiter = conn.waiter
        done = waiter is not None and waiter.done() and not waiter.cancelled() \
            and waiter.exception() is None
        if done and conn.reusable and not conn.closed and not self._closed:
            conn.waiter = None
            conn.idle_since = time.monotonic()
            host.idle.append(conn)
        else:
            self._discard(host, conn)
        self._wake(host)

    def _discard(self, host: _Host, conn: _Connection) -> None:
        if conn.waiter is not None and not conn.waiter.done():
            conn.waiter.cancel()  # nobody waits for it any more
        conn.close()
        host.count -= 1

    @staticmethod
    def _wake(host: _Host) -> None:
        while host.waiters:
            waiter = host.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    async def close(self) -> None:
        """Close idle connections; connections in use close when they are released."""
        self._closed = True
        for host in self._hosts.values():
            for conn in host.idle:
                self._discard(host, conn)
            host.idle.clear()
        await asyncio.sleep(0)  # let the transports run their close callbacks

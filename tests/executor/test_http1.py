"""The HTTP/1.1 subgraph client against scripted servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import aiohttp
import pytest

from gateway.errors import SubgraphTimeout, SubgraphUnavailable
from gateway.executor.fetch import HttpSubgraphClient
from gateway.executor.http1 import Http1Pool, Target, header_lines, parse_target

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _read_request(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    return head, await reader.readexactly(length)


def _response(body: bytes, extra: bytes = b"") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n%b\r\n%b" % (len(body), extra, body)


@asynccontextmanager
async def _server(handler: Handler) -> AsyncIterator[tuple[str, list[int]]]:
    """Serve ``handler`` per connection; yields the URL and the list of accepted peers' ports."""
    peers: list[int] = []

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peers.append(writer.get_extra_info("peername")[1])
        try:
            await handler(reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/graphql", peers
    finally:
        server.close()
        await server.wait_closed()


async def _echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while True:
        head, body = await _read_request(reader)
        writer.write(_response(head.split(b"\r\n")[0] + b"|" + body))
        await writer.drain()


def _target(url: str) -> Target:
    target = parse_target(url, {"Content-Type": "application/json"})
    if target is None:
        raise AssertionError(url)
    return target


async def test_requests_reuse_one_keep_alive_connection() -> None:
    pool = Http1Pool(limit_per_host=4, keepalive_seconds=30)
    async with _server(_echo) as (url, peers):
        target = _target(url + "?x=1")
        for i in range(3):
            status, body = await pool.post(target, b"body%d" % i, 5)
            assert (status, body) == (200, b"POST /graphql?x=1 HTTP/1.1|body%d" % i)
        assert len(peers) == 1
        await pool.close()


async def test_connections_idle_for_too_long_are_not_reused() -> None:
    pool = Http1Pool(limit_per_host=4, keepalive_seconds=0.05)
    async with _server(_echo) as (url, peers):
        await pool.post(_target(url), b"1", 5)
        await pool.post(_target(url), b"2", 5)
        await asyncio.sleep(0.1)
        await pool.post(_target(url), b"3", 5)
        assert len(peers) == 2
        await pool.close()


async def test_chunked_and_connection_delimited_bodies() -> None:
    async def chunked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                     b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
        await _read_request(reader)
        writer.write(b"HTTP/1.1 203 OK\r\nConnection: close\r\n\r\nuntil the end")
        await writer.drain()

    pool = Http1Pool(limit_per_host=4, keepalive_seconds=30)
    async with _server(chunked) as (url, peers):
        assert await pool.post(_target(url), b"{}", 5) == (200, b"abcde")
        assert await pool.post(_target(url), b"{}", 5) == (203, b"until the end")
        assert len(peers) == 1
        await pool.close()


async def test_connection_close_and_idle_closes_open_a_new_connection() -> None:
    async def once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(_response(b"ok"))  # keep-alive implied, then closed while idle
        await writer.drain()

    pool = Http1Pool(limit_per_host=4, keepalive_seconds=30)
    async with _server(once) as (url, peers):
        for _ in range(3):
            assert await pool.post(_target(url), b"{}", 5) == (200, b"ok")
            await asyncio.sleep(0.05)  # the server's FIN arrives while the connection idles
        assert len(peers) == 3
        await pool.close()


async def test_a_timeout_discards_the_connection() -> None:
    async def slow_first(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        if len(peers) == 1:
            await asyncio.sleep(5)
        writer.write(_response(b"late" if len(peers) == 1 else b"fresh"))
        await writer.drain()

    pool = Http1Pool(limit_per_host=4, keepalive_seconds=30)
    async with _server(slow_first) as (url, peers):
        with pytest.raises(TimeoutError):
            await pool.post(_target(url), b"{}", 0.2)
        assert await pool.post(_target(url), b"{}", 5) == (200, b"fresh")
        assert len(peers) == 2
        await pool.close()


async def test_the_per_host_limit_queues_requests() -> None:
    active = 0
    most = 0

    async def counting(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal active, most
        while True:
            await _read_request(reader)
            active += 1
            most = max(most, active)
            await asyncio.sleep(0.01)
            active -= 1
            writer.write(_response(b"ok"))
            await writer.drain()

    pool = Http1Pool(limit_per_host=2, keepalive_seconds=30)
    async with _server(counting) as (url, peers):
        results = await asyncio.gather(*(pool.post(_target(url), b"{}", 5) for _ in range(8)))
        assert results == [(200, b"ok")] * 8
        assert most == 2
        assert len(peers) == 2
        await pool.close()


async def test_a_cancelled_request_frees_its_slot() -> None:
    async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        await asyncio.sleep(5)

    pool = Http1Pool(limit_per_host=1, keepalive_seconds=30)
    async with _server(hang) as (url, _):
        task = asyncio.ensure_future(pool.post(_target(url), b"{}", 5))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        with pytest.raises(TimeoutError):  # the slot is free again: it connects and waits
            await pool.post(_target(url), b"{}", 0.1)
        await pool.close()


def test_headers_with_line_breaks_are_refused() -> None:
    assert header_lines({"x-request-id": "abc"}) == b"x-request-id: abc\r\n"
    with pytest.raises(ValueError, match="line break"):
        header_lines({"x-evil": "a\r\nHost: elsewhere"})


def test_targets_for_http_urls_only() -> None:
    target = parse_target("http://[::1]:8080/a/b?c=d", {"Accept": "application/json"})
    assert target is not None
    assert (target.host, target.port) == ("::1", 8080)
    assert target.head == (b"POST /a/b?c=d HTTP/1.1\r\nHost: [::1]:8080\r\n"
                           b"Accept: application/json\r\n")
    assert parse_target("https://example.invalid/graphql", {}) is None


async def test_client_failures_become_typed_subgraph_errors() -> None:
    async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(b"NOT HTTP AT ALL\r\n\r\n")
        await writer.drain()

    async with aiohttp.ClientSession() as session, _server(garbage) as (url, _):
        closed = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
        dead_port = closed.sockets[0].getsockname()[1]
        closed.close()
        await closed.wait_closed()
        client = HttpSubgraphClient(session, {"bad": url, "dead": f"http://127.0.0.1:{dead_port}/"},
                                    {"bad": 5, "dead": 5})
        with pytest.raises(SubgraphUnavailable):
            await client.send("bad", b"{}")
        with pytest.raises(SubgraphUnavailable):
            await client.send("dead", b"{}")
        await client.aclose()


async def test_client_timeout_is_a_subgraph_timeout() -> None:
    async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        await asyncio.sleep(5)

    async with aiohttp.ClientSession() as session, _server(hang) as (url, _):
        client = HttpSubgraphClient(session, {"slow": url}, {"slow": 0.1})
        with pytest.raises(SubgraphTimeout):
            await client.send("slow", b"{}")
        await client.aclose()


async def test_urls_other_than_plain_http_go_through_the_aiohttp_session() -> None:
    async def graphql(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            head, _ = await _read_request(reader)
            agent = b"aiohttp" in head.lower()
            writer.write(_response(b'{"data": {"aiohttp": %b}}' % (b"true" if agent else b"false"),
                                   b"Content-Type: application/json\r\n"))
            await writer.drain()

    async with aiohttp.ClientSession() as session, _server(graphql) as (url, _):
        client = HttpSubgraphClient(session, {"a": url, "b": url}, {"a": 5, "b": 5})
        client._targets["b"] = None  # as for an https:// URL
        assert await client.send("a", b"{}") == {"data": {"aiohttp": False}}
        assert await client.send("b", b"{}") == {"data": {"aiohttp": True}}
        await client.aclose()

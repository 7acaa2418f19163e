"""Serve an ASGI app (a subgraph) with uvicorn on a loopback socket bound up front.

``async with serve_app(app) as running: running.url`` — the socket is bound before uvicorn
starts (no free-port race), start-up is awaited on ``server.started`` (no sleeps), and
leaving the block shuts the server down and closes the socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import uvicorn

__all__ = ["RunningServer", "bind_socket", "serve_app"]

_STARTUP_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class RunningServer:
    """A server started by :func:`serve_app`."""

    url: str
    """``http://127.0.0.1:<port>``, no trailing slash."""
    port: int


class _QuietServer(uvicorn.Server):
    """Leaves the host process's signal handlers alone (many servers share one loop)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def bind_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A TCP socket bound (not listening) on ``host:port``; port 0 = any free port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


async def _wait_started(server: uvicorn.Server, task: asyncio.Task[None]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + _STARTUP_TIMEOUT
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("server stopped during start-up")
        if loop.time() > deadline:
            raise TimeoutError("server did not start in time")
        await asyncio.sleep(0.005)


@contextlib.asynccontextmanager
async def serve_app(app: Any, *, host: str = "127.0.0.1", port: int = 0,
                    lifespan: str = "auto") -> AsyncIterator[RunningServer]:
    """Run ``app`` on ``host:port`` inside the current event loop until the block exits."""
    sock = bind_socket(host, port)
    bound = int(sock.getsockname()[1])
    config = uvicorn.Config(app, lifespan=lifespan, log_level="warning", access_log=False,
                            ws="none", timeout_graceful_shutdown=2)
    server = _QuietServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        await _wait_started(server, task)
        yield RunningServer(url=f"http://{host}:{bound}", port=bound)
    finally:
        server.should_exit = True
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, timeout=5)
        sock.close()

"""Serve an ASGI app with uvicorn on a loopback socket bound up front, readiness awaited.

``async with serve_app(app) as running: running.url`` — the socket is bound before uvicorn
starts (no free-port race), start-up is awaited on ``server.started`` (no sleeps), and
leaving the block shuts the server down and closes the socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import uvicorn

__all__ = ["RunningServer", "bind_socket", "serve_app", "serve_apps"]

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
    async with serve_apps({"app": app}, host=host, port=port, lifespan=lifespan) as running:
        yield running["app"]


@contextlib.asynccontextmanager
async def serve_apps(apps: Mapping[str, Any], *, host: str = "127.0.0.1", port: int = 0,
                     lifespan: str = "auto") -> AsyncIterator[dict[str, RunningServer]]:
    """Run several apps at once (each on its own socket); all stop together on exit."""
    sockets = {name: bind_socket(host, port) for name in apps}
    servers: dict[str, uvicorn.Server] = {}
    tasks: list[asyncio.Task[None]] = []
    try:
        for name, app in apps.items():
            config = uvicorn.Config(app, lifespan=lifespan, log_level="warning",
                                    access_log=False, ws="none", timeout_graceful_shutdown=2)
            servers[name] = _QuietServer(config)
            tasks.append(asyncio.create_task(servers[name].serve(sockets=[sockets[name]])))
        await asyncio.gather(*(_wait_started(servers[n], t) for n, t in zip(servers, tasks,
                                                                            strict=True)))
        yield {name: RunningServer(url=f"http://{host}:{sock.getsockname()[1]}",
                                   port=int(sock.getsockname()[1]))
               for name, sock in sockets.items()}
    finally:
        for server in servers.values():
            server.should_exit = True
        if tasks:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 5)
        for sock in sockets.values():
            sock.close()

"""Run the identity provider in-process on a socket bound here (for tests and the demo).

``async with serve_idp() as running:`` binds 127.0.0.1 (port 0 = any free port) *before*
starting uvicorn, so the issuer URL is known up front and no port race exists; readiness is
awaited on ``server.started``; leaving the block shuts uvicorn down and closes the socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import uvicorn

from mocks.idp.app import DEFAULT_AUDIENCE, IdentityProvider, IdpConfig, create_app

__all__ = ["RunningIdp", "serve_idp"]


@dataclass(frozen=True, slots=True)
class RunningIdp:
    """A running identity provider: its base URL (= issuer) and the in-process object."""

    url: str
    """``http://127.0.0.1:<port>``, also the ``iss`` of its tokens."""
    idp: IdentityProvider
    """Key ring, counters and minting, for tests that look inside."""

    @property
    def jwks_url(self) -> str:
        """The JWKS endpoint."""
        return f"{self.url}/jwks"


class _QuietServer(uvicorn.Server):
    """A uvicorn server that leaves the host process's signal handlers alone."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


async def _wait_started(server: uvicorn.Server, task: asyncio.Task[None],
                        timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not server.started:
        if task.done():
            task.result()  # re-raises the start-up failure
            raise RuntimeError("identity provider stopped during start-up")
        if loop.time() > deadline:
            raise TimeoutError("identity provider did not start in time")
        await asyncio.sleep(0.005)


async def _stop(server: uvicorn.Server, task: asyncio.Task[None]) -> None:
    server.should_exit = True
    done, _ = await asyncio.wait({task}, timeout=10)
    if not done:
        task.cancel()
        await asyncio.wait({task})
    elif not task.cancelled() and task.exception() is not None:
        raise RuntimeError("identity provider failed") from task.exception()


@contextlib.asynccontextmanager
async def serve_idp(*, host: str = "127.0.0.1", port: int = 0,
                    audience: str = DEFAULT_AUDIENCE, token_lifetime: int = 3600,
                    grace_period: float = 600.0,
                    startup_timeout: float = 10.0) -> AsyncIterator[RunningIdp]:
    """Serve a fresh identity provider over HTTP until the block exits."""
    sock = _bind(host, port)
    try:
        issuer = f"http://{host}:{sock.getsockname()[1]}"
        idp = IdentityProvider(IdpConfig(issuer=issuer, audience=audience,
                                         token_lifetime=token_lifetime,
                                         grace_period=grace_period))
        config = uvicorn.Config(create_app(idp), lifespan="off", log_level="warning",
                                access_log=False, timeout_graceful_shutdown=1)
        server = _QuietServer(config)
        task = asyncio.create_task(server.serve(sockets=[sock]))
        try:
            await _wait_started(server, task, startup_timeout)
            yield RunningIdp(url=issuer, idp=idp)
        finally:
            await _stop(server, task)
    finally:
        sock.close()

"""Run an ASGI app with uvicorn on 127.0.0.1 in a background thread, on a socket bound here.

The socket is bound before the server starts (no "find a free port, close it, hope" race),
and readiness is signalled from uvicorn's own ``startup`` instead of polling or sleeping.
A background thread (with its own event loop) lets the same server serve synchronous tests,
asynchronous tests and session-scoped fixtures alike.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from types import TracebackType
from typing import Any

import uvicorn

__all__ = ["LoopbackServer", "bind_loopback_socket", "refused_port"]

_HOST = "127.0.0.1"


def bind_loopback_socket(port: int = 0) -> socket.socket:
    """Bind (not yet listen on) a TCP socket on 127.0.0.1; port 0 picks a free port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((_HOST, port))
    return sock


def refused_port() -> socket.socket:
    """A bound socket that never listens: connections to its port are refused.

    Keep the socket open for as long as the port must stay "down"; nobody else can take it.
    """
    return bind_loopback_socket(0)


class _SignallingServer(uvicorn.Server):
    """A uvicorn server that sets an event once it is listening (or has given up)."""

    def __init__(self, config: uvicorn.Config, ready: threading.Event) -> None:
        super().__init__(config)
        self._ready = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets=sockets)
        finally:
            self._ready.set()


class LoopbackServer:
    """An ASGI app served over real HTTP on 127.0.0.1 until :meth:`stop` (or context exit)."""

    def __init__(self, app: Any, *, port: int = 0, startup_timeout: float = 10.0,
                 log_level: str = "critical") -> None:
        self._app = app
        self._port = port
        self._startup_timeout = startup_timeout
        self._log_level = log_level
        self._socket: socket.socket | None = None
        self._server: _SignallingServer | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._ready = threading.Event()
        self._bound_port = 0

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        if not self._bound_port:
            raise RuntimeError("server not started")
        return self._bound_port

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>`` (no trailing slash)."""
        return f"http://{_HOST}:{self.port}"

    def start(self) -> LoopbackServer:
        """Bind, start serving in a background thread and wait until uvicorn is listening."""
        if self._thread is not None:
            raise RuntimeError("server already started")
        self._socket = bind_loopback_socket(self._port)
        self._bound_port = int(self._socket.getsockname()[1])
        config = uvicorn.Config(
            self._app,
            lifespan="off",
            ws="none",
            log_level=self._log_level,
            access_log=False,
            timeout_graceful_shutdown=1,
        )
        self._server = _SignallingServer(config, self._ready)
        self._thread = threading.Thread(target=self._serve, name=f"loopback-{self.port}",
                                        daemon=True)
        self._thread.start()
        if not self._ready.wait(self._startup_timeout):
            self.stop()
            raise RuntimeError(f"server on port {self.port} did not start in time")
        if self._failure is not None or not self._server.started:
            self.stop()
            raise RuntimeError(f"server on port {self.port} failed to start") from self._failure
        return self

    def stop(self) -> None:
        """Ask uvicorn to exit, wait for the thread and close the socket."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._socket is not None:
            self._socket.close()

    def _serve(self) -> None:
        server = self._server
        sock = self._socket
        if server is None or sock is None:
            return
        try:
            asyncio.run(server.serve(sockets=[sock]))
        except BaseException as error:  # noqa: BLE001 - reported by start()
            self._failure = error
        finally:
            self._ready.set()

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

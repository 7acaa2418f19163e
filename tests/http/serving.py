"""Serve the gateway over real loopback HTTP for tests: in-process (uvicorn in a thread) or as
the ``python -m gateway serve`` subprocess that external harnesses start.

Both bind port 0 themselves, so there is no "find a free port, close it, hope" race: the
subprocess reports the port it got in its start-up log line.
"""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from starlette.types import ASGIApp

__all__ = ["served_app", "GatewayServe", "REPO_ROOT"]

REPO_ROOT = Path(__file__).resolve().parents[2]
_LISTENING = re.compile(r"listening on (http://[^\s/]+)/graphql")


@contextmanager
def served_app(app: ASGIApp, *, timeout: float = 10.0) -> Iterator[str]:
    """Serve ``app`` (lifespan on) on 127.0.0.1 in a thread; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, lifespan="on", log_config=None, access_log=False,
                            timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])),
                              daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    try:
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the in-process server did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


class GatewayServe:
    """``python -m gateway serve ... --port 0`` as a child process, with its output kept."""

    def __init__(self, args: Sequence[str]) -> None:
        self.argv = [sys.executable, "-m", "gateway", "serve", "--port", "0", *args]
        self.lines: list[str] = []
        self.url = ""
        self._process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            self.argv, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, encoding="utf-8",
        )
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        stream = self._process.stdout
        if stream is None:
            return
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        """Everything the process printed so far."""
        return "\n".join(self.lines)

    def wait_until_listening(self, timeout: float = 30.0) -> str:
        """Return the base URL once the process says it is listening (fail if it exits)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines:
                if match := _LISTENING.search(line):
                    self.url = match.group(1)
                    return self.url
            if self._process.poll() is not None:
                self._reader.join(timeout=5)
                raise RuntimeError(
                    f"gateway exited with {self._process.returncode}:\n{self.output}"
                )
            time.sleep(0.05)
        raise RuntimeError(f"gateway not listening after {timeout}s:\n{self.output}")

    def wait(self, timeout: float = 30.0) -> int:
        """Wait for the process to exit by itself; return its exit code."""
        code = self._process.wait(timeout=timeout)
        self._reader.join(timeout=5)
        if self._process.stdout is not None:
            self._process.stdout.close()
        return code

    def stop(self) -> int:
        """SIGTERM (graceful shutdown), then kill if it lingers; return the exit code."""
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
        return self.wait()

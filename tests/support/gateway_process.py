"""Start a gateway (ours or Apollo's reference) as a real process on 127.0.0.1, and stop it.

Ours is started exactly as external harnesses do: ``python -m gateway serve --supergraph FILE
--port N``, ready when ``GET /health`` answers 200. Apollo Gateway is ``node
tools/apollo/gateway.mjs FILE PORT``, ready when it prints ``ready``. Both are killed (process
group) on stop; their output is kept for failure messages.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

from tests.support.loopback import bind_loopback_socket

__all__ = [
    "APOLLO_DIR",
    "REPO_ROOT",
    "GatewayProcess",
    "GatewayStartError",
    "apollo_available",
    "free_port",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The repository root (the working directory of started processes)."""

APOLLO_DIR = REPO_ROOT / "tools" / "apollo"
"""Where the node package with Apollo's libraries lives."""


class GatewayStartError(RuntimeError):
    """The gateway process exited or did not become ready in time; the message has its output."""


def free_port() -> int:
    """A port that was free a moment ago (the child process binds it itself)."""
    with bind_loopback_socket(0) as sock:
        return int(sock.getsockname()[1])


def apollo_available() -> bool:
    """True when ``tools/apollo/node_modules`` is installed and ``node`` is on PATH."""
    from shutil import which

    return which("node") is not None and (APOLLO_DIR / "node_modules" / "@apollo").is_dir()


class GatewayProcess:
    """A gateway child process listening on ``127.0.0.1:<port>``."""

    def __init__(self, argv: Sequence[str], port: int, *, ready_path: str | None = "/health",
                 graphql_path: str = "/graphql", env: Mapping[str, str] | None = None,
                 startup_timeout: float = 30.0) -> None:
        self.argv = list(argv)
        self.port = port
        self.graphql_path = graphql_path
        """Where the GraphQL endpoint is (``/graphql`` for ours, ``/`` for Apollo's)."""
        self._ready_path = ready_path
        self._env = {**os.environ, **(env or {})}
        self._startup_timeout = startup_timeout
        self._output = tempfile.TemporaryFile()
        self._process: subprocess.Popen[bytes] | None = None

    @classmethod
    def helhed(cls, supergraph: Path, *, env: Mapping[str, str] | None = None,
               startup_timeout: float = 30.0) -> GatewayProcess:
        """Our gateway: ``python -m gateway serve --supergraph FILE --port N``."""
        port = free_port()
        argv = [sys.executable, "-m", "gateway", "serve", "--supergraph", str(supergraph),
                "--port", str(port)]
        return cls(argv, port, env=env, startup_timeout=startup_timeout)

    @classmethod
    def apollo(cls, supergraph: Path, *, startup_timeout: float = 60.0) -> GatewayProcess:
        """Apollo Gateway via ``tools/apollo/gateway.mjs`` (reference behaviour)."""
        port = free_port()
        argv = ["node", str(APOLLO_DIR / "gateway.mjs"), str(supergraph), str(port)]
        return cls(argv, port, ready_path=None, graphql_path="/", startup_timeout=startup_timeout)

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def graphql_url(self) -> str:
        """The GraphQL endpoint's URL."""
        return self.url + self.graphql_path

    @property
    def output(self) -> str:
        """Everything the process wrote to stdout and stderr so far."""
        self._output.seek(0)
        return self._output.read().decode("utf-8", "replace")

    def start(self) -> GatewayProcess:
        """Start the process and wait until it is ready; raise :class:`GatewayStartError`."""
        self._process = subprocess.Popen(  # noqa: S603 - argv built above, no shell
            self.argv, cwd=REPO_ROOT, env=self._env, stdout=self._output,
            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + self._startup_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise GatewayStartError(
                    f"{' '.join(self.argv)} exited with {self._process.returncode}:\n"
                    f"{self.output}")
            if self._is_ready():
                return self
            time.sleep(0.05)
        self.stop()
        raise GatewayStartError(
            f"{' '.join(self.argv)} not ready after {self._startup_timeout}s:\n{self.output}")

    def _is_ready(self) -> bool:
        if self._ready_path is None:
            return "ready " in self.output
        try:
            with urllib.request.urlopen(self.url + self._ready_path, timeout=1) as response:  # noqa: S310
                return int(response.status) == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def stop(self) -> None:
        """Terminate the process group (then kill it if it lingers)."""
        process = self._process
        if process is None:
            return
        self._process = None
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
            except ProcessLookupError:
                pass

    def close(self) -> None:
        """Stop the process and release the captured output."""
        self.stop()
        self._output.close()

    def __enter__(self) -> GatewayProcess:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

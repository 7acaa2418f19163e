"""Child servers on 127.0.0.1: started in their own process group, always stopped.

Every :class:`Service` registers with the module's registry when it starts; :func:`stop_all`
(run at exit and on SIGTERM/SIGHUP via :func:`install_cleanup`) stops whatever is still
running, so an error or Ctrl-C never leaves a gateway behind.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from types import FrameType, TracebackType

from bench.harness.settings import REPO_ROOT

__all__ = ["Service", "ServiceError", "free_port", "install_cleanup", "stop_all"]

_RUNNING: list[Service] = []


class ServiceError(RuntimeError):
    """A service exited or did not become ready; the message ends with its output."""


def free_port() -> int:
    """A loopback port that was free a moment ago (the child binds it itself)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Service:
    """One child process serving HTTP on ``127.0.0.1:<port>``.

    Ready when ``GET <ready_path>`` answers 200, or, with ``ready_marker``, when that text
    appears in its output.
    """

    def __init__(self, name: str, argv: Sequence[str], port: int, *,
                 ready_path: str | None = "/health", ready_marker: str | None = None,
                 env: Mapping[str, str] | None = None, cwd: str | None = None) -> None:
        self.name = name
        self.argv = list(argv)
        self.port = port
        self._ready_path = ready_path
        self._ready_marker = ready_marker
        self._env = {**os.environ, **(env or {})}
        self._cwd = cwd or str(REPO_ROOT)
        self._output = tempfile.TemporaryFile()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        """The process id of the started command (the root of its process tree)."""
        if self._process is None:
            raise ServiceError(f"{self.name} is not running")
        return self._process.pid

    def output(self, tail: int = 4000) -> str:
        """The last ``tail`` characters the process wrote to stdout and stderr."""
        self._output.seek(0)
        return self._output.read().decode("utf-8", "replace")[-tail:]

    def start(self, timeout: float = 60.0) -> Service:
        """Start and wait until ready; raise :class:`ServiceError` (after stopping it)."""
        self._process = subprocess.Popen(  # noqa: S603 - argv built by the harness
            self.argv, cwd=self._cwd, env=self._env, stdout=self._output,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        _RUNNING.append(self)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                code = self._process.returncode
                self.stop()
                raise ServiceError(f"{self.name} exited with {code}:\n{self.output()}")
            if self._is_ready():
                return self
            time.sleep(0.1)
        self.stop()
        raise ServiceError(f"{self.name} not ready after {timeout:.0f}s:\n{self.output()}")

    def _is_ready(self) -> bool:
        if self._ready_marker is not None:
            return self._ready_marker in self.output(tail=100_000)
        try:
            with urllib.request.urlopen(self.url + (self._ready_path or "/"),  # noqa: S310
                                        timeout=2) as response:
                return int(response.status) == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def alive(self) -> bool:
        """True while the process runs."""
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        """SIGTERM the process group, SIGKILL it if it lingers."""
        process, self._process = self._process, None
        if self in _RUNNING:
            _RUNNING.remove(self)
        if process is None:
            return
        for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # The group may outlive its leader (forked workers): make sure it is gone.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    def __enter__(self) -> Service:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
        self._output.close()


def stop_all() -> None:
    """Stop every service still running (latest first)."""
    for service in reversed(list(_RUNNING)):
        service.stop()


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    stop_all()
    raise SystemExit(128 + signum)


def install_cleanup() -> None:
    """Stop all services at interpreter exit and on SIGINT (Ctrl-C), SIGTERM and SIGHUP.

    SIGINT is handled explicitly: a process started in the background by a script inherits
    it ignored, and Python would then never raise KeyboardInterrupt.
    """
    atexit.register(stop_all)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)

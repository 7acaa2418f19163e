"""Fault injection and a request log for a mock system (pure ASGI middleware).

Every request outside ``/_admin`` is recorded (method, path, how many keys a batch asked
for; never the keys themselves, which may be CPR numbers) and then, if a fault is armed,
delayed, failed with 503, answered with a body that is not JSON, or *lost*: handled as usual
(a write is applied) but answered with 503, as when a reply goes missing on the way back.
A fault may be limited to some methods and a path prefix (e.g. only ``POST`` under
``/dfdg/v1/minplan``: the write attempts); ``count`` makes it apply to that many matching
requests and then disarm itself.
"""

from __future__ import annotations

import asyncio
import enum
from dataclasses import dataclass, field, replace
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["FaultConfig", "FaultMiddleware", "FaultMode", "MockState", "RecordedCall"]

_ADMIN = "/_admin"
_GARBAGE = b'{"sager": [{"id": <<<garbage from a broken system>>>'
_UNAVAILABLE = b'{"fejl": "Systemet er midlertidigt utilgaengeligt"}'


class FaultMode(enum.StrEnum):
    """How a mock misbehaves."""

    OK = "ok"
    SLOW = "slow"
    FAIL = "fail"
    GARBAGE = "garbage"
    LOST = "lost"


@dataclass(frozen=True, slots=True)
class FaultConfig:
    """An armed fault: mode, delay in seconds (``slow``), how many requests it hits, which."""

    mode: FaultMode = FaultMode.OK
    delay: float = 0.0
    count: int | None = None
    """``None`` = until changed."""
    methods: frozenset[str] = frozenset()
    """HTTP methods the fault applies to (empty: every method)."""
    path: str = ""
    """Path prefix the fault applies to (empty: every path outside ``/_admin``)."""

    @classmethod
    def from_json(cls, body: Any) -> FaultConfig:
        """Parse ``{"mode", "delay", "count", "methods", "path"}`` (raises ``ValueError``)."""
        if not isinstance(body, dict):
            raise ValueError("body must be a JSON object")
        mode = FaultMode(str(body.get("mode", "ok")))
        delay = float(body.get("delay", 1.0 if mode is FaultMode.SLOW else 0.0))
        count = body.get("count")
        if count is not None and (not isinstance(count, int) or count < 0):
            raise ValueError("count must be a non-negative integer")
        if delay < 0:
            raise ValueError("delay must be >= 0")
        methods = body.get("methods", [])
        if not isinstance(methods, list) or not all(isinstance(m, str) for m in methods):
            raise ValueError("methods must be a list of strings")
        path = body.get("path", "")
        if not isinstance(path, str):
            raise ValueError("path must be a string")
        return cls(mode=mode, delay=delay, count=count,
                   methods=frozenset(m.upper() for m in methods), path=path)

    def as_json(self) -> dict[str, Any]:
        """The wire form of this configuration."""
        return {"mode": self.mode.value, "delay": self.delay, "count": self.count,
                "methods": sorted(self.methods), "path": self.path}

    def matches(self, method: str, path: str) -> bool:
        """True when a request with this method and path is one the fault applies to."""
        return ((not self.methods or method.upper() in self.methods)
                and path.startswith(self.path))


_NO_FAULT = FaultConfig()


@dataclass(frozen=True, slots=True)
class RecordedCall:
    """One request a mock received (no personal data)."""

    method: str
    path: str
    keys: int = 0
    """How many CPR numbers or ids a batch lookup asked for (0 for plain GETs)."""


@dataclass(slots=True)
class MockState:
    """Mutable per-app state: the armed fault and the request log."""

    fault: FaultConfig = field(default_factory=FaultConfig)
    calls: list[RecordedCall] = field(default_factory=list)

    def take_fault(self, method: str = "GET", path: str = "/") -> FaultConfig:
        """The fault for a request with this method and path, counting it down."""
        fault = self.fault
        if fault.mode is FaultMode.OK or not fault.matches(method, path):
            return _NO_FAULT
        if fault.count is not None:
            remaining = fault.count - 1
            self.fault = FaultConfig() if remaining <= 0 else replace(fault, count=remaining)
            if fault.count <= 0:
                return _NO_FAULT
        return fault

    def record(self, call: RecordedCall) -> None:
        """Append to the request log."""
        self.calls.append(call)


class FaultMiddleware:
    """Pure ASGI middleware applying :class:`MockState`'s fault to non-admin requests."""

    def __init__(self, app: ASGIApp, state: MockState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope["path"]).startswith(_ADMIN):
            await self.app(scope, receive, send)
            return
        fault = self.state.take_fault(str(scope["method"]), str(scope["path"]))
        if fault.mode is FaultMode.SLOW:
            await asyncio.sleep(fault.delay)
        elif fault.mode is FaultMode.FAIL:
            await _send(send, 503, _UNAVAILABLE)
            return
        elif fault.mode is FaultMode.GARBAGE:
            await _send(send, 200, _GARBAGE)
            return
        elif fault.mode is FaultMode.LOST:
            await self.app(scope, receive, _swallow)
            await _send(send, 503, _UNAVAILABLE)
            return
        await self.app(scope, receive, send)


async def _swallow(_message: Message) -> None:
    """Drop the real answer of a request whose reply is ``lost``."""


async def _send(send: Send, status: int, body: bytes) -> None:
    start: Message = {"type": "http.response.start", "status": status,
                      "headers": [(b"content-type", b"application/json"),
                                  (b"content-length", str(len(body)).encode())]}
    await send(start)
    await send({"type": "http.response.body", "body": body})

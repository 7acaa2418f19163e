"""Fault injection and a request log for a mock system (pure ASGI middleware).

Every request outside ``/_admin`` is recorded (method, path, how many keys a batch asked
for; never the keys themselves, which may be CPR numbers) and then, if a fault is armed,
delayed, failed with 503, or answered with a body that is not JSON. A fault with ``count``
applies to that many requests and then disarms itself.
"""

from __future__ import annotations

import asyncio
import enum
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["FaultConfig", "FaultMiddleware", "FaultMode", "MockState", "RecordedCall"]

_ADMIN = "/_admin"
_GARBAGE = b'{"sager": [{"id": <<<garbage from a broken system>>>'


class FaultMode(enum.StrEnum):
    """How a mock misbehaves."""

    OK = "ok"
    SLOW = "slow"
    FAIL = "fail"
    GARBAGE = "garbage"


@dataclass(frozen=True, slots=True)
class FaultConfig:
    """An armed fault: mode, delay in seconds (``slow``), and how many requests it hits."""

    mode: FaultMode = FaultMode.OK
    delay: float = 0.0
    count: int | None = None
    """``None`` = until changed."""

    @classmethod
    def from_json(cls, body: Any) -> FaultConfig:
        """Parse ``{"mode": ..., "delay": s, "count": n}`` (raises ``ValueError``)."""
        if not isinstance(body, dict):
            raise ValueError("body must be a JSON object")
        mode = FaultMode(str(body.get("mode", "ok")))
        delay = float(body.get("delay", 1.0 if mode is FaultMode.SLOW else 0.0))
        count = body.get("count")
        if count is not None and (not isinstance(count, int) or count < 0):
            raise ValueError("count must be a non-negative integer")
        if delay < 0:
            raise ValueError("delay must be >= 0")
        return cls(mode=mode, delay=delay, count=count)

    def as_json(self) -> dict[str, Any]:
        """The wire form of this configuration."""
        return {"mode": self.mode.value, "delay": self.delay, "count": self.count}


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

    def take_fault(self) -> FaultConfig:
        """The fault for the next request, counting it down."""
        fault = self.fault
        if fault.mode is FaultMode.OK:
            return fault
        if fault.count is not None:
            remaining = fault.count - 1
            self.fault = FaultConfig() if remaining <= 0 else FaultConfig(
                fault.mode, fault.delay, remaining)
            if fault.count <= 0:
                return FaultConfig()
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
        fault = self.state.take_fault()
        if fault.mode is FaultMode.SLOW:
            await asyncio.sleep(fault.delay)
        elif fault.mode is FaultMode.FAIL:
            await _send(send, 503, b'{"fejl": "Systemet er midlertidigt utilgaengeligt"}')
            return
        elif fault.mode is FaultMode.GARBAGE:
            await _send(send, 200, _GARBAGE)
            return
        await self.app(scope, receive, send)


async def _send(send: Send, status: int, body: bytes) -> None:
    start: Message = {"type": "http.response.start", "status": status,
                      "headers": [(b"content-type", b"application/json"),
                                  (b"content-length", str(len(body)).encode())]}
    await send(start)
    await send({"type": "http.response.body", "body": body})

"""Plumbing shared by the mock sector systems: fault injection, request log, JSON, serving."""

from __future__ import annotations

from mocks.common.faults import FaultConfig, FaultMiddleware, FaultMode, MockState, RecordedCall
from mocks.common.serve import RunningServer, serve_app

__all__ = [
    "FaultConfig",
    "FaultMiddleware",
    "FaultMode",
    "MockState",
    "RecordedCall",
    "RunningServer",
    "serve_app",
]

"""Helpers for the mock tests: serve a mock app on loopback and talk to it with aiohttp."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from starlette.applications import Starlette

from mocks.common.serve import serve_app

__all__ = ["MockHttp", "running"]


class MockHttp:
    """A running mock plus an aiohttp session aimed at it."""

    def __init__(self, url: str, session: aiohttp.ClientSession, app: Starlette) -> None:
        self.url = url
        self.session = session
        self.app = app

    async def post(self, path: str, body: Any, **headers: str) -> tuple[int, Any]:
        async with self.session.post(self.url + path, json=body, headers=headers) as response:
            return response.status, await response.json(content_type=None)

    async def get(self, path: str, **headers: str) -> tuple[int, bytes, str]:
        async with self.session.get(self.url + path, headers=headers) as response:
            return response.status, await response.read(), response.content_type


@contextlib.asynccontextmanager
async def running(app: Starlette) -> AsyncIterator[MockHttp]:
    """Serve ``app`` on a free loopback port for the duration of the block."""
    async with serve_app(app) as server, aiohttp.ClientSession() as session:
        yield MockHttp(server.url, session, app)

"""Fixtures for the subgraph tests: the real mocks and subgraphs running on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from mocks.stack import RunningStack, run_stack

SUBGRAPH_TIMEOUT = 1.0
"""Seconds a subgraph waits for its mock in these tests (slow-mode tests exceed it)."""


@pytest.fixture
async def stack() -> AsyncIterator[RunningStack]:
    """Five mocks and five subgraphs over a 1,000-citizen population."""
    async with run_stack(timeout=SUBGRAPH_TIMEOUT) as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A client session for the test's requests."""
    async with aiohttp.ClientSession() as session:
        yield session

"""``python -m subgraphs.hoi.index sync|status`` as a real process against the running mocks."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from mocks.common.faults import FaultConfig, FaultMode, MockState
from mocks.population import Population
from tests.subgraphs.maalgruppe.support import Mocks, serve_mocks
from tests.support.databases import sqlite_url

pytestmark = pytest.mark.e2e


async def _run(*args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "subgraphs.hoi.index", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    return await process.wait(), output.decode()


def _sync_args(url: str, running: Mocks) -> list[str]:
    args = ["sync", "--database-url", url, "--mock-url", running.urls["cpr"]]
    for name, base in running.sector_urls.items():
        args += [f"--{name}-url", base]
    return args


async def test_sync_then_status_then_a_failing_source(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path, "cli.db")
    async with serve_mocks(Population(size=200)) as running:
        code, output = await _run(*_sync_args(url, running))
        assert code == 0, output
        assert sum(line.endswith("done") for line in output.splitlines()) == 4
        code, status = await _run("status", "--database-url", url)
        assert code == 0 and "passes 1" in status and " borgere, " in status
        social: MockState = running.apps["social"].state.mock
        social.fault = FaultConfig(FaultMode.FAIL)
        code, output = await _run(*_sync_args(url, running), "--full")
    assert code == 1
    failed = [line for line in output.splitlines() if line.startswith("social")]
    assert len(failed) == 1 and "stopped" in failed[0] and "HTTP 503" in failed[0]

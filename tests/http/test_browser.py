"""A real headless Chromium renders GraphiQL from the served gateway with the vendored JS.

Needs Debian's chromium: ``apt-get update && apt-get install -y chromium``. Without it the
test fails (it does not skip): GraphiQL is part of what the gateway ships.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.http.serving import GatewayServe

pytestmark = pytest.mark.browser

INSTALL_HINT = "apt-get update && apt-get install -y chromium"


@pytest.fixture
def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    pytest.fail(f"chromium is not installed; install it with: {INSTALL_HINT}")


@pytest.fixture
def gateway(bench_supergraph: Path) -> Iterator[GatewayServe]:
    process = GatewayServe(["--supergraph", str(bench_supergraph)])
    try:
        process.wait_until_listening()
        yield process
    finally:
        process.stop()


def dump_dom(chromium: str, url: str, profile: Path) -> str:
    """Load ``url`` headless, let scripts run for 10 s of virtual time, return the DOM."""
    argv = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={profile}", "--virtual-time-budget=10000",
        "--dump-dom", url,
    ]
    done = subprocess.run(  # noqa: S603 - fixed argv, no shell
        argv, capture_output=True, text=True, timeout=120, check=False
    )
    if done.returncode != 0:
        pytest.fail(f"chromium exited with {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout


def test_graphiql_renders_in_a_real_browser(
    chromium: str, gateway: GatewayServe, tmp_path: Path
) -> None:
    dom = dump_dom(chromium, gateway.url + "/graphql", tmp_path / "profile")
    assert 'class="graphiql-container"' in dom, dom[:2000]
    assert 'aria-label="Headers"' in dom  # where an Authorization header goes
    log = gateway.output
    assert "GET /graphiql/static/graphiql/graphiql.min.js 200" in log
    # GraphiQL introspected the schema through the endpoint it was pointed at.
    assert "POST /graphql 200" in log

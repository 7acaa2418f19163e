"""``helhed demo`` and ``helhed token`` as a user runs them: real processes on loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from mocks.population import DEMO_CITIZEN
from tests.support.gateway_process import REPO_ROOT, free_port

pytestmark = pytest.mark.e2e

_QUERY = ('query($cpr: CPR!) { borger(cpr: $cpr) { sager { sektor kle '
          'indsatser { titel status } } } }')


def _wait_for_banner(proc: subprocess.Popen[str], timeout: float = 60.0) -> str:
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line and proc.poll() is not None:
            break
        seen.append(line)
        if line.startswith("Ctrl-C stops everything"):
            return "".join(seen)
    raise AssertionError("helhed demo did not come up:\n" + "".join(seen))


def _token(helhed: list[str], persona: str, idp_port: int) -> str:
    token = subprocess.run([*helhed, "token", persona, "--idp-url",
                            f"http://127.0.0.1:{idp_port}"], cwd=REPO_ROOT, text=True,
                           capture_output=True, check=True, timeout=30)
    value = token.stdout.strip()  # the token alone on stdout: TOKEN=$(helhed token ...)
    assert "\n" not in value and value.count(".") == 2 and value.startswith("eyJ")
    assert "Authorization" in token.stderr
    return value


def _ask(url: str, token: str | None) -> tuple[int, dict[str, Any]]:
    body = json.dumps({"query": _QUERY, "variables": {"cpr": DEMO_CITIZEN.cpr}}).encode()
    headers = {"content-type": "application/json"}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_demo_serves_all_sectors_and_token_prints_a_jwt(tmp_path: Path) -> None:
    port, idp_port = free_port(), free_port()
    helhed = [sys.executable, "-c", "from helhed.cli import main; main()"]
    proc = subprocess.Popen([*helhed, "demo", "--port", str(port), "--idp-port", str(idp_port),
                             "--state-dir", str(tmp_path)], cwd=REPO_ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        banner = _wait_for_banner(proc)
        assert f"http://127.0.0.1:{port}/graphql" in banner
        assert DEMO_CITIZEN.cpr in banner
        url = f"http://127.0.0.1:{port}/graphql"
        assert _ask(url, None)[0] == 401  # authorization is on in the demo
        citizen = _ask(url, _token(helhed, "borger", idp_port))[1]
        assert "errors" not in citizen, citizen.get("errors")
        sager = citizen["data"]["borger"]["sager"]
        assert {s["sektor"] for s in sager} == {"BESKAEFTIGELSE", "SOCIAL", "UDDANNELSE", "SUNDHED"}
        assert all(s["kle"] and s["indsatser"] is not None for s in sager)
        worker = _ask(url, _token(helhed, "jobcenter", idp_port))[1]
        assert {s["sektor"] for s in worker["data"]["borger"]["sager"]} == {"BESKAEFTIGELSE"}
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()

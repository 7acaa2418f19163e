"""The tree stays clean under ruff, with the rule set in pyproject.toml's ``[tool.ruff.lint]``."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_check_finds_nothing() -> None:
    # ruff is a test dependency (pyproject's "test" extra): missing, it fails rather than skips.
    assert importlib.util.find_spec("ruff") is not None, (
        "ruff is not installed; install the test extra: pip install -e '.[test]'")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, f"ruff check found problems:\n{result.stdout}{result.stderr}"

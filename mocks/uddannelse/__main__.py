"""``python -m mocks.uddannelse --port N``."""

from __future__ import annotations

from mocks.common.cli import run_mock_cli
from mocks.uddannelse.app import create_app

if __name__ == "__main__":
    run_mock_cli("uddannelse", create_app)

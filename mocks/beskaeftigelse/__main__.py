"""``python -m mocks.beskaeftigelse --port N``."""

from __future__ import annotations

from mocks.beskaeftigelse.app import create_app
from mocks.common.cli import run_mock_cli

if __name__ == "__main__":
    run_mock_cli("beskaeftigelse", create_app)

"""``python -m subgraphs.beskaeftigelse --port N --mock-url URL --person-url URL``."""

from __future__ import annotations

from subgraphs.beskaeftigelse.app import create_app
from subgraphs.common.sector import run_sector_cli

if __name__ == "__main__":
    run_sector_cli("beskaeftigelse", create_app)

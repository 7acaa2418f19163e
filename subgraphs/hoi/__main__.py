"""``python -m subgraphs.hoi --port N --mock-url PERSON_URL --beskaeftigelse-url URL ...``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import uvicorn

from subgraphs.common.app import SubgraphSettings
from subgraphs.hoi.app import create_app
from subgraphs.hoi.client import SECTOR_NAMES


def main(argv: Sequence[str] | None = None) -> None:
    """Parse options and serve the hoi subgraph until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m subgraphs.hoi")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--mock-url", required=True, help="the person register's base URL")
    for name in SECTOR_NAMES:
        parser.add_argument(f"--{name}-url", required=True, help=f"the {name} system's URL")
    parser.add_argument("--timeout", type=float, default=5.0)
    args = parser.parse_args(argv)
    urls = {name: getattr(args, f"{name}_url") for name in SECTOR_NAMES}
    app = create_app(mock_url=args.mock_url, sector_urls=urls,
                     settings=SubgraphSettings(name="hoi", timeout=args.timeout))
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()

"""``python -m subgraphs.hoi.writeback once|run --database-url URL --mock-url PERSON_URL
--beskaeftigelse-url DFDG_URL``: deliver queued HOI plan items to Min Plan.

``once`` runs one round over what is due now and prints what it did as JSON; ``run`` runs a
round every ``--interval`` seconds until interrupted. Safe next to the hoi subgraph's own
background worker and other runs (each attempt is claimed by one worker only).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sys
from collections.abc import Sequence

import aiohttp

from authz.store import StoreUnavailable
from subgraphs.hoi import plan_state as state
from subgraphs.hoi.writeback.setup import minplan_worker
from subgraphs.hoi.writeback.worker import WritebackSettings

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.hoi.writeback")
    parser.add_argument("command", choices=["once", "run"])
    parser.add_argument("--database-url", required=True, help="the HOI state's database")
    parser.add_argument("--mock-url", required=True, help="the person register's base URL")
    parser.add_argument("--beskaeftigelse-url", required=True,
                        help="the DFDG / Min Plan system's base URL")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between rounds")
    parser.add_argument("--batch", type=int, default=100, help="most jobs per round")
    parser.add_argument("--first-delay", type=float, default=5.0,
                        help="seconds before the second attempt (doubled after each failure)")
    parser.add_argument("--max-delay", type=float, default=600.0)
    parser.add_argument("--max-attempts", type=int, default=12)
    parser.add_argument("--lease", type=float, default=120.0,
                        help="seconds before an unfinished attempt may be tried again")
    parser.add_argument("--timeout", type=float, default=10.0, help="HTTP timeout, seconds")
    return parser


async def _main(args: argparse.Namespace) -> int:
    settings = WritebackSettings(interval=args.interval, batch=args.batch, retry=state.RetryPolicy(
        first_delay=args.first_delay, max_delay=args.max_delay,
        max_attempts=args.max_attempts, lease=args.lease))
    timeout = aiohttp.ClientTimeout(total=args.timeout)
    async with await state.HoiStore.open(args.database_url) as store, \
            aiohttp.ClientSession(timeout=timeout) as session:
        worker = minplan_worker(store, session, person_url=args.mock_url,
                                beskaeftigelse_url=args.beskaeftigelse_url, settings=settings)
        if args.command == "run":
            await worker.run_forever()
        result = await worker.run_once()
        print(json.dumps({"gennemfoert": result.gennemfoert, "fejlet": result.fejlet,
                          "opgivet": result.opgivet, "skipped": result.skipped}))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse options and run; exit status 1 when the database cannot be used."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        with contextlib.suppress(KeyboardInterrupt):
            return asyncio.run(_main(args))
    except (StoreUnavailable, ValueError) as error:
        print(f"write-back: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

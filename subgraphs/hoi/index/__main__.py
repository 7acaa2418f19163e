"""``python -m subgraphs.hoi.index sync|status --database-url URL ...``: run or inspect the sync.

``sync`` brings the index up to date from the change feeds once (the first run is the full
initial sync), ``--follow`` keeps syncing every ``--interval`` seconds, ``--full`` starts
every source over. It exits 1 when a source could not be read to its end (the next run
resumes where it stopped). ``status`` prints each source's cursor and the table sizes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path

import aiohttp
from sqlalchemy import func, select

from subgraphs.hoi.client import SECTOR_NAMES
from subgraphs.hoi.index.criteria import load_preset
from subgraphs.hoi.index.database import open_index_database
from subgraphs.hoi.index.sync import MAX_PAGE_SIZE, IndexSync, SourceResult
from subgraphs.hoi.index.tables import borger, kilde, objekt


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.hoi.index")
    parser.add_argument("command", choices=("sync", "status"))
    parser.add_argument("--database-url", required=True,
                        help="the shared database: sqlite:///PATH or postgresql://...")
    parser.add_argument("--mock-url", help="the person register's base URL (sync)")
    for name in SECTOR_NAMES:
        parser.add_argument(f"--{name}-url", help=f"the {name} system's base URL (sync)")
    parser.add_argument("--full", action="store_true", help="start every source over")
    parser.add_argument("--follow", action="store_true", help="keep syncing")
    parser.add_argument("--interval", type=float, default=60.0,
                        help="seconds between syncs with --follow (default %(default)s)")
    parser.add_argument("--page-size", type=int, default=MAX_PAGE_SIZE)
    parser.add_argument("--maalgruppe-kriterier", type=Path, default=None,
                        help="the skal-målgruppe criteria whose membership history the sync "
                             "keeps (default: the file shipped with the code)")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds a source-system call may take")
    return parser


def _line(result: SourceResult) -> str:
    state = "done" if result.fuldfoert else f"stopped: {result.fejl or 'page limit'}"
    return (f"{result.kilde:15} {result.sider:5} pages {result.borgere:7} borgere "
            f"{result.raekker:8} rows  {state}")


async def _sync(args: argparse.Namespace) -> int:
    urls = {name: getattr(args, f"{name}_url") for name in SECTOR_NAMES
            if getattr(args, f"{name}_url")}
    if args.mock_url is None or not urls:
        print("sync needs --mock-url and at least one --<sector>-url", file=sys.stderr)
        return 2
    database = await open_index_database(args.database_url)
    timeout = aiohttp.ClientTimeout(total=args.timeout)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session:
            sync = IndexSync(database, session, person_url=args.mock_url, sector_urls=urls,
                             page_size=args.page_size,
                             preset=load_preset(args.maalgruppe_kriterier))
            if args.full:
                await sync.reset()
            while True:
                results = await sync.sync()
                for result in results:
                    print(_line(result), flush=True)
                if sync.vurdering is not None:
                    v = sync.vurdering
                    print(f"målgruppe: {v.borgere} borgere evaluated, {v.ind} entered, "
                          f"{v.ud} left", flush=True)
                if not args.follow:
                    return 0 if all(r.fuldfoert for r in results) else 1
                await asyncio.sleep(args.interval)
    finally:
        await database.close()


async def _status(args: argparse.Namespace) -> int:
    database = await open_index_database(args.database_url)
    try:
        async with database.read() as connection:
            for row in await connection.execute(select(kilde).order_by(kilde.c.kilde)):
                print(f"{row.kilde:15} passes {row.gennemloeb}  since {row.siden}  "
                      f"at {row.efter}  last complete {row.sidst_fuldfoert}")
            citizens = (await connection.execute(select(func.count()).select_from(borger)))
            rows = (await connection.execute(select(func.count()).select_from(objekt)))
            print(f"{citizens.scalar_one()} borgere, {rows.scalar_one()} metadata rows")
    finally:
        await database.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; the exit code."""
    args = _parser().parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(_sync(args) if args.command == "sync" else _status(args))
    return 130


if __name__ == "__main__":
    sys.exit(main())

"""``python -m subgraphs.hoi.report --fra 2026-01-01 --til 2026-12-31 --format csv
--kommune-cvr 11111111 [--database-url URL] [--noegle-fil PATH] [--output FILE]
[--maalgruppe-kriterier PATH | --uden-maalgruppe]``.

Writes the dataset to stdout (or ``--output``). The pseudonymisation key comes from
``--noegle-fil`` or ``HELHED_HOI_PSEUDONYM_KEY``; without one the command refuses (exit 2).
The "found in the target group" figure comes from the målgruppe index's membership history
in the same database (for the configured skal-målgruppe criteria); ``--uden-maalgruppe``
leaves it out (``maalgruppe_kilde: null``), as does a database where the index has never
evaluated these criteria.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from authz.store import DEFAULT_DATABASE_URL, StoreUnavailable
from subgraphs.hoi import plan_state as state
from subgraphs.hoi.index.criteria import load_preset
from subgraphs.hoi.index.database import open_index_database
from subgraphs.hoi.index.kilde import IndexMaalgruppe
from subgraphs.hoi.report.build import indberetning
from subgraphs.hoi.report.pseudonym import KEY_ENV, Pseudonymiser, load_key
from subgraphs.hoi.report.render import Format

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.hoi.report",
                                     description="HOI indberetning for a period")
    parser.add_argument("--fra", type=date.fromisoformat, required=True, help="first day")
    parser.add_argument("--til", type=date.fromisoformat, required=True, help="last day")
    parser.add_argument("--format", choices=[f.value for f in Format], default="csv")
    parser.add_argument("--kommune-cvr", required=True, help="the municipality's CVR")
    parser.add_argument("--database-url", default=os.environ.get("GATEWAY_DATABASE_URL",
                                                                 DEFAULT_DATABASE_URL))
    parser.add_argument("--noegle-fil", help=f"the pseudonymisation key file (else {KEY_ENV})")
    parser.add_argument("--output", help="write here instead of stdout")
    parser.add_argument("--maalgruppe-kriterier", type=Path, default=None,
                        help="the skal-målgruppe criteria (default: the shipped file)")
    parser.add_argument("--uden-maalgruppe", action="store_true",
                        help="leave out the found-in-the-target-group figure")
    return parser


async def _run(args: argparse.Namespace, pseudonym: Pseudonymiser) -> bytes:
    preset = None if args.uden_maalgruppe else load_preset(args.maalgruppe_kriterier)
    async with contextlib.AsyncExitStack() as stack:
        store = await stack.enter_async_context(await state.HoiStore.open(args.database_url))
        kilde = None
        if preset is not None:
            database = await open_index_database(args.database_url)
            stack.push_async_callback(database.close)
            kilde = IndexMaalgruppe(database, preset)
            if not await kilde.har_historik():
                print("indberetning: the målgruppe index has no history of these criteria; "
                      "the figure is left out", file=sys.stderr)
                kilde = None
        _, data = await indberetning(store, args.kommune_cvr, args.fra, args.til,
                                     pseudonym=pseudonym, now=datetime.now(UTC),
                                     maalgruppe=kilde, form=Format(args.format))
    return data


def main(argv: Sequence[str] | None = None) -> int:
    """Run; exit 0, 1 (the database failed) or 2 (bad options or no key)."""
    args = _parser().parse_args(argv)
    try:
        key = load_key(args.noegle_fil)
    except OSError:
        print("indberetning: the key file cannot be read", file=sys.stderr)
        return 2
    if key is None:
        print(f"indberetning: no pseudonymisation key (--noegle-fil or {KEY_ENV})",
              file=sys.stderr)
        return 2
    try:
        data = asyncio.run(_run(args, Pseudonymiser(key)))
    except ValueError as error:
        print(f"indberetning: {error}", file=sys.stderr)
        return 2
    except StoreUnavailable as error:
        print(f"indberetning: {error}", file=sys.stderr)
        return 1
    if args.output:
        with open(args.output, "wb") as out:
            out.write(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m subgraphs.hoi --port N --mock-url PERSON_URL --beskaeftigelse-url URL ...``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from subgraphs.common.app import SubgraphSettings
from subgraphs.common.identity import IdentityConfig
from subgraphs.hoi.app import create_app
from subgraphs.hoi.client import SECTOR_NAMES
from subgraphs.hoi.index.runtime import IndexSettings
from subgraphs.hoi.plan_state import PLACEHOLDER_HOI_KLE, HoiSettings
from subgraphs.hoi.report.settings import ReportSettings
from subgraphs.hoi.writeback import WritebackSettings


def _index(args: argparse.Namespace) -> IndexSettings | None:
    if args.database_url is None:
        return None
    return IndexSettings(database_url=args.database_url, sync_interval=args.index_interval,
                         preset_path=args.maalgruppe_kriterier)


def main(argv: Sequence[str] | None = None) -> None:
    """Parse options and serve the hoi subgraph until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m subgraphs.hoi")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--mock-url", required=True, help="the person register's base URL")
    for name in SECTOR_NAMES:
        parser.add_argument(f"--{name}-url", required=True, help=f"the {name} system's URL")
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--database-url", help="the shared database holding samtykker "
                                               "(sqlite:///PATH or postgresql://...): enables "
                                               "the HOI sag and plan and the målgruppe search")
    parser.add_argument("--index-interval", type=float, default=None,
                        help="seconds between background syncs of the målgruppe index "
                             "(default: no background sync)")
    parser.add_argument("--maalgruppe-kriterier", type=Path, default=None,
                        help="TOML file with the HOI skal-målgruppe (default: the shipped one)")
    parser.add_argument("--issuer", help="the identity provider's issuer URL")
    parser.add_argument("--audience", default="helhed-gateway", help="the expected token aud")
    parser.add_argument("--jwks-url", help="the identity provider's JWKS URL "
                                           "(default: ISSUER/jwks)")
    parser.add_argument("--hoi-kle", default=PLACEHOLDER_HOI_KLE,
                        help="the KLE number of HOI objects (default: a placeholder)")
    parser.add_argument("--writeback-interval", type=float, default=5.0,
                        help="seconds between write-back rounds to Min Plan (0: none here)")
    parser.add_argument("--pseudonym-key-file",
                        help="the HOI report's pseudonymisation key (default: the "
                             "HELHED_HOI_PSEUDONYM_KEY variable; without one no report)")
    args = parser.parse_args(argv)
    urls = {name: getattr(args, f"{name}_url") for name in SECTOR_NAMES}
    identity = None if args.issuer is None else IdentityConfig(
        issuer=args.issuer, audience=args.audience,
        jwks_url=args.jwks_url or f"{args.issuer.rstrip('/')}/jwks")
    app = create_app(mock_url=args.mock_url, sector_urls=urls,
                     settings=SubgraphSettings(name="hoi", timeout=args.timeout),
                     database_url=args.database_url, identity=identity,
                     hoi_settings=HoiSettings(kle=args.hoi_kle), index=_index(args),
                     writeback=WritebackSettings(interval=args.writeback_interval),
                     report=ReportSettings.from_environment(args.pseudonym_key_file))
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()

"""``python -m subgraphs.adgang --port N --person-url URL --issuer URL --audience A ...``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import uvicorn

from authz.store import DEFAULT_DATABASE_URL
from subgraphs.adgang.app import IdentityConfig, create_app
from subgraphs.common.app import SubgraphSettings


def main(argv: Sequence[str] | None = None) -> None:
    """Parse options and serve the adgang subgraph until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m subgraphs.adgang")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--person-url", required=True, help="the person register's base URL")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL,
                        help="sqlite:///PATH (default %(default)s) or postgresql://...")
    parser.add_argument("--issuer", help="the identity provider's issuer URL")
    parser.add_argument("--audience", default="helhed-gateway", help="the expected token aud")
    parser.add_argument("--jwks-url", help="the identity provider's JWKS URL "
                                           "(default: ISSUER/jwks)")
    parser.add_argument("--timeout", type=float, default=5.0)
    args = parser.parse_args(argv)
    identity = None if args.issuer is None else IdentityConfig(
        issuer=args.issuer, audience=args.audience,
        jwks_url=args.jwks_url or f"{args.issuer.rstrip('/')}/jwks")
    app = create_app(person_url=args.person_url, database_url=args.database_url,
                     identity=identity,
                     settings=SubgraphSettings(name="adgang", timeout=args.timeout))
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()

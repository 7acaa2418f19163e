"""Command line for one mock system: ``python -m mocks.<system> --port N [--size ...]``."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

import uvicorn
from starlette.applications import Starlette

from mocks.common.faults import FaultConfig, FaultMode
from mocks.population import DEFAULT_SEED, DEFAULT_SIZE, Population

__all__ = ["run_mock_cli"]


def run_mock_cli(name: str, create_app: Callable[[Population, FaultConfig | None], Starlette],
                 argv: Sequence[str] | None = None) -> None:
    """Parse options, build the mock app and serve it with uvicorn until interrupted."""
    parser = argparse.ArgumentParser(prog=f"python -m mocks.{name}",
                                     description=f"Mock {name} system on loopback")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE)
    parser.add_argument("--fault-mode", choices=[m.value for m in FaultMode], default="ok")
    parser.add_argument("--fault-delay", type=float, default=1.0)
    parser.add_argument("--fault-count", type=int, default=None)
    parser.add_argument("--fault-methods", default="",
                        help="comma-separated HTTP methods the fault applies to (default: all)")
    parser.add_argument("--fault-path", default="",
                        help="path prefix the fault applies to (default: every path)")
    args = parser.parse_args(argv)
    methods = frozenset(m.strip().upper() for m in args.fault_methods.split(",") if m.strip())
    fault = FaultConfig(FaultMode(args.fault_mode), args.fault_delay, args.fault_count,
                        methods=methods, path=args.fault_path)
    app = create_app(Population(seed=args.seed, size=args.size), fault)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")

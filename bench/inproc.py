"""CPU cost of the gateway's own work per benchmark request, without HTTP on either side.

Runs the real :class:`~gateway.http.pipeline.RequestPipeline` (plan cache, executor, merge,
shaping) plus the final ``orjson.dumps`` against the benchmark subgraphs answered in-process
(memoised bytes, parsed per call as an HTTP client would). Process CPU time is steadier
than anything that crosses processes, so this is the figure to optimise the executor by;
``bench.micro`` measures the whole process including the HTTP stacks.

Run: ``python -m bench.inproc [--requests 500] [--rounds 5] [--profile]``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from bench.federation_subgraphs import BENCH_DIR, BenchSubgraphsApp, build_app
from gateway.config import Settings
from gateway.http.contract import GraphQLRequest
from gateway.http.pipeline import RequestPipeline
from gateway.supergraph import parse_supergraph

__all__ = ["MemoClient", "main", "run"]


class MemoClient:
    """A subgraph client answering from the benchmark app's memo, without HTTP."""

    def __init__(self, app: BenchSubgraphsApp) -> None:
        self.app = app
        self.calls = 0

    async def send(self, subgraph: str, body: bytes,
                   headers: Mapping[str, str] | None = None) -> Any:
        """Parse the memoised answer for ``body``."""
        self.calls += 1
        await asyncio.sleep(0)
        return orjson.loads(self.app.answer(subgraph, body))


async def _loop(pipeline: RequestPipeline, request: GraphQLRequest, n: int) -> bytes:
    out = b""
    for _ in range(n):
        result = await pipeline.run(request)
        out = orjson.dumps(result.body)
    return out


def run(n: int, rounds: int, profile: bool) -> list[float]:
    """CPU ms per request for each round (after one warm-up round)."""
    supergraph = parse_supergraph((BENCH_DIR / "supergraph.graphql").read_text())
    client = MemoClient(build_app())
    pipeline = RequestPipeline(supergraph, Settings(), client=client)
    body = orjson.loads((BENCH_DIR / "body.json").read_bytes())
    request = GraphQLRequest(query=body["query"], operation_name=body.get("operationName"))
    expected = orjson.loads((BENCH_DIR / "expected-response.json").read_bytes())
    if orjson.loads(asyncio.run(_loop(pipeline, request, 20))) != expected:
        raise SystemExit("the response differs from expected-response.json")
    figures = []
    for _ in range(rounds):
        t0 = time.process_time()
        asyncio.run(_loop(pipeline, request, n))
        figures.append((time.process_time() - t0) * 1000 / n)
    if profile:
        prof = cProfile.Profile()
        prof.enable()
        asyncio.run(_loop(pipeline, request, n))
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    """Print CPU ms per request per round and the best."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=500)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--profile", action="store_true", help="cProfile one more round")
    args = p.parse_args(argv)
    figures = run(args.requests, args.rounds, args.profile)
    print("cpu ms/request:", " ".join(f"{f:.3f}" for f in figures), f"best {min(figures):.3f}")


if __name__ == "__main__":
    main()

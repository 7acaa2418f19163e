"""The four subgraphs of the federation benchmark, served by one ASGI app, one path each.

``/accounts``, ``/inventory``, ``/products`` and ``/reviews`` are real GraphQL subgraphs
(graphql-core execution over the benchmark SDLs plus the federation additions) answering the
way ``bench/scenario/README.md`` describes. Answers are memoised by request body
bytes (bounded LRU), so after warm-up a request costs a dict lookup: the gateway, not the
subgraphs, is what a benchmark measures.

Other routes: ``GET /_stats`` returns the request counts per subgraph, ``POST /_stats/reset``
zeroes them, ``GET /health`` answers 200. A POST body that is a JSON array is a batch
(Apollo-style query batching) and is answered with an array.

Run: ``python -m bench.federation_subgraphs --port 4200`` (listens on 127.0.0.1).
In tests: ``with serve_in_thread() as url: ...`` (``url`` without a trailing slash).
"""

from __future__ import annotations

import argparse
import json
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from tests.support.loopback import LoopbackServer
from tests.support.subgraph_exec import Hook, SubgraphExecutor
from tests.support.subgraph_schema import build_subgraph_schema

__all__ = [
    "BENCH_DIR",
    "SUBGRAPH_NAMES",
    "BenchSubgraphsApp",
    "build_app",
    "build_executors",
    "main",
    "serve_in_thread",
]

BENCH_DIR = Path(__file__).resolve().parent / "scenario"
"""The benchmark's SDLs, data, query and expected answers: ``bench/scenario``, an unchanged copy
of ``shared/bench/federation`` kept in the repository so that any clone runs the benchmark
and its tests (``tests/bench/test_scenario.py`` checks the copy against shared/ when present)."""

SUBGRAPH_NAMES = ("accounts", "inventory", "products", "reviews")
"""The subgraphs, in the supergraph's order; each is served at ``/<name>``."""

_MEMO_ENTRIES = 4096
_JSON_HEADERS = [(b"content-type", b"application/json")]


def _accounts_hooks(data: Mapping[str, Any]) -> dict[str, Hook]:
    users = data["users"]
    return {"Query.me": lambda _s, _a: users[0]}


def _products_hooks(data: Mapping[str, Any]) -> dict[str, Hook]:
    products = data["products"]
    return {"Query.topProducts": lambda _s, args: products[: args.get("first", 5)]}


def _inventory_hooks(_data: Mapping[str, Any]) -> dict[str, Hook]:
    # The benchmark's resolver computes the estimate from the inventory row, which has no
    # price or weight, so the answer is always null, whatever the representation carries.
    return {"Product.shippingEstimate": lambda _s, _a: None}


def _reviews_hooks(data: Mapping[str, Any]) -> dict[str, Hook]:
    reviews = data["reviews"]
    first_two = reviews[:2]
    author = {"__typename": "User", "id": "1", "username": "urigo"}

    def product_reviews(source: Mapping[str, Any], _args: Any) -> list[Any]:
        return [r for r in reviews if r["productUpc"] == source.get("upc")]

    def any_user(rep: Mapping[str, Any]) -> dict[str, Any]:
        return {"__typename": "User", "id": rep.get("id"), "username": "user"}

    return {
        "Review.author": lambda _s, _a: author,
        "Review.product": lambda s, _a: {"__typename": "Product", "upc": s["productUpc"]},
        "User.reviews": lambda _s, _a: first_two,
        "User.__resolveReference": any_user,
        "Product.reviews": product_reviews,
    }


def build_executors(bench_dir: Path = BENCH_DIR) -> dict[str, SubgraphExecutor]:
    """One executor per benchmark subgraph, over the benchmark's SDLs and ``data.json``."""
    data = json.loads((bench_dir / "data.json").read_text(encoding="utf-8"))
    rows: dict[str, dict[str, Any]] = {
        "accounts": {"User": data["users"]},
        "inventory": {"Product": data["inventory"]},
        "products": {"Product": data["products"]},
        "reviews": {"Review": data["reviews"]},
    }
    hooks = {
        "accounts": _accounts_hooks(data),
        "inventory": _inventory_hooks(data),
        "products": _products_hooks(data),
        "reviews": _reviews_hooks(data),
    }
    executors = {}
    for name in SUBGRAPH_NAMES:
        sdl = (bench_dir / f"{name}.graphql").read_text(encoding="utf-8")
        executors[name] = SubgraphExecutor(schema=build_subgraph_schema(sdl), data=rows[name],
                                           hooks=hooks[name])
    return executors


class BenchSubgraphsApp:
    """The ASGI app: routes ``/<subgraph>`` to its executor, memoises, counts requests."""

    def __init__(self, executors: Mapping[str, SubgraphExecutor],
                 memo_entries: int = _MEMO_ENTRIES) -> None:
        self._executors = dict(executors)
        self._routes = {f"/{name}": name for name in executors}
        self._memo: OrderedDict[tuple[str, bytes], bytes] = OrderedDict()
        self._memo_entries = memo_entries
        self.counts: dict[str, int] = dict.fromkeys(executors, 0)
        """HTTP requests received per subgraph since the last reset (a batch counts once)."""

    def reset_counts(self) -> None:
        """Zero the request counts."""
        self.counts = dict.fromkeys(self._executors, 0)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """ASGI entry point."""
        if scope["type"] != "http":
            return
        path = scope["path"].rstrip("/") or "/"
        method = scope["method"]
        name = self._routes.get(path)
        if name is not None and method == "POST":
            self.counts[name] += 1
            await _respond(send, 200, self.answer(name, await _read_body(receive)))
        elif path == "/_stats" and method == "GET":
            await _respond(send, 200, orjson.dumps({"requests": self.counts}))
        elif path == "/_stats/reset" and method == "POST":
            self.reset_counts()
            await _respond(send, 200, orjson.dumps({"requests": self.counts}))
        elif path == "/health":
            await _respond(send, 200, b'{"status": "ok"}')
        else:
            await _respond(send, 404, b'{"errors": [{"message": "not found"}]}')

    def answer(self, name: str, body: bytes) -> bytes:
        """The response bytes for one request body to subgraph ``name`` (memoised)."""
        memo_key = (name, body)
        cached = self._memo.get(memo_key)
        if cached is not None:
            self._memo.move_to_end(memo_key)
            return cached
        response = orjson.dumps(self._execute(self._executors[name], body))
        self._memo[memo_key] = response
        if len(self._memo) > self._memo_entries:
            self._memo.popitem(last=False)
        return response

    @staticmethod
    def _execute(executor: SubgraphExecutor, body: bytes) -> Any:
        try:
            parsed = orjson.loads(body)
        except orjson.JSONDecodeError:
            return {"errors": [{"message": "request body is not JSON"}]}
        if isinstance(parsed, list):
            return [_run_one(executor, item) for item in parsed]
        return _run_one(executor, parsed)


def _run_one(executor: SubgraphExecutor, request: Any) -> dict[str, Any]:
    if not isinstance(request, dict) or not isinstance(request.get("query"), str):
        return {"errors": [{"message": "request must contain a query string"}]}
    variables = request.get("variables")
    return executor.run(request["query"], variables if isinstance(variables, dict) else None,
                        request.get("operationName"))


async def _read_body(receive: Any) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _respond(send: Any, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [*_JSON_HEADERS, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def build_app(bench_dir: Path = BENCH_DIR) -> BenchSubgraphsApp:
    """The benchmark subgraphs app over the files in ``bench_dir``."""
    return BenchSubgraphsApp(build_executors(bench_dir))


@contextmanager
def serve_in_thread(port: int = 0, bench_dir: Path = BENCH_DIR) -> Iterator[str]:
    """Serve the four subgraphs on 127.0.0.1 in a background thread; yields the base URL.

    Request counts are read over HTTP like any client would: ``GET <url>/_stats``.
    """
    with LoopbackServer(build_app(bench_dir), port=port) as server:
        yield server.url


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: serve the benchmark subgraphs until interrupted."""
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=4200)
    parser.add_argument("--bench-dir", type=Path, default=BENCH_DIR)
    args = parser.parse_args(argv)
    uvicorn.run(build_app(args.bench_dir), host="127.0.0.1", port=args.port, lifespan="off",
                ws="none", log_level="warning", access_log=False)


if __name__ == "__main__":
    main()

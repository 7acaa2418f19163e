"""The benchmark's baseline: one server holding all the data, answering the query directly.

It stands for "a single direct call to one server holding all the data", the latency the
gateway's added latency is measured against. The answer to the benchmark query
(``expected-response.json``) is serialised once at start-up and cached, so a request costs
what any server must pay at least: HTTP, parsing the JSON body, recognising the operation and
writing the 88 KB answer. Any other operation gets a GraphQL error (400).

Routes: ``POST /graphql`` and ``GET /health``. Run: ``python -m bench.monolith --port N``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from bench.federation_subgraphs import BENCH_DIR

__all__ = ["MonolithApp", "build_app", "main"]

_HEADERS = [(b"content-type", b"application/json")]
_UNKNOWN = orjson.dumps({"errors": [{"message": "the monolith knows only the benchmark query"}]})


def _operation_key(body: Any) -> tuple[str, str | None, bytes] | None:
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return None
    variables = body.get("variables") or {}
    return (body["query"], body.get("operationName"),
            orjson.dumps(variables, option=orjson.OPT_SORT_KEYS))


class MonolithApp:
    """ASGI app answering the benchmark operation from a response cached at start-up."""

    def __init__(self, request_body: bytes, response: Any) -> None:
        key = _operation_key(orjson.loads(request_body))
        if key is None:
            raise ValueError("the benchmark body has no query")
        self._answers = {key: orjson.dumps(response)}

    def answer(self, body: bytes) -> tuple[int, bytes]:
        """Status and response bytes for one request body."""
        try:
            key = _operation_key(orjson.loads(body))
        except orjson.JSONDecodeError:
            return 400, _UNKNOWN
        cached = self._answers.get(key) if key is not None else None
        return (200, cached) if cached is not None else (400, _UNKNOWN)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """ASGI entry point."""
        if scope["type"] != "http":
            return
        path = scope["path"].rstrip("/")
        if path == "/graphql" and scope["method"] == "POST":
            chunks = []
            while True:
                message = await receive()
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    break
            status, payload = self.answer(b"".join(chunks))
        elif path == "/health":
            status, payload = 200, b'{"status": "ok"}'
        else:
            status, payload = 404, b'{"errors": [{"message": "not found"}]}'
        await send({"type": "http.response.start", "status": status,
                    "headers": [*_HEADERS, (b"content-length", str(len(payload)).encode())]})
        await send({"type": "http.response.body", "body": payload})


def build_app(bench_dir: Path = BENCH_DIR) -> MonolithApp:
    """The monolith over ``body.json`` and ``expected-response.json`` in ``bench_dir``."""
    return MonolithApp((bench_dir / "body.json").read_bytes(),
                       orjson.loads((bench_dir / "expected-response.json").read_bytes()))


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: serve the monolith on 127.0.0.1 until interrupted."""
    import uvicorn

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--port", type=int, default=4100)
    parser.add_argument("--bench-dir", type=Path, default=BENCH_DIR)
    args = parser.parse_args(argv)
    uvicorn.run(build_app(args.bench_dir), host="127.0.0.1", port=args.port, lifespan="off",
                ws="none", log_level="warning", access_log=False)


if __name__ == "__main__":
    main()

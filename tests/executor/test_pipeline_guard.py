"""The request pipeline hands a per-request object guard to the shaper."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from bench.federation_subgraphs import BENCH_DIR, build_app
from bench.inproc import MemoClient
from gateway.config import Settings
from gateway.executor import Denial, ObjectGuard
from gateway.http.contract import GraphQLRequest
from gateway.http.pipeline import RequestPipeline
from gateway.supergraph import parse_supergraph
from gateway.types import ResponsePath


@dataclass
class NoTablesGuard:
    """Hides the product with upc 1 (a table) wherever it appears."""

    types: frozenset[str] = frozenset({"Product"})
    checked: list[ResponsePath] = field(default_factory=list)

    def check(self, typename: str, obj: dict[str, Any], path: ResponsePath,
              fields: tuple[str, ...]) -> Denial | None:
        self.checked.append(path)
        return Denial("FORBIDDEN", "no tables") if obj.get("upc") == "1" else None


async def test_the_guard_reaches_the_shaper_and_changes_the_response() -> None:
    supergraph = parse_supergraph((BENCH_DIR / "supergraph.graphql").read_text())
    pipeline = RequestPipeline(supergraph, Settings(), client=MemoClient(build_app()))
    query = orjson.loads((BENCH_DIR / "body.json").read_bytes())["query"]
    request = GraphQLRequest(query=query)
    plain = (await pipeline.run(request)).body
    guard = NoTablesGuard()
    _: ObjectGuard = guard
    guarded = (await pipeline.run(request, guard=guard)).body

    assert plain == orjson.loads((BENCH_DIR / "expected-response.json").read_bytes())
    assert [p["upc"] for p in plain["data"]["topProducts"]] == ["1", "2", "3", "4", "5"]
    assert [p["upc"] for p in guarded["data"]["topProducts"]] == ["2", "3", "4", "5"]
    products = [r["product"] for u in guarded["data"]["users"] for r in u["reviews"]]
    assert all(p is None or p["upc"] != "1" for p in products)
    assert {e["path"][-1] for e in guarded["errors"]} == {"product"}  # non-list positions
    assert all(e["extensions"] == {"code": "FORBIDDEN"} for e in guarded["errors"])
    assert ("topProducts", 0) in guard.checked  # the list item that was left out
    assert ("users", 0, "reviews", 0, "product") in guard.checked

"""``bench/scenario`` is the federation benchmark scenario of ``shared/``, unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.federation_subgraphs import BENCH_DIR

SHARED_SCENARIO = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "federation"


def test_the_copy_holds_every_file_the_benchmark_reads() -> None:
    names = {p.name for p in BENCH_DIR.iterdir()}
    assert {"accounts.graphql", "inventory.graphql", "products.graphql", "reviews.graphql",
            "data.json", "query.graphql", "body.json", "expected-response.json",
            "supergraph.graphql", "apollo-plan.txt"} <= names


def test_the_copy_equals_shared_when_shared_is_beside_the_checkout() -> None:
    if not SHARED_SCENARIO.is_dir():
        pytest.skip(f"no shared/ beside this checkout ({SHARED_SCENARIO}) to compare with")
    shared = {p.name: p.read_bytes() for p in SHARED_SCENARIO.iterdir() if p.is_file()}
    copy = {p.name: p.read_bytes() for p in BENCH_DIR.iterdir() if p.is_file()}
    assert copy == shared

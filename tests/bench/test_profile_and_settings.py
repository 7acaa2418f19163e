"""Hotspots from collapsed stacks, the pinning plan and the monolith's answers."""

from __future__ import annotations

import json

import pytest

from bench.federation_subgraphs import BENCH_DIR
from bench.harness.profile import format_hotspots, hotspots, parse_folded
from bench.harness.settings import authz_env, plan_pinning
from bench.monolith import build_app

_RUN, _EXECUTE = "run (asyncio/events.py:78)", "execute (gateway/executor/execute.py:10)"
_FOLDED = f"""\
{_RUN};{_EXECUTE};shape (gateway/executor/shape.py:5) 6
{_RUN};{_EXECUTE} 2
{_RUN};merge (gateway/executor/merge.py:16) 2
not a stack line
"""


def test_hotspots_by_function_own_and_total() -> None:
    spots = {s.name: s for s in hotspots(parse_folded(_FOLDED))}
    shape = spots["shape (gateway/executor/shape.py:5)"]
    execute = spots["execute (gateway/executor/execute.py:10)"]
    assert (shape.own, shape.total) == pytest.approx((0.6, 0.6))
    assert (execute.own, execute.total) == pytest.approx((0.2, 0.8))
    assert spots["run (asyncio/events.py:78)"].own == 0
    assert hotspots(parse_folded(_FOLDED))[0].name.startswith("shape ")


def test_hotspots_by_file_and_text() -> None:
    spots = hotspots(parse_folded(_FOLDED), by_file=True)
    assert [s.name for s in spots[:2]] == ["gateway/executor/shape.py",
                                           "gateway/executor/execute.py"]
    text = format_hotspots("By file", spots, limit=1, what="file")
    assert text.splitlines() == ["By file", "   own  total  file",
                                 " 60.0%  60.0%  gateway/executor/shape.py"]


def test_two_cpus_give_the_server_one_of_its_own() -> None:
    pinning = plan_pinning({0, 1}, environ={})
    assert (pinning.server, pinning.load, pinning.pinned) == ((0,), (1,), True)


def test_one_cpu_is_shared_with_a_note() -> None:
    pinning = plan_pinning({3}, environ={})
    assert (pinning.server, pinning.load, pinning.pinned) == ((3,), (3,), False)
    assert "not comparable" in pinning.note


def test_authorization_variables_point_at_the_identity_provider() -> None:
    env = authz_env("http://127.0.0.1:8100")
    assert env["GATEWAY_AUTH_ISSUER"] == "http://127.0.0.1:8100"
    assert env["GATEWAY_AUTH_JWKS_URL"] == "http://127.0.0.1:8100/jwks"


def test_monolith_answers_the_benchmark_body_with_the_expected_response() -> None:
    app = build_app()
    status, payload = app.answer((BENCH_DIR / "body.json").read_bytes())
    expected = json.loads((BENCH_DIR / "expected-response.json").read_bytes())
    assert status == 200 and json.loads(payload) == expected
    assert app.answer(b'{"query": "{ me { id } }"}')[0] == 400
    assert app.answer(b"not json")[0] == 400


def test_taskset_prefix_pins_and_optionally_renices() -> None:
    from bench.harness.measure import taskset

    assert taskset((1,)) == ["taskset", "-c", "1"]
    assert taskset((1, 2), nice=-10) == ["taskset", "-c", "1,2", "nice", "-n", "-10"]


def test_command_line_options_over_the_quick_preset() -> None:
    from bench.harness.cli import parse_options

    options, args = parse_options(["--quick", "--duration", "8", "--only", "helhed",
                                   "--repeat", "3", "--nice", "-5"])
    assert (options.warmup, options.duration, options.latency_duration) == (2.0, 8.0, 2.0)
    assert (options.only, options.repeat, options.nice) == (("helhed",), 3, -5)
    assert options.connections == 50 and not args.profile
    full, _ = parse_options([])
    assert (full.warmup, full.duration, full.latency_duration, full.repeat) == (10, 30, 10, 1)

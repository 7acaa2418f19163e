"""The wrk Lua script and the parsing of its summary line."""

from __future__ import annotations

import pytest

from bench.harness.wrk import MARKER, WrkError, parse_wrk_output, wrk_script

_OUTPUT = f"""\
Running 5s test @ http://127.0.0.1:41234/graphql
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   553.21ms   90.12ms   1.00s    70.00%
  397 requests in 5.00s, 33.20MB read
Requests/sec:     79.40
Transfer/sec:      6.64MB
{MARKER}{{"requests": 397, "duration_us": 5000000, "bytes": 34812345, "bad_bodies": 2, \
"errors": {{"connect": 0, "read": 1, "write": 0, "status": 3, "timeout": 0}}, \
"latency_us": {{"mean": 553210.5, "max": 1003000, "p50": 553000.0, "p75": 600000.0, \
"p90": 700000.0, "p99": 992000.0, "p99.9": 1001000.0}}}}
"""


def test_summary_line_gives_counts_rate_and_percentiles_in_ms() -> None:
    result = parse_wrk_output(_OUTPUT)
    assert result.requests == 397
    assert result.requests_per_second == pytest.approx(79.4)
    assert result.latency_ms["p50"] == pytest.approx(553.0)
    assert result.latency_ms["p99"] == pytest.approx(992.0)
    assert result.error_count == 6
    assert result.describe_errors() == "1 read, 3 status, 2 wrong bodies"


def test_output_without_summary_is_an_error_with_the_output() -> None:
    with pytest.raises(WrkError, match="Requests/sec"):
        parse_wrk_output("Requests/sec: 10\n")


def test_script_quotes_body_and_headers_for_lua() -> None:
    body = '{"query": "{\\n  a }", "x": "\\\\"}\n'
    script = wrk_script(body, {"Authorization": "Bearer a.b-c"}, expected_length=87599,
                        max_requests=500)
    assert 'wrk.body = "{\\034query\\034: \\034{\\092n  a }\\034, \\034x\\034: ' \
           '\\034\\092\\092\\034}\\010"' in script
    assert 'wrk.headers["Authorization"] = "Bearer a.b-c"' in script
    assert "#body ~= 87599" in script
    assert "if answered >= 500 then wrk.thread:stop() end" in script
    assert f"'{MARKER}" in script
    assert "latency:percentile(99)" in script

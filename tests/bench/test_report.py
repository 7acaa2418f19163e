"""The results table: numbers, ratios to the reference row, statuses."""

from __future__ import annotations

import pytest

from bench.harness.report import RowResult, format_number, format_table, ratios, results_document


def _row(name: str, rps: float | None, status: str = "ok", **more: float) -> RowResult:
    return RowResult(name=name, label=name.title(), status=status, requests_per_second=rps,
                     p50_ms=more.get("p50"), cpu_ms_per_request=more.get("cpu"))


def test_numbers_keep_about_three_significant_figures() -> None:
    assert [format_number(v) for v in (1234.4, 56.78, 8.9, 0.1234, None)] == [
        "1234", "56.8", "8.90", "0.123", "-"]


def test_ratios_are_relative_to_the_reference_row() -> None:
    rows = [_row("apollo", 40.0, p50=1000.0), _row("helhed", 160.0, p50=250.0)]
    got = ratios(rows, "apollo")
    assert got["helhed"]["requests_per_second"] == pytest.approx(4.0)
    assert got["helhed"]["p50_ms"] == pytest.approx(0.25)
    assert got["apollo"]["requests_per_second"] == pytest.approx(1.0)
    assert got["helhed"]["cpu_ms_per_request"] is None  # not measured


def test_no_ratios_when_the_reference_failed() -> None:
    rows = [_row("apollo", 40.0, status="did not start: x"), _row("helhed", 160.0)]
    assert ratios(rows, "apollo")["helhed"]["requests_per_second"] is None


def test_table_has_a_row_per_server_with_ratio_and_status() -> None:
    rows = [_row("apollo", 40.0), _row("helhed", 160.0),
            _row("helhed+authz", None, status="skipped: authorization not available")]
    lines = format_table(rows, "apollo").splitlines()
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in lines]
    assert cells[0][0] == "server" and cells[0][1] == "req/s" and cells[0][-1] == "status"
    assert set(lines[1]) <= {"|", "-", ":"}
    assert cells[3][0] == "Helhed" and cells[3][1] == "160 (4.00x)" and cells[3][-1] == "ok"
    assert cells[4][1] == "-" and cells[4][-1] == "skipped: authorization not available"
    assert len({len(line) for line in lines}) == 1  # columns aligned


def test_json_document_carries_rows_and_ratios() -> None:
    doc = results_document([_row("apollo", 40.0), _row("helhed", 80.0)], "apollo",
                           {"date": "2026-12-02"})
    assert doc["date"] == "2026-12-02" and doc["reference"] == "apollo"
    assert doc["rows"][1]["ratios"]["requests_per_second"] == pytest.approx(2.0)
    assert doc["rows"][1]["status"] == "ok"

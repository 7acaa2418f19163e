"""Results of one run: a row per server, the printed table with ratios, and the JSON file."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "COLUMNS",
    "Column",
    "RowResult",
    "format_number",
    "format_table",
    "ratios",
    "results_document",
    "write_json",
]


@dataclass
class RowResult:
    """Everything measured for one server under test (``None``: not measured)."""

    name: str
    label: str
    version: str = ""
    status: str = "not run"
    detail: str = ""
    """Longer diagnostics (a failed start's output); JSON only."""
    requests_per_second: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    p50_one_connection_ms: float | None = None
    added_latency_ms: float | None = None
    """``p50_one_connection_ms`` minus the direct call's."""
    cpu_ms_per_request: float | None = None
    peak_rss_mb: float | None = None
    subgraph_requests_per_query: float | None = None
    """Subgraph HTTP requests for one query sent alone."""
    subgraph_requests_per_query_under_load: float | None = None
    """The same under load (peers that deduplicate in-flight requests send fewer)."""
    measured_requests: int = 0
    server_cpu_share: float | None = None
    """The server's CPU seconds per wall second in the measured period (1.0 = one core)."""
    server_core_busy: float | None = None
    """How busy the server's CPU was in the measured period (anything running there)."""
    server_core_interrupts: float | None = None
    """The share of the server's CPU spent in kernel interrupts (loopback network work)."""
    load_core_busy: float | None = None
    """How busy the load CPU was (subgraphs, wrk, the harness, anything else)."""
    subgraphs_cpu_share: float | None = None
    """The subgraph server's CPU seconds per wall second in the measured period."""
    wrk_cpu_share: float | None = None
    """wrk's CPU seconds per wall second in the measured period."""
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the row was measured and answered correctly without errors."""
        return self.status == "ok"


@dataclass(frozen=True)
class Column:
    """A column of the table: the header, the row attribute and whether it gets a ratio."""

    header: str
    attribute: str
    with_ratio: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("req/s", "requests_per_second"),
    Column("p50 ms", "p50_ms"),
    Column("p99 ms", "p99_ms"),
    Column("p50 ms @1 conn", "p50_one_connection_ms"),
    Column("added ms @1 conn", "added_latency_ms", with_ratio=False),
    Column("CPU ms/req", "cpu_ms_per_request"),
    Column("peak RSS MB", "peak_rss_mb"),
    Column("subgraph req/query", "subgraph_requests_per_query"),
)
"""The figures of the table, in order (the status column comes last)."""


def format_number(value: float | None) -> str:
    """Three significant figures or so: ``1234``, ``56.7``, ``8.90``, ``0.123``; ``-`` for none."""
    if value is None:
        return "-"
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def ratios(rows: Sequence[RowResult], reference: str) -> dict[str, dict[str, float | None]]:
    """Per row name and attribute: the row's figure divided by the reference row's."""
    ref = next((r for r in rows if r.name == reference and r.ok), None)
    out: dict[str, dict[str, float | None]] = {}
    for row in rows:
        out[row.name] = {}
        for column in COLUMNS:
            if not column.with_ratio:
                continue
            mine = getattr(row, column.attribute)
            theirs = getattr(ref, column.attribute) if ref is not None else None
            out[row.name][column.attribute] = (
                mine / theirs if mine is not None and theirs else None)
    return out


def _cell(row: RowResult, column: Column, row_ratios: Mapping[str, float | None]) -> str:
    text = format_number(getattr(row, column.attribute))
    ratio = row_ratios.get(column.attribute)
    if column.with_ratio and ratio is not None:
        text += f" ({ratio:.2f}x)"
    return text


def format_table(rows: Sequence[RowResult], reference: str) -> str:
    """A Markdown table: one row per server, each figure with its ratio to ``reference``."""
    all_ratios = ratios(rows, reference)
    header = ["server", *(c.header for c in COLUMNS), "status"]
    body = [[f"{row.label} {row.version}".strip(),
             *(_cell(row, c, all_ratios[row.name]) for c in COLUMNS), row.status]
            for row in rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        padded = [cell.ljust(w) if i in (0, len(cells) - 1) else cell.rjust(w)
                  for i, (cell, w) in enumerate(zip(cells, widths, strict=True))]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1)) + (":" if 0 < i < len(widths) - 1 else "-")
                          for i, w in enumerate(widths)) + "|"
    return "\n".join([line(header), rule, *(line(cells) for cells in body)])


def results_document(rows: Sequence[RowResult], reference: str,
                     context: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON document of a run: its context, the rows and their ratios."""
    all_ratios = ratios(rows, reference)
    return {**context, "reference": reference,
            "rows": [{**asdict(row), "ratios": all_ratios[row.name]} for row in rows]}


def write_json(path: Path, document: Mapping[str, Any]) -> None:
    """Write ``document`` to ``path`` (creating its folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")

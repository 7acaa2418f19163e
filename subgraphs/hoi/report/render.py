"""The dataset as bytes: CSV (one line per citizen) or JSON (period, totals and the lines).

Deterministic: fixed column and key order, rows by pseudonym, ``\\n`` line ends, no time of
making — the same stored state and period give byte-identical files.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from subgraphs.hoi.documents.danish import TIDSZONE
from subgraphs.hoi.report.dataset import Datasaet, Raekke

__all__ = ["COLUMNS", "Format", "render"]

COLUMNS = tuple(f.name for f in dataclasses.fields(Raekke))
"""The CSV header, in order."""


class Format(StrEnum):
    """The dataset's file format."""

    CSV = "csv"
    JSON = "json"


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _csv(data: Datasaet) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in data.raekker:
        writer.writerow([_csv_value(getattr(row, name)) for name in COLUMNS])
    return out.getvalue().encode("utf-8")


def _json(data: Datasaet) -> bytes:
    h = data.haendelser
    p = h.periode
    last_day = (p.til - timedelta(microseconds=1)).astimezone(TIDSZONE).date()
    document = {
        "periode": {"fra": p.fra.astimezone(TIDSZONE).date().isoformat(),
                    "til": last_day.isoformat()},
        "opgjort_til": p.opgjort_til.isoformat(),
        "kommune_cvr": h.kommune_cvr,
        "pseudonymisering": "HMAC-SHA256 med kommunens nøgle (32 hex-tegn)",
        "maalgruppe_kilde": h.maalgruppe_kilde,
        "totaler": data.totaler,
        "borgere": [{name: _json_value(getattr(row, name)) for name in COLUMNS}
                    for row in data.raekker],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render(data: Datasaet, form: Format) -> bytes:
    """The dataset as a file."""
    return _csv(data) if form is Format.CSV else _json(data)

"""Compare a gateway response with a conformance expectation; explain any difference.

``data`` must match exactly, key order included (the response follows the client's
selection order). Each expected error states only what is pinned: usually ``path`` and
``extensions.code``, sometimes ``message``. Actual errors are projected onto the same keys
(``locations`` and unstated extensions are ignored), and both lists are compared sorted by
path, so the order in which a gateway reports errors does not matter.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from typing import Any

__all__ = ["normalize_error", "response_mismatch"]


def normalize_error(error: Mapping[str, Any],
                    like: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Keep ``message``/``path``/``extensions.code`` (or only the keys ``like`` has)."""
    keys = ("message", "path", "extensions") if like is None else tuple(like)
    out: dict[str, Any] = {}
    for key in keys:
        if key == "extensions":
            wanted = (like or {}).get("extensions") or {"code": None}
            ext = error.get("extensions") or {}
            out["extensions"] = {k: ext.get(k) for k in wanted}
        elif key in ("message", "path"):
            out[key] = error.get(key)
    return out


def _same(want: Any, got: Any) -> bool:
    """Equal as JSON, object key order included (``6`` and ``6.0`` are the same number)."""
    if isinstance(want, dict):
        return (isinstance(got, dict) and list(want) == list(got)
                and all(_same(v, got[k]) for k, v in want.items()))
    if isinstance(want, list):
        return (isinstance(got, list) and len(want) == len(got)
                and all(_same(w, g) for w, g in zip(want, got, strict=True)))
    if isinstance(want, bool) or isinstance(got, bool):
        return want is got
    return bool(want == got)


def _sort_key(error: Mapping[str, Any]) -> str:
    return json.dumps([error.get("path") or [], error.get("extensions"), error.get("message")],
                      sort_keys=True)


def _pretty(value: Any) -> list[str]:
    return json.dumps(value, indent=2, ensure_ascii=False).splitlines()


def _diff(label: str, expected: Any, actual: Any) -> str:
    lines = difflib.unified_diff(_pretty(expected), _pretty(actual),
                                 f"expected {label}", f"actual {label}", lineterm="")
    return "\n".join(lines)


def response_mismatch(expected: Mapping[str, Any], actual: Any) -> str | None:
    """None when ``actual`` satisfies ``expected``, else a readable explanation with diffs."""
    if not isinstance(actual, dict):
        return f"response is not a JSON object:\n{actual!r}"
    problems = []
    if "data" in expected or "data" in actual:
        want, got = expected.get("data", "<absent>"), actual.get("data", "<absent>")
        if not _same(want, got):
            if want == got:
                problems.append("data has the right content but the wrong key order:\n"
                                + _diff("data", want, got))
            else:
                problems.append(_diff("data", want, got))
    want_errors = sorted(expected.get("errors") or [], key=_sort_key)
    got_raw = actual.get("errors") or []
    if len(got_raw) != len(want_errors):
        problems.append(f"expected {len(want_errors)} error(s), got {len(got_raw)}:\n"
                        + _diff("errors", want_errors, got_raw))
    else:
        got_sorted = sorted((normalize_error(e) for e in got_raw), key=_sort_key)
        got_projected = [normalize_error(g, w)
                         for g, w in zip(got_sorted, want_errors, strict=True)]
        if got_projected != want_errors:
            problems.append(_diff("errors", want_errors, got_projected))
    return "\n\n".join(problems) if problems else None

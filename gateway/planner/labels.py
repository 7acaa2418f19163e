"""Which progressive-override labels are active for one request (PLANNER.md 3.8)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

__all__ = ["active_override_labels"]

_PERCENT = re.compile(r"percent\((\d+(?:\.\d+)?)\)")


def active_override_labels(used: frozenset[str], configured: frozenset[str],
                           roll: Callable[[], float] | None = random.random) -> frozenset[str]:
    """The labels of ``used`` (the supergraph's) that are active for one request.

    A label is active if ``configured`` lists it. Otherwise a ``percent(N)`` label is active
    with probability N% (``roll`` returns a number in [0, 1)), drawn anew for every request,
    as Apollo's router does; any other label is inactive. Without ``roll`` (printing a plan)
    only ``percent(N)`` labels with N >= 100 are. Only labels the supergraph uses are
    returned, so the result can key a plan cache.
    """
    if not used:
        return frozenset()
    active = used & configured
    for label in sorted(used - configured):
        match = _PERCENT.fullmatch(label)
        if match is None:
            continue
        percent = float(match.group(1))
        if percent >= 100 or (roll is not None and roll() * 100 < percent):
            active |= {label}
    return active

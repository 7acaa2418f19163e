"""Garbage-collector settings for a serving gateway process (set once, after start-up).

A request allocates a few thousand containers (parsed subgraph responses, the merged store,
the shaped response) that reference counting frees when the request ends; with CPython's
default thresholds the cyclic collector still ran about once per benchmark request and,
every so often, walked every long-lived object (schema, plans, libraries): ~150 us per
request on the federation benchmark. Freezing what exists after start-up takes the
long-lived objects out of every collection, and a larger first-generation threshold lets
cycles (tasks, exceptions) be collected every few requests instead of every one.
"""

from __future__ import annotations

import gc

__all__ = ["SERVING_THRESHOLDS", "tune_gc_for_serving"]

SERVING_THRESHOLDS = (10_000, 10, 10)
"""gc thresholds while serving (CPython's default: 700, 10, 10)."""


def tune_gc_for_serving() -> None:
    """Collect once, freeze the survivors and raise the first threshold (call after start-up)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*SERVING_THRESHOLDS)

"""The serving process's garbage-collector settings."""

from __future__ import annotations

import json
import subprocess
import sys

from gateway.gc_tuning import SERVING_THRESHOLDS


def test_tuning_freezes_start_up_objects_and_raises_the_first_threshold() -> None:
    code = ("import gc, json; from gateway.gc_tuning import tune_gc_for_serving; "
            "tune_gc_for_serving(); print(json.dumps([gc.get_freeze_count(), gc.get_threshold()]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    frozen, thresholds = json.loads(out.stdout)
    assert frozen > 1000
    assert tuple(thresholds) == SERVING_THRESHOLDS

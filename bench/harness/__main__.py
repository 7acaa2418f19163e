"""``python -m bench.harness``: the benchmark's command line (``bench/run`` calls this)."""

from __future__ import annotations

from bench.harness.cli import main

__all__: list[str] = []

raise SystemExit(main())

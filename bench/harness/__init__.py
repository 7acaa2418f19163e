"""The federation benchmark harness: Helhed against Apollo Gateway and Hive Gateway (``bench/run``).

Modules: ``settings`` (paths, options, the authorization variables), ``procfs`` (CPU and
memory of a process tree from ``/proc``), ``wrk`` (load generation and its output),
``processes`` (children on loopback, always stopped), ``http`` (single requests
for checks and counters), ``targets`` (how each server under test
is started), ``measure`` (one row), ``report`` (table and JSON), ``profile`` (py-spy under
load) and ``cli`` (the command line).
"""

from __future__ import annotations

__all__: list[str] = []

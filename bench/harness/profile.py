"""``bench/profile``: Helhed under the benchmark load, sampled by py-spy.

Writes ``bench/results/profile.folded`` (collapsed stacks: open it in speedscope.app or feed
it to flamegraph.pl) and ``bench/results/profile.txt``: the functions and files that take the
most time, by own time (the sample's innermost frame) and by total time (anywhere on the
stack), so the next optimisation is chosen from evidence.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.harness.measure import measure_target, taskset
from bench.harness.processes import ServiceError
from bench.harness.settings import RESULTS_DIR, Pinning, RunOptions
from bench.harness.targets import TARGETS

__all__ = ["Hotspot", "format_hotspots", "hotspots", "parse_folded", "profile_helhed"]

_TOP = 30


@dataclass(frozen=True)
class Hotspot:
    """A function (or file) and its share of the samples."""

    name: str
    own: float
    total: float


def parse_folded(text: str) -> list[tuple[list[str], int]]:
    """Collapsed stacks (``root;...;leaf COUNT`` per line) as (frames, count) pairs."""
    stacks = []
    for line in text.splitlines():
        stack, sep, count = line.rpartition(" ")
        if sep and count.isdigit() and stack:
            stacks.append((stack.split(";"), int(count)))
    return stacks


def _file_of(frame: str) -> str:
    """``name (path/file.py:12)`` -> ``path/file.py``."""
    _, sep, location = frame.rpartition(" (")
    return location.rstrip(")").rsplit(":", 1)[0] if sep else frame


def hotspots(stacks: Iterable[tuple[list[str], int]], by_file: bool = False) -> list[Hotspot]:
    """Own and total share of the samples per function (or per file), largest own first."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for frames, count in stacks:
        keys = [_file_of(f) for f in frames] if by_file else frames
        if not keys:
            continue
        samples += count
        own[keys[-1]] += count
        for key in set(keys):
            total[key] += count
    if samples == 0:
        return []
    spots = [Hotspot(k, own[k] / samples, total[k] / samples) for k in total]
    return sorted(spots, key=lambda s: (-s.own, -s.total, s.name))


def format_hotspots(title: str, spots: Sequence[Hotspot], limit: int = _TOP,
                    what: str = "function") -> str:
    """A plain-text table of the first ``limit`` hotspots."""
    lines = [title, f"{'own':>6} {'total':>6}  {what}"]
    lines += [f"{s.own:6.1%} {s.total:6.1%}  {s.name}" for s in spots[:limit]]
    return "\n".join(lines)


def _record(pid: int, seconds: float, output: Path, prefix: Sequence[str]) -> None:
    py_spy = Path(sys.executable).with_name("py-spy")
    argv = [*prefix, str(py_spy), "record", "--pid", str(pid), "--duration",
            str(max(1, round(seconds))), "--format", "raw", "--function", "--nonblocking",
            "--output", str(output)]
    subprocess.run(argv, check=True, capture_output=True, timeout=seconds + 60)  # noqa: S603


def profile_helhed(options: RunOptions, pinning: Pinning) -> int:
    """Load Helhed (warm-up, then the measured period) while py-spy samples it."""
    from bench.harness.cli import running_bench

    name = next((n for n in options.only if n.startswith("helhed")), "helhed")
    target = next(t for t in TARGETS if t.name == name)
    folded, report = RESULTS_DIR / "profile.folded", RESULTS_DIR / "profile.txt"
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    with running_bench(options, pinning, with_idp=target.authz) as bench:
        def sampler(pid: int) -> None:
            _record(pid, options.duration, folded, taskset(pinning.load))

        try:
            row = measure_target(target, bench, during_load=sampler)
        except ServiceError as exc:
            print(f"bench: {target.label} did not start: {exc}", file=sys.stderr)
            return 1
    if not row.ok or not folded.exists():
        print(f"bench: {target.label}: {row.status}\n{row.detail}", file=sys.stderr)
        return 1
    stacks = parse_folded(folded.read_text(encoding="utf-8"))
    text = "\n\n".join([
        (f"{target.label} {row.version} under {options.connections} connections for "
         f"{options.duration:g} s: {row.requests_per_second or 0:.1f} req/s while sampled "
         f"(py-spy, {sum(c for _, c in stacks)} samples of busy threads)"),
        format_hotspots("By function", hotspots(stacks)),
        format_hotspots("By file", hotspots(stacks, by_file=True), limit=20, what="file")])
    report.write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nprofile written to {folded} (speedscope.app opens it) and {report}")
    return 0

"""CPU time and peak memory of a process and all its descendants, read from ``/proc``.

Node gateways may fork workers, so every figure is summed over the process tree. A process's
``stat`` already covers all its threads; ``utime``/``stime`` are in clock ticks.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CpuSample",
    "ProcStat",
    "busy_fraction",
    "interrupt_fraction",
    "descendants",
    "parse_cpu_lines",
    "parse_stat",
    "parse_status_kb",
    "read_cpu_lines",
    "tree_cpu_seconds",
    "tree_peak_rss_kb",
]

PROC = Path("/proc")
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class ProcStat:
    """The fields of ``/proc/<pid>/stat`` the harness uses."""

    pid: int
    ppid: int
    utime: int
    stime: int

    @property
    def cpu_ticks(self) -> int:
        """User plus system time, in clock ticks."""
        return self.utime + self.stime


def parse_stat(text: str) -> ProcStat:
    """Parse one ``/proc/<pid>/stat`` line (the command name may hold spaces and parens)."""
    head, sep, tail = text.rpartition(")")
    if not sep:
        raise ValueError("not a /proc/<pid>/stat line")
    pid = int(head.split("(", 1)[0])
    fields = tail.split()
    # fields[0] is the state (field 3); ppid is field 4, utime 14, stime 15.
    return ProcStat(pid=pid, ppid=int(fields[1]), utime=int(fields[11]), stime=int(fields[12]))


def parse_status_kb(text: str, key: str) -> int | None:
    """The value in kB of ``key`` (e.g. ``VmHWM``) in a ``/proc/<pid>/status`` text."""
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep and name == key:
            parts = value.split()
            return int(parts[0]) if parts else None
    return None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None


def _all_stats(proc: Path) -> list[ProcStat]:
    stats = []
    for entry in proc.iterdir():
        if entry.name.isdigit():
            text = _read(entry / "stat")
            if text is not None:
                stats.append(parse_stat(text))
    return stats


def descendants(root: int, stats: Iterable[ProcStat]) -> list[ProcStat]:
    """``root`` and every process below it, from a snapshot of all processes' stats."""
    children: dict[int, list[ProcStat]] = {}
    by_pid: dict[int, ProcStat] = {}
    for stat in stats:
        by_pid[stat.pid] = stat
        children.setdefault(stat.ppid, []).append(stat)
    if root not in by_pid:
        return []
    found, todo = [], [by_pid[root]]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current.pid, []))
    return found


def tree_cpu_seconds(root: int, proc: Path = PROC) -> float:
    """CPU seconds (user + system, all threads) used so far by ``root`` and its descendants."""
    return sum(s.cpu_ticks for s in descendants(root, _all_stats(proc))) / _TICKS


def tree_peak_rss_kb(root: int, proc: Path = PROC) -> int:
    """Sum of ``VmHWM`` (peak resident set) over ``root`` and its live descendants, in kB."""
    total = 0
    for stat in descendants(root, _all_stats(proc)):
        text = _read(proc / str(stat.pid) / "status")
        value = parse_status_kb(text, "VmHWM") if text is not None else None
        total += value or 0
    return total


@dataclass(frozen=True)
class CpuSample:
    """Busy, total and interrupt (hard + soft) jiffies of one CPU line of ``/proc/stat``."""

    busy: int
    total: int
    interrupts: int = 0


def parse_cpu_lines(text: str) -> dict[int, CpuSample]:
    """Per-CPU busy/total jiffies from ``/proc/stat`` (idle and iowait count as not busy)."""
    samples: dict[int, CpuSample] = {}
    for line in text.splitlines():
        name, _, rest = line.partition(" ")
        if not name.startswith("cpu") or name == "cpu":
            continue
        values = [int(v) for v in rest.split()]
        idle = values[3] + (values[4] if len(values) > 4 else 0)
        # Guest time is already part of user time: count the first eight fields only.
        total = sum(values[:8])
        interrupts = sum(values[5:7])
        samples[int(name[3:])] = CpuSample(busy=total - idle, total=total, interrupts=interrupts)
    return samples


def read_cpu_lines(proc: Path = PROC) -> dict[int, CpuSample]:
    """The current per-CPU sample."""
    return parse_cpu_lines((proc / "stat").read_text(encoding="utf-8"))


def busy_fraction(before: Mapping[int, CpuSample], after: Mapping[int, CpuSample],
                  cpus: Iterable[int]) -> float | None:
    """How busy ``cpus`` were between two samples (0..1, averaged over them)."""
    return _fraction(before, after, cpus, lambda s: s.busy)


def interrupt_fraction(before: Mapping[int, CpuSample], after: Mapping[int, CpuSample],
                       cpus: Iterable[int]) -> float | None:
    """The share of ``cpus``' time spent in interrupts (loopback network work lands there)."""
    return _fraction(before, after, cpus, lambda s: s.interrupts)


def _fraction(before: Mapping[int, CpuSample], after: Mapping[int, CpuSample],
              cpus: Iterable[int], part: Callable[[CpuSample], int]) -> float | None:
    numerator = total = 0
    for cpu in cpus:
        if cpu in before and cpu in after:
            numerator += part(after[cpu]) - part(before[cpu])
            total += after[cpu].total - before[cpu].total
    return numerator / total if total > 0 else None

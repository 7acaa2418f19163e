"""Reading CPU time, peak memory and CPU busyness from /proc texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.harness.procfs import (
    CpuSample,
    ProcStat,
    busy_fraction,
    descendants,
    interrupt_fraction,
    parse_cpu_lines,
    parse_stat,
    parse_status_kb,
    tree_cpu_seconds,
    tree_peak_rss_kb,
)

# Fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
# utime stime ...
_STAT = "4242 (node (worker) 1) S 4000 4242 4242 0 -1 4194560 100 0 0 0 750 250 0 0 20 0 11"


def test_stat_line_with_spaces_and_parens_in_the_name() -> None:
    stat = parse_stat(_STAT)
    assert stat == ProcStat(pid=4242, ppid=4000, utime=750, stime=250)
    assert stat.cpu_ticks == 1000


def test_status_value_in_kb() -> None:
    status = "Name:\tnode\nVmPeak:\t  900000 kB\nVmHWM:\t  253100 kB\nVmRSS:\t 200000 kB\n"
    assert parse_status_kb(status, "VmHWM") == 253100
    assert parse_status_kb(status, "VmSwap") is None


def test_descendants_follow_parent_links_only_below_the_root() -> None:
    stats = [ProcStat(1, 0, 0, 0), ProcStat(10, 1, 0, 0), ProcStat(11, 10, 0, 0),
             ProcStat(12, 11, 0, 0), ProcStat(20, 1, 0, 0)]
    assert sorted(s.pid for s in descendants(10, stats)) == [10, 11, 12]
    assert descendants(99, stats) == []


def _fake_proc(root: Path, pid: int, ppid: int, ticks: int, hwm_kb: int) -> None:
    folder = root / str(pid)
    folder.mkdir()
    (folder / "stat").write_text(
        f"{pid} (p) S {ppid} 0 0 0 -1 0 0 0 0 0 {ticks} {ticks} 0 0 20 0 1", encoding="utf-8")
    (folder / "status").write_text(f"Name:\tp\nVmHWM:\t{hwm_kb} kB\n", encoding="utf-8")


def test_tree_sums_cpu_and_peak_rss_over_the_process_tree(tmp_path: Path) -> None:
    _fake_proc(tmp_path, 100, 1, ticks=50, hwm_kb=1000)
    _fake_proc(tmp_path, 101, 100, ticks=25, hwm_kb=500)
    _fake_proc(tmp_path, 200, 1, ticks=999, hwm_kb=99999)  # not in the tree
    (tmp_path / "self").mkdir()  # non-numeric entries are ignored
    import os

    ticks = os.sysconf("SC_CLK_TCK")
    assert tree_cpu_seconds(100, tmp_path) == pytest.approx(150 / ticks)
    assert tree_peak_rss_kb(100, tmp_path) == 1500


def test_cpu_lines_and_busy_fraction() -> None:
    before = parse_cpu_lines("cpu  1 2 3 4\ncpu0 100 0 50 800 50 0 0 0 7 0\n"
                             "cpu1 10 0 10 980 0 0 0 0 0 0\nintr 1\n")
    after = parse_cpu_lines("cpu0 190 0 60 850 50 0 0 0 9 0\ncpu1 20 0 10 1170 0 0 0 0 0 0\n")
    assert before[0] == CpuSample(busy=150, total=1000, interrupts=0)
    assert busy_fraction(before, after, [0]) == pytest.approx(100 / 150)
    assert busy_fraction(before, after, [0, 1]) == pytest.approx(110 / 350)
    assert busy_fraction(before, after, [5]) is None


def test_interrupt_share_counts_hard_and_soft_interrupts() -> None:
    before = parse_cpu_lines("cpu0 100 0 50 800 50 10 20 0 0 0\n")
    after = parse_cpu_lines("cpu0 150 0 60 820 50 15 55 0 0 0\n")
    assert before[0].interrupts == 30
    assert interrupt_fraction(before, after, [0]) == pytest.approx(40 / 120)

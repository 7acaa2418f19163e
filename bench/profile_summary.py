"""Summarise py-spy's collapsed stacks: the functions with the most self and inclusive samples."""

from __future__ import annotations

import re
import sys
from collections import Counter

__all__ = ["summarize"]

_LINE = re.compile(r":\d+\)$")
_SITE = re.compile(r"/(?:site-packages|lib/python3\.\d+)/")


def _frame(raw: str) -> str:
    """``func (path:line)`` without the line number and with a short path."""
    frame = _LINE.sub(")", raw.strip())
    name, _, path = frame.partition(" (")
    path = path.rstrip(")")
    parts = _SITE.split(path)
    short = parts[-1] if len(parts) > 1 else "/".join(path.split("/")[-2:])
    return f"{name} ({short})"


def summarize(collapsed: str, top: int = 30) -> str:
    """A text table of the top ``top`` functions by self and by inclusive share of samples."""
    own: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    total = 0
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [_frame(f) for f in stack.split(";")]
        own[frames[-1]] += n
        for f in set(frames):
            incl[f] += n
    if not total:
        return "no samples\n"
    lines = [f"{total} samples", "", "self %  function"]
    lines += [f"{100 * n / total:6.1f}  {f}" for f, n in own.most_common(top)]
    lines += ["", "incl %  function"]
    lines += [f"{100 * n / total:6.1f}  {f}" for f, n in incl.most_common(top)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(summarize(open(sys.argv[1]).read()))  # noqa: SIM115

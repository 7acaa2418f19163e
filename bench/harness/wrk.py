"""Closed-loop HTTP load with wrk: the Lua script it runs and the summary it prints.

The script POSTs the benchmark body, counts responses whose body length differs from the
correct one (a 200 carrying GraphQL errors is not a success), stops after a maximum number of
answers (a run is bounded in time and in requests), and prints one JSON line at the end with
the counts and exact latency percentiles, which :func:`parse_wrk_output` reads.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["WrkError", "WrkResult", "parse_wrk_output", "run_wrk", "wrk_script"]

MARKER = "HELHED_WRK "
"""Prefix of the summary line printed by the script's ``done``."""

_PERCENTILES = (50, 75, 90, 99, 99.9)

_SCRIPT = """\
wrk.method = "POST"
wrk.body = {body}
{headers}
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) bad_bodies = 0; answered = 0 end
function response(status, headers, body)
  if status == 200 and #body ~= {expected_length} then bad_bodies = bad_bodies + 1 end
  answered = answered + 1
  if answered >= {max_requests} then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("bad_bodies") end
  local e = summary.errors
  io.write(string.format(
    '{marker}{{"requests": %d, "duration_us": %d, "bytes": %d, "bad_bodies": %d, '
    .. '"errors": {{"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}, '
    .. '"latency_us": {{"mean": %.1f, "max": %d{percentile_formats}}}}}\\n',
    summary.requests, summary.duration, summary.bytes, bad,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.max{percentile_values}))
end
"""


class WrkError(RuntimeError):
    """wrk failed or printed no summary; the message has its output."""


@dataclass(frozen=True)
class WrkResult:
    """One wrk run's summary."""

    requests: int
    duration_s: float
    bytes: int
    bad_bodies: int
    errors: Mapping[str, int]
    latency_ms: Mapping[str, float]
    """``mean``, ``max``, ``p50``, ``p75``, ``p90``, ``p99``, ``p99.9`` in milliseconds."""

    @property
    def requests_per_second(self) -> float:
        """Completed requests per second of the run."""
        return self.requests / self.duration_s if self.duration_s > 0 else 0.0

    @property
    def error_count(self) -> int:
        """Socket errors, non-2xx answers, timeouts and wrong bodies together."""
        return sum(self.errors.values()) + self.bad_bodies

    def describe_errors(self) -> str:
        """A short text of the non-zero error counts (empty when there are none)."""
        parts = [f"{count} {name}" for name, count in self.errors.items() if count]
        if self.bad_bodies:
            parts.append(f"{self.bad_bodies} wrong bodies")
        return ", ".join(parts)


def _lua_string(text: str) -> str:
    """A double-quoted Lua string literal: printable ASCII as is, everything else ``\\ddd``."""
    out = []
    for byte in text.encode("utf-8"):
        char = chr(byte)
        if char in {'"', "\\"} or not 32 <= byte < 127:
            out.append(f"\\{byte:03d}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def wrk_script(body: str, headers: Mapping[str, str], expected_length: int,
               max_requests: int = 1_000_000) -> str:
    """The Lua script for one target: its body, headers and correct response length.

    A run stops after ``max_requests`` answers even if its time is not up.
    """
    header_lines = "\n".join(f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}"
                             for k, v in headers.items())
    return _SCRIPT.format(
        body=_lua_string(body), headers=header_lines, expected_length=expected_length,
        max_requests=max_requests,
        marker=MARKER,
        percentile_formats="".join(f', "p{p:g}": %.1f' for p in _PERCENTILES),
        percentile_values="".join(f", latency:percentile({p:g})" for p in _PERCENTILES))


def parse_wrk_output(stdout: str) -> WrkResult:
    """Read the summary line the script printed; raise :class:`WrkError` if there is none."""
    for line in stdout.splitlines():
        if line.startswith(MARKER):
            raw = json.loads(line[len(MARKER):])
            latency = {k: float(v) / 1000.0 for k, v in raw["latency_us"].items()}
            return WrkResult(requests=int(raw["requests"]),
                             duration_s=int(raw["duration_us"]) / 1e6, bytes=int(raw["bytes"]),
                             bad_bodies=int(raw["bad_bodies"]),
                             errors={k: int(v) for k, v in raw["errors"].items()},
                             latency_ms=latency)
    raise WrkError(f"no summary in wrk's output:\n{stdout}")


def run_wrk(url: str, script: Path, *, connections: int, duration: float, timeout: float,
            prefix: Sequence[str] = ()) -> WrkResult:
    """Drive ``url`` with ``connections`` closed-loop connections for ``duration`` seconds.

    One wrk thread: on the load side's single core more threads only add switching.
    ``prefix`` (e.g. ``taskset -c 1``) goes before the wrk command.
    """
    argv = [*prefix, "wrk", "-t1", f"-c{connections}", f"-d{max(1, round(duration))}s",
            f"--timeout={max(1, round(timeout))}s", "-s", str(script), url]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, check=False,  # noqa: S603
                              timeout=duration + timeout + 30)
    except subprocess.TimeoutExpired as exc:
        raise WrkError(f"wrk did not finish: {' '.join(argv)}") from exc
    if done.returncode != 0:
        raise WrkError(f"wrk exited with {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return parse_wrk_output(done.stdout)

"""The bench's statistics: percentiles of one run, medians over runs, machine facts."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Mapping, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

__all__ = ["machine_facts", "median_of_runs", "percentile", "rss_mb", "slope"]


def percentile(values: Sequence[float], q: float) -> float:
    """The `q`-th percentile (0-100) by linear interpolation between closest ranks
    (numpy's default), so p50 of [1, 2, 3, 4] is 2.5. Raises ValueError when empty."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile q must be 0-100, got {q}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median_of_runs(runs: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """Per key, the median over runs of that key's value (keys of the first run; every
    run must have them). Raises ValueError when there is no run."""
    if not runs:
        raise ValueError("median of no runs")
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The least-squares slope of ys over xs (e.g. MB per added session). Raises
    ValueError with fewer than two distinct xs."""
    if len(xs) != len(ys):
        raise ValueError(f"slope of {len(xs)} xs and {len(ys)} ys")
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if len(xs) < 2 or sxx == 0:
        raise ValueError(f"slope needs two distinct xs, got {list(xs)}")
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process (this one by default) in MB, from /proc (Linux)."""
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text(encoding="ascii")
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    raise ValueError(f"no VmRSS in /proc/{pid}/status")


def machine_facts() -> dict[str, Any]:
    """What the figures depend on: cores, CPU, load averages (1, 5, 15 min) now."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "load_avg": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "mediapipe": version("mediapipe"),
    }

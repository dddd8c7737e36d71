"""The bench's document as a human-readable table, against issues 15's and 16's targets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["TARGETS", "Target", "table"]


@dataclass(frozen=True, slots=True)
class Target:
    key: str  # in the bench's JSON
    measure: str
    unit: str
    bound: Literal["max", "min"]  # "max": at most `value`; "min": at least
    value: float

    def met(self, measured: float) -> bool:
        return measured <= self.value if self.bound == "max" else measured >= self.value

    def text(self) -> str:
        return f"{'<=' if self.bound == 'max' else '>='} {self.value:g}{self.unit}"


# The targets on the 2-core machine: issue 15's (server mode), then issue 16's.
TARGETS = (
    Target("frame_ms_p50", "server work per 640x480 frame, median", " ms", "max", 12),
    Target("e2e_ms_p95", "live latency, one session, p95", " ms", "max", 60),
    Target(
        "sessions_at_15fps", "live sessions at 15 fps, p95 <= 150 ms, counts right", "", "min", 6
    ),
    Target("offline_x_realtime", "offline speed (start-up excluded)", "x", "min", 3),
    Target("mb_per_session", "memory per session", " MB", "max", 50),
    Target("naive_ratio", "against the naive way", "x", "min", 2.5),
    # Issue 16's, on-device sessions (the page sends landmarks at 15 a second):
    Target("device_sessions", "on-device sessions, p95 <= 5 ms per message", "", "min", 100),
)


def table(doc: Mapping[str, Any]) -> str:
    """Markdown tables: the targets, the stages, the ladder, the machine."""
    lines = ["| measure | target | measured | met |", "|---|---|---:|---|"]
    for t in TARGETS:
        if t.key not in doc:
            continue  # a measure left out of this run (`BenchPlan.device`)
        value = doc[t.key]
        lines.append(
            f"| {t.measure} | {t.text()} | {value:g}{t.unit} | {'yes' if t.met(value) else 'no'} |"
        )
    lines += ["", "| stage | ms per frame, p50 | naive way |", "|---|---:|---:|"]
    for stage, ms in doc["stages_ms_p50"].items():
        lines.append(f"| {stage} | {ms:.2f} | {doc['naive_stages_ms_p50'][stage]:.2f} |")
    lines.append(f"| **frame** | {doc['frame_ms_p50']:.2f} | {doc['naive_frame_ms_p50']:.2f} |")
    lines += ["", "| live sessions | p50 ms | p95 ms | counts | dropped | server MB |"]
    lines.append("|---:|---:|---:|---|---:|---:|")
    for r in doc["ladder"]:
        lines.append(
            f"| {r['sessions']} | {r['e2e_ms_p50']:.0f} | {r['e2e_ms_p95']:.0f} | "
            f"{'right' if r['counts_right'] else 'wrong'} | {r['dropped']} | "
            f"{r['steady_mb']:.0f} |"
        )
    off, m = doc["offline"], doc["machine"]
    lines += [
        "",
        f"offline: {off['clip']} ({off['clip_s']} s) in {off['work_s']} s of work "
        f"({doc['offline_x_realtime']}x), {off['command_s']} s for the whole command "
        f"({doc['offline_x_realtime_with_startup']}x)",
        f"live, one session: p50 {doc['e2e_ms_p50']} ms, p95 {doc['e2e_ms_p95']} ms, the "
        f"server's own work per frame p50 {doc['live_server_ms_p50']} ms; "
        f"memory: {doc['mb_per_session']} MB per added session (slope over the ladder)",
        f"machine: {m['cores']} cores, {m['cpu']}; load {m['load_avg']} at the start, "
        f"{m['load_avg_end']} at the end; medians of {doc['plan']['runs']} runs; "
        f"{doc['wall_s']} s",
    ]
    return "\n".join(lines) + "\n"

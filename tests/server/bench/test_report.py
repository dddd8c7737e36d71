from __future__ import annotations

import pytest

from server.bench.report import TARGETS, Target, table
from server.bench.stages import STAGES


def test_every_target_is_a_headline_key_of_issue_15_or_16() -> None:
    assert [t.key for t in TARGETS] == [
        "frame_ms_p50",
        "e2e_ms_p95",
        "sessions_at_15fps",
        "offline_x_realtime",
        "mb_per_session",
        "naive_ratio",
        "device_sessions",
    ]


@pytest.mark.parametrize(
    ("bound", "measured", "met"),
    [("max", 12.0, True), ("max", 12.01, False), ("min", 6, True), ("min", 5, False)],
)
def test_a_target_is_met_at_its_bound(bound: str, measured: float, met: bool) -> None:
    value = 12.0 if bound == "max" else 6.0
    assert Target("k", "m", "", bound, value).met(measured) is met  # type: ignore[arg-type]


def test_the_table_says_met_or_not_for_each_target() -> None:
    doc = {
        "frame_ms_p50": 11.0,
        "e2e_ms_p95": 70.0,
        "sessions_at_15fps": 6,
        "offline_x_realtime": 3.5,
        "offline_x_realtime_with_startup": 2.0,
        "mb_per_session": 60.0,
        "naive_ratio": 2.6,
        "naive_frame_ms_p50": 28.6,
        "e2e_ms_p50": 20.0,
        "live_server_ms_p50": 14.0,
        "stages_ms_p50": dict.fromkeys(STAGES, 1.0),
        "naive_stages_ms_p50": dict.fromkeys(STAGES, 2.0),
        "ladder": [
            {
                "sessions": 1,
                "e2e_ms_p50": 20,
                "e2e_ms_p95": 50,
                "counts_right": True,
                "dropped": 0,
                "steady_mb": 400,
            }
        ],
        "offline": {"clip": "c.mp4", "clip_s": 10.0, "work_s": 2.9, "command_s": 5.0},
        "machine": {"cores": 2, "cpu": "x", "load_avg": [1, 1, 1], "load_avg_end": [1, 1, 1]},
        "plan": {"runs": 3},
        "wall_s": 100.0,
    }
    text = table(doc)
    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines()}
    assert rows["server work per 640x480 frame, median"].endswith("| yes |")
    assert rows["live latency, one session, p95"].endswith("| no |")
    assert rows["memory per session"].endswith("| no |")
    assert "| decode | 1.00 | 2.00 |" in text

from __future__ import annotations

import pytest

from exercises.events import (
    BreathCompleted,
    FormFault,
    HoldEnded,
    NotJudged,
    PoseLost,
    RepCompleted,
    SideName,
)
from exercises.summary import SessionSummary, SourceFacts

FACTS = SourceFacts("clip.mp4", fps=30.0, frames=300, duration_s=10.0, frames_with_pose=240)


def rep(i: int, side: SideName | None = None) -> RepCompleted:
    return RepCompleted(
        timestamp_ms=i * 2000,
        index=i,
        set_index=1,
        rep_in_set=i,
        side=side,
        start_s=i * 2 - 1.5,
        peak_s=i * 2 - 1.0,
        end_s=i * 2.0,
        hold_s=0.4,
        peak_angle_deg=168.26,
        faults=("bridge_too_fast",),
    )


def hold(side: SideName | None, duration_s: float, target_s: float) -> HoldEnded:
    return HoldEnded(
        timestamp_ms=9000,
        side=side,
        start_s=1.0,
        end_s=1.0 + duration_s,
        duration_s=duration_s,
        target_s=target_s,
        completed=duration_s >= target_s,
    )


def test_reps_and_faults_come_from_events_only() -> None:
    s = SessionSummary("bridge", message_for=lambda code: f"text for {code}")
    s.add([rep(1), PoseLost(timestamp_ms=2500), rep(2), FormFault(timestamp_ms=3100, code="x_y")])
    report = s.report(FACTS)
    out = report.to_json()
    assert out["reps"] == 2
    assert out["reps_by_side"] is None
    assert out["pose_coverage"] == pytest.approx(0.8)
    assert out["rep_events"][1] == {
        "index": 2,
        "side": None,
        "start_s": 2.5,
        "peak_s": 3.0,
        "end_s": 4.0,
        "hold_s": 0.4,
        "peak_angle_deg": 168.3,
        "faults": ["bridge_too_fast"],
        "unsure": False,
        "doubts": [],
    }
    assert out["faults"] == [{"code": "x_y", "t_s": 3.1, "message": "text for x_y"}]
    assert out["breaths"] is None
    assert out["breath_rate_bpm"] is None


def test_one_sided_reps_by_side() -> None:
    s = SessionSummary("clamshell", one_sided=True)
    s.add([rep(1, "left"), rep(2, "left"), rep(3, "right")])
    assert s.report(FACTS).to_json()["reps_by_side"] == {"left": 2, "right": 1}


def test_hold_exercises_count_completed_holds_only() -> None:
    s = SessionSummary("hip_flexor_stretch", counts_holds=True, one_sided=True)
    s.add([hold("left", 31.0, 30.0), hold("left", 12.0, 30.0), hold("right", 30.0, 30.0)])
    out = s.report(FACTS).to_json()
    assert out["reps"] == 2
    assert out["reps_by_side"] == {"left": 1, "right": 1}
    assert [h["duration_s"] for h in out["holds"]] == [31.0, 12.0, 30.0]
    assert out["holds"][0]["angle_deg"] is None


def test_breath_rate_from_breath_lengths() -> None:
    s = SessionSummary("breathing", counts_holds=True, breathing=True)
    s.add(
        BreathCompleted(
            timestamp_ms=i * 10_000,
            index=i,
            start_s=i * 10.0,
            inhale_s=4.0,
            exhale_s=6.0,
            rate_bpm=6.0,
        )
        for i in range(3)
    )
    out = s.report(FACTS).to_json()
    assert out["breaths"] == 3
    assert out["breath_rate_bpm"] == pytest.approx(6.0)
    assert [(b["start_s"], b["inhale_s"], b["exhale_s"]) for b in out["breath_events"]] == [
        (0.0, 4.0, 6.0),
        (10.0, 4.0, 6.0),
        (20.0, 4.0, 6.0),
    ]


def test_no_frames_gives_zero_coverage() -> None:
    empty = SourceFacts("x", 30.0, 0, 0.0, 0)
    assert SessionSummary("bridge").report(empty).pose_coverage == 0.0


def _nj(t_ms: int) -> NotJudged:
    return NotJudged(timestamp_ms=t_ms, code="clamshell_not_judged_lengthwise")


@pytest.mark.parametrize(
    ("events", "not_judged"),
    [
        ([], None),
        ([rep(1), rep(2)], None),
        ([_nj(1000)], "clamshell_not_judged_lengthwise"),
        ([rep(1), _nj(5000)], "clamshell_not_judged_lengthwise"),  # counted, then not judged
        ([_nj(1000), rep(1)], None),  # the camera was moved, and it was judged after all
    ],
)
def test_not_judged_is_the_last_one_with_nothing_counted_after_it(
    events: list[RepCompleted | NotJudged], not_judged: str | None
) -> None:
    summary = SessionSummary("clamshell", message_for=lambda code: f"text of {code}")
    summary.add(events)
    out = summary.report(FACTS).to_json()["not_judged"]
    if not_judged is None:
        assert out is None
    else:
        assert out == {"code": not_judged, "message": f"text of {not_judged}"}

"""server.live.summary: a session's summary from its recorded wire events."""

from __future__ import annotations

from typing import Any

import pytest

from exercises.base import Prescription
from exercises.events import BreathCompleted, Event, FormFault, HoldEnded, event_to_wire
from server.live.summary import summarise
from server.store.recording import SessionRecord


def record(duration_s: float) -> SessionRecord:
    return SessionRecord(
        id="s1",
        user_id=1,
        workout_id=None,
        exercise="breathing",
        prescription=Prescription(reps=1, sets=1, duration_s=duration_s),
        started_ms=1_000,
        finished_ms=76_000,
        frames_received=1125,
        frames_dropped=0,
        frames_rejected=0,
    )


def hold(t_ms: int, start_s: float, duration_s: float, completed: bool) -> HoldEnded:
    return HoldEnded(
        timestamp_ms=t_ms,
        side=None,
        start_s=start_s,
        end_s=start_s + duration_s,
        duration_s=duration_s,
        target_s=60.0,
        completed=completed,
    )


def wire(events: list[Event]) -> list[dict[str, Any]]:
    return [event_to_wire(e) for e in events]


def test_breathing_session_time_adds_up_over_a_break() -> None:
    events: list[Event] = [
        hold(21_000, 0.0, 20.0, completed=False),  # sat up for a moment
        BreathCompleted(
            timestamp_ms=40_000, index=1, start_s=31.0, inhale_s=4.0, exhale_s=6.0, rate_bpm=6.0
        ),
        FormFault(timestamp_ms=50_000, code="breathing_too_fast", value=12.0),
        hold(71_000, 30.0, 40.0, completed=True),
    ]
    summary = summarise(record(60.0), wire(events))
    assert summary["time_in_position_s"] == pytest.approx(60.0)
    assert summary["longest_hold_s"] == pytest.approx(40.0)
    assert (summary["holds"], summary["holds_completed"], summary["breaths"]) == (2, 1, 1)
    assert summary["faults"] == {"breathing_too_fast": 1}
    assert summary["duration_s"] == pytest.approx(75.0)


def test_no_holds_no_time_in_position() -> None:
    summary = summarise(record(300.0), [])
    assert summary["time_in_position_s"] == 0.0
    assert summary["holds"] == 0

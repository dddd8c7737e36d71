"""server.live.summary: a session's summary from its recorded wire events."""

from __future__ import annotations

from typing import Any

import pytest

from exercises.base import Prescription
from exercises.events import (
    BreathCompleted,
    Event,
    FormFault,
    HoldEnded,
    SetCompleted,
    event_from_wire,
    event_to_wire,
)
from server.live.summary import summarise
from server.store.recording import SessionRecord
from tests.exercises.builders import rep_event
from tests.server.wire import sent


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


def _summarise(record: SessionRecord, events: list[dict[str, Any]]) -> Any:
    """The summary as the page reads it, of events as they are stored."""
    return sent(summarise(record, [event_from_wire(e) for e in events]))


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
    summary = _summarise(record(60.0), wire(events))
    assert summary["time_in_position_s"] == pytest.approx(60.0)
    assert summary["longest_hold_s"] == pytest.approx(40.0)
    assert (summary["holds"], summary["holds_completed"], summary["breaths"]) == (2, 1, 1)
    assert summary["faults"] == {"breathing_too_fast": 1}
    assert summary["duration_s"] == pytest.approx(75.0)


def test_no_holds_no_time_in_position() -> None:
    summary = _summarise(record(300.0), [])
    assert summary["time_in_position_s"] == 0.0
    assert summary["holds"] == 0


def bridge_record(reps: int, hold_s: float) -> SessionRecord:
    return SessionRecord(
        id="s2",
        user_id=1,
        workout_id=None,
        exercise="bridge",
        prescription=Prescription(reps=reps, sets=3, hold_s=hold_s),
        started_ms=1_000,
        finished_ms=31_000,
        frames_received=450,
        frames_dropped=0,
        frames_rejected=0,
    )


def test_stopped_at_one_of_twelve_reps_is_no_completed_set() -> None:
    """Issues 14 and 23: stopped at 1 of 12 reps, no set is done, and the set under way
    says so, as every page says it. A session stored before the rule closed the set at
    the stop (`full: false`): that closing is read past, its progress worked out anew."""
    stored = [*wire([rep_event(3_000)]), event_to_wire(SetCompleted(
        timestamp_ms=10_000, set_index=1, reps=1, side=None, rest_s=60.0
    )) | {"full": False}]  # fmt: skip
    summary = _summarise(bridge_record(12, 0.0), stored)
    progress = summary["progress"]
    assert (progress["sets_done"], progress["set_index"], progress["reps_in_set"]) == (0, 1, 1)
    assert summary["progress_texts"] == {
        "nl": "0 van 3 sets klaar, 1 van 12 herhalingen in set 1",
        "en": "0 of 3 sets done, 1 of 12 reps in set 1",
    }
    assert summary["prescription_done"] is False


def test_holds_are_counted_against_the_prescribed_seconds() -> None:
    """Issue 14: "3 keer vastgehouden (langste 2 s)" when only 2 holds reached 2 s."""
    events: list[Event] = [
        HoldEnded(
            timestamp_ms=5_000 * i,
            side=None,
            start_s=5.0 * i - 3,
            end_s=5.0 * i - 3 + d,
            duration_s=d,
            target_s=2.0,
            completed=d >= 2.0,
        )
        for i, d in enumerate([2.1, 1.6, 2.4], start=1)
    ]
    summary = _summarise(bridge_record(12, 2.0), wire(events))
    assert (summary["holds"], summary["holds_completed"]) == (3, 2)

"""A patient's history written through the app's own stores, then moved back in time:
a workout with its pain scores and one session with reps at each peak angle, `days_ago`
days before now (for the API and browser tests of progress)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import update

from exercises.events import HoldEnded, RepCompleted
from exercises.registry import default_prescription
from server.api.state import AppState
from server.clock import now_ms
from server.store.models import SessionRow, WorkoutRow
from server.store.workouts import PainMoment

__all__ = ["DAY_MS", "seed_session"]

DAY_MS = 24 * 3600 * 1000


def _rep_events(peaks_deg: Sequence[float], hold_s: float) -> list[RepCompleted | HoldEnded]:
    events: list[RepCompleted | HoldEnded] = []
    for i, peak in enumerate(peaks_deg, start=1):
        start_s = 10.0 * i
        end_s = start_s + hold_s + 2.0
        hold = HoldEnded(
            timestamp_ms=round(1000 * (end_s - 1.0)), side=None, start_s=start_s + 1.0,
            end_s=start_s + 1.0 + hold_s, duration_s=hold_s, target_s=5.0,
            completed=hold_s >= 5.0,
        )  # fmt: skip
        events += [hold] if hold_s > 0 else []  # without holds (the clamshell) none is sent
        events.append(
            RepCompleted(
                timestamp_ms=round(1000 * end_s), index=i, set_index=1, rep_in_set=i, side=None,
                start_s=start_s, peak_s=start_s + 1.0, end_s=end_s, hold_s=hold_s,
                peak_angle_deg=peak,
            )
        )  # fmt: skip
    return events


def seed_session(
    state: AppState,
    patient_id: int,
    days_ago: float,
    *,
    exercise: str = "bridge",
    peaks_deg: Sequence[float] = (175.0,) * 5,
    hold_s: float = 5.0,
    pain: tuple[int | None, int | None] = (None, None),
) -> str:
    """One finished session (in a workout with `pain` before and after), its start
    `days_ago` days before now; returns its id."""
    workout_id = state.workouts.start(patient_id)
    moments: tuple[PainMoment, PainMoment] = ("before", "after")
    for moment, score in zip(moments, pain, strict=True):
        if score is not None:
            state.workouts.set_pain(workout_id, moment, score)
    session_id, _ = state.sessions.create(
        patient_id, exercise, default_prescription(exercise), workout_id
    )
    state.sessions.record_events(session_id, _rep_events(peaks_deg, hold_s))
    state.sessions.finish(session_id)
    started = now_ms() - round(days_ago * DAY_MS)
    with state.db.transaction() as conn:
        conn.execute(
            update(SessionRow)
            .where(SessionRow.id == session_id)
            .values(started_ms=started, finished_ms=started + 120_000)
        )
        conn.execute(
            update(WorkoutRow)
            .where(WorkoutRow.id == workout_id)
            .values(started_ms=started - 60_000, finished_ms=started + 180_000)
        )
    return session_id

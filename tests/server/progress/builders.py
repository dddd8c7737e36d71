"""Progress inputs for tests: sessions and workouts on days before a fixed today, in the
clinic's time zone (`history(...)`), instead of literal-filled fixtures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from server.progress.model import PlanItem, ProgressInput, SessionFacts, WorkoutPain

__all__ = ["BRIDGE_BAND", "TODAY", "TZ", "at_ms", "daily", "history", "session", "workout"]

TZ = ZoneInfo("Europe/Amsterdam")
TODAY = date(2026, 12, 1)  # a Tuesday
BRIDGE_BAND = (160.0, 195.0)


def at_ms(days_ago: int, hour: int = 10) -> int:
    """Epoch ms of `hour`:00 local time, `days_ago` days before TODAY."""
    day = TODAY - timedelta(days=days_ago)
    return int(datetime(day.year, day.month, day.day, hour, tzinfo=TZ).timestamp() * 1000)


def session(
    days_ago: int,
    exercise: str = "bridge",
    *,
    peak_deg: float | None = 175.0,
    reps: int = 10,
    hold_s: float | None = 5.0,
    hour: int = 10,
    sid: str | None = None,
) -> SessionFacts:
    return SessionFacts(
        session_id=sid or f"{exercise}-{days_ago}-{hour}",
        exercise=exercise,
        started_ms=at_ms(days_ago, hour),
        reps=reps,
        breaths=None,
        hold_s=hold_s,
        peak_angle_deg=peak_deg,
        time_in_position_s=0.0,
    )


def workout(
    days_ago: int,
    before: int | None,
    after: int | None,
    wid: int | None = None,
    advice: str | None = None,
) -> WorkoutPain:
    return WorkoutPain(
        wid if wid is not None else 1000 - days_ago, at_ms(days_ago, 9), before, after, advice
    )


def daily(*exercises: str) -> tuple[PlanItem, ...]:
    """Each exercise every day (the clinic's default), the bridge with its target band."""
    return tuple(PlanItem(e, 7, BRIDGE_BAND if e == "bridge" else None) for e in exercises)


def history(
    sessions: Sequence[SessionFacts] = (),
    workouts: Sequence[WorkoutPain] = (),
    plan: Sequence[PlanItem] = daily("bridge"),
    red_flags: Sequence[str] = (),
    today: date = TODAY,
) -> ProgressInput:
    return ProgressInput(tuple(sessions), tuple(workouts), tuple(plan), tuple(red_flags), today, TZ)

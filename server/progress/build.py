"""One patient's stored sessions in, their `Progress` out: the one place it is worked out.

Adherence counts from the day of the first counted session (before it nothing was
planned yet) over the last `CALENDAR_WEEKS` weeks, Monday first. A week's planned
sessions are each exercise's `sessions_per_week`; in a week only partly counted (the
running one, the first one) its share of the days, rounded up. Each exercise counts up to
what is planned, so a week is never more than 100 %, and a day counts each exercise once.
The programme is today's: earlier programmes are not kept.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from statistics import median

from exercises.base import Prescription
from exercises.events import Event, HoldEnded, RepCompleted
from exercises.progress_text import progress_texts
from exercises.run import new_summary
from server.progress.flags import RULES, FlagRules, day_of, flags_of
from server.progress.model import (
    DayCell,
    ExerciseSeries,
    PainPoint,
    PlanItem,
    Progress,
    ProgressInput,
    SessionFacts,
    WeekRow,
)

__all__ = ["CALENDAR_WEEKS", "build_progress", "series_of", "session_facts"]

CALENDAR_WEEKS = 8


def session_facts(
    session_id: str,
    exercise: str,
    started_ms: int,
    events: Sequence[Event],
    prescription: Prescription | None = None,
) -> SessionFacts:
    """A session's facts from its events, its counts from the one summary (its progress
    against `prescription`, the exercise's default dose if None)."""
    summary = new_summary(exercise, prescription)
    summary.add(events)
    totals = summary.totals()
    progress = totals.progress
    peaks = [e.peak_angle_deg for e in events if isinstance(e, RepCompleted)]
    holds = [e.duration_s for e in events if isinstance(e, HoldEnded)]
    return SessionFacts(
        session_id=session_id,
        exercise=exercise,
        started_ms=started_ms,
        reps=totals.reps,
        breaths=totals.breaths,
        hold_s=round(median(holds), 1) if holds else None,
        peak_angle_deg=round(median(peaks), 1) if peaks else None,
        time_in_position_s=totals.time_in_position_s,
        progress_texts={} if progress is None else progress_texts(progress),
    )


def _ordered(sessions: Sequence[SessionFacts]) -> list[SessionFacts]:
    return sorted((s for s in sessions if s.counted), key=lambda s: (s.started_ms, s.session_id))


def series_of(data: ProgressInput) -> tuple[ExerciseSeries, ...]:
    """Each exercise's counted sessions, oldest first: the programme's exercises in its
    order (those never done too), then any others done, by name."""
    done = _ordered(data.sessions)
    planned = {p.exercise: p for p in data.plan}
    names = list(planned) + sorted({s.exercise for s in done} - set(planned))
    return tuple(
        ExerciseSeries(
            name,
            planned[name].target_deg if name in planned else None,
            tuple(s for s in done if s.exercise == name),
        )
        for name in names
    )


def _week(
    monday: date, start: date, today: date, plan: Sequence[PlanItem], done_on: dict[date, set[str]]
) -> WeekRow:
    days = [monday + timedelta(days=i) for i in range(7)]
    active = [d for d in days if start <= d <= today]
    names = {p.exercise for p in plan}
    daily = sum(1 for p in plan if p.sessions_per_week >= 7)
    cells = tuple(
        DayCell(
            day=d,
            done=len(done_on.get(d, set()) & names),
            planned=len(names) if d in active else 0,
            daily=daily if d in active else 0,
            future=d > today,
        )
        for d in days
    )
    done = planned = 0
    for p in plan:
        share = math.ceil(p.sessions_per_week * len(active) / 7)  # all of it in a full week
        count = sum(1 for d in active if p.exercise in done_on.get(d, set()))
        done, planned = done + min(count, share), planned + share
    return WeekRow(monday, done, planned, len(active) < 7, cells)


def _weeks(data: ProgressInput, done: Sequence[SessionFacts]) -> tuple[WeekRow, ...]:
    """The calendar; a day holds an exercise once however many times it was done."""
    done_on: dict[date, set[str]] = {}
    for s in done:
        done_on.setdefault(day_of(s.started_ms, data.tz), set()).add(s.exercise)
    start = min(done_on, default=data.today + timedelta(days=1))
    this_monday = data.today - timedelta(days=data.today.weekday())
    mondays = [this_monday - timedelta(weeks=k) for k in reversed(range(CALENDAR_WEEKS))]
    return tuple(_week(m, start, data.today, data.plan, done_on) for m in mondays)


def build_progress(data: ProgressInput, rules: FlagRules = RULES) -> Progress:
    done = _ordered(data.sessions)
    series = series_of(data)
    scored = sorted(
        (w for w in data.workouts if w.before is not None or w.after is not None),
        key=lambda w: (w.started_ms, w.workout_id),
    )
    return Progress(
        weeks=_weeks(data, done),
        series=series,
        pain=tuple(PainPoint(w.started_ms, w.before, w.after) for w in scored),
        flags=flags_of(data, series, rules),
        last_session_ms=done[-1].started_ms if done else None,
        today=data.today,
    )

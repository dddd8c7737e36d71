"""Progress as typed values: what goes in (one patient's sessions, workouts' pain, plan,
ticked red flags, today) and what comes out (`Progress`: weeks, series, flags).

Pure: no database, no clock. Times are epoch milliseconds (`*_ms`); days are dates in
the clinic's time zone, which the caller hands over with today's date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo

from server.protocol.patients import FlagCode, FlagWire
from server.protocol.progress import (
    DayWire,
    PainPointWire,
    ProgressReport,
    SeriesWire,
    SessionFactsWire,
    WeekWire,
)

__all__ = [
    "ADHERENCE_WEEKS",
    "FLAG_CODES",
    "Adherence",
    "DayCell",
    "ExerciseSeries",
    "Flag",
    "FlagCode",
    "PainPoint",
    "PlanItem",
    "Progress",
    "ProgressInput",
    "SessionFacts",
    "WeekRow",
    "WorkoutPain",
]

# The therapist's reading order: the patient's own alarm first, the safety advice they
# were given, then what the data says.
FLAG_CODES: tuple[FlagCode, ...] = (
    "red_flags",
    "pain_advice",
    "pain_rising",
    "rom_falling",
    "no_session",
)


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """One exercise session as progress reads it (`build.session_facts` makes it from
    the session's events). `peak_angle_deg`: the median of its reps' peak key angles;
    `hold_s`: the median of its holds; None when it had none."""

    session_id: str
    exercise: str
    started_ms: int
    reps: int
    breaths: int | None
    hold_s: float | None
    peak_angle_deg: float | None
    time_in_position_s: float
    # Its progress in words per language (`exercises.progress_text`), as the patient's
    # summary, the session list and the report say it.
    progress_texts: dict[str, str] = field(default_factory=dict)

    @property
    def counted(self) -> bool:
        """Something was done: a rep, a breath or time in position (an opened and
        closed session is not a session done)."""
        return self.reps > 0 or bool(self.breaths) or self.time_in_position_s > 0


@dataclass(frozen=True, slots=True)
class WorkoutPain:
    """A workout's pain scores, 0-10 (numeric rating scale), None when not asked; and
    the safety advice given on them (`server.progress.pain_advice`'s code), if any."""

    workout_id: int
    started_ms: int
    before: int | None
    after: int | None
    advice: str | None = None

    def __post_init__(self) -> None:
        for name in ("before", "after"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 10:
                raise ValueError(f"WorkoutPain.{name} must be 0-10, got {value}")

    @property
    def score(self) -> int | None:
        """The pain the flag reads: after the workout when asked, else before."""
        return self.after if self.after is not None else self.before


@dataclass(frozen=True, slots=True)
class PlanItem:
    """An exercise of the patient's programme, switched on, and how often a week;
    `target_deg`: its key angle's target band (low, high or None), None without one."""

    exercise: str
    sessions_per_week: int
    target_deg: tuple[float, float | None] | None = None


@dataclass(frozen=True, slots=True)
class ProgressInput:
    sessions: Sequence[SessionFacts]
    workouts: Sequence[WorkoutPain]
    plan: Sequence[PlanItem]
    red_flags: Sequence[str]  # the intake's ticked warning signs (keys; not the reasons
    # to make an appointment, which put nobody first)
    today: date  # in `tz`
    tz: tzinfo


@dataclass(frozen=True, slots=True)
class DayCell:
    """One calendar day: how many of the programme's exercises were done (each once at
    most, so never more than `planned`, the number in the programme), and how many of
    them are planned every day (`daily`: a day without any is a missed day only then).
    Before the first session and after today nothing is planned."""

    day: date
    done: int
    planned: int
    daily: int
    future: bool  # after today: nothing to count yet


@dataclass(frozen=True, slots=True)
class WeekRow:
    """A week, Monday first: sessions done against planned, each exercise counted up to
    its `sessions_per_week` (so `done <= planned`); `partial` for the running week."""

    monday: date
    done: int
    planned: int
    partial: bool
    days: tuple[DayCell, ...]

    @property
    def adherence(self) -> float:
        return self.done / self.planned if self.planned else 0.0


@dataclass(frozen=True, slots=True)
class ExerciseSeries:
    exercise: str
    target_deg: tuple[float, float | None] | None
    sessions: tuple[SessionFacts, ...]  # counted ones, oldest first


@dataclass(frozen=True, slots=True)
class PainPoint:
    started_ms: int
    before: int | None
    after: int | None


@dataclass(frozen=True, slots=True)
class Flag:
    """One thing for the therapist to look at: its code, the exercise it is about (None:
    the patient), and the numbers behind it (the page's text fills them in)."""

    code: FlagCode
    exercise: str | None = None
    values: tuple[tuple[str, float | int | str], ...] = ()
    keys: tuple[str, ...] = ()  # red flags: the ticked ones

    def to_wire(self) -> FlagWire:
        return FlagWire(
            code=self.code, exercise=self.exercise, values=dict(self.values), keys=self.keys
        )


# The weeks adherence is read over on the therapist's overview: the running week and the
# three before it (a month, short enough to show a lapse, long enough not to jump a week).
ADHERENCE_WEEKS = 4


@dataclass(frozen=True, slots=True)
class Adherence:
    """Sessions done against planned over the last `weeks` calendar weeks (the calendar's
    own counts, so never over 100 %); `share` is None when nothing was planned yet."""

    done: int
    planned: int
    weeks: int

    @property
    def share(self) -> float | None:
        return round(self.done / self.planned, 3) if self.planned else None


@dataclass(frozen=True, slots=True)
class Progress:
    weeks: tuple[WeekRow, ...]  # oldest first, the running week last
    series: tuple[ExerciseSeries, ...]  # the programme's order, then others by name
    pain: tuple[PainPoint, ...]  # oldest first, workouts with a score
    flags: tuple[Flag, ...]  # in FLAG_CODES order
    last_session_ms: int | None
    today: date

    def adherence(self, weeks: int = ADHERENCE_WEEKS) -> Adherence:
        """The last `weeks` weeks of the calendar (the running week counted so far)."""
        recent = self.weeks[-weeks:]
        return Adherence(sum(w.done for w in recent), sum(w.planned for w in recent), weeks)

    def to_wire(self, timezone: str) -> ProgressReport:
        """`GET /api/patients/{id}/progress`: the dates as ISO dates in `timezone` (the
        clinic's IANA name, in which `today` and the days were taken)."""
        return ProgressReport(
            flags=tuple(f.to_wire() for f in self.flags),
            last_session_ms=self.last_session_ms,
            today=self.today.isoformat(),
            weeks=tuple(
                WeekWire(
                    monday=w.monday.isoformat(),
                    done=w.done,
                    planned=w.planned,
                    adherence=round(w.adherence, 3),
                    partial=w.partial,
                    days=tuple(
                        DayWire(
                            day=d.day.isoformat(),
                            done=d.done,
                            planned=d.planned,
                            daily=d.daily,
                            future=d.future,
                        )
                        for d in w.days
                    ),
                )
                for w in self.weeks
            ),
            series=tuple(
                SeriesWire(
                    exercise=s.exercise,
                    target_deg=s.target_deg,
                    sessions=tuple(SessionFactsWire.of(f) for f in s.sessions),
                )
                for s in self.series
            ),
            pain=tuple(PainPointWire.of(p) for p in self.pain),
            timezone=timezone,
        )

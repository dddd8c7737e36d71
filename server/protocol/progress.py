"""The HTTP answers of a patient's progress across sessions (`server.progress`): weeks
of adherence, each exercise's series, pain, the flags, and their plots."""

from __future__ import annotations

from server.protocol.patients import FlagWire
from server.protocol.wire import Wire

__all__ = [
    "DayWire",
    "PainPointWire",
    "ProgressPlots",
    "ProgressReport",
    "SeriesWire",
    "SessionFactsWire",
    "WeekWire",
]


class DayWire(Wire):
    """One calendar day: the programme's exercises done (each once at most) and planned."""

    day: str  # ISO date, in the clinic's time zone
    done: int
    planned: int
    daily: int  # planned every day: a day without any is a missed day only then
    future: bool


class WeekWire(Wire):
    monday: str  # ISO date
    done: int
    planned: int
    adherence: float  # done / planned, 0-1
    partial: bool  # the running week
    days: tuple[DayWire, ...]


class SessionFactsWire(Wire):
    """One session as progress reads it (`server.progress.model.SessionFacts`)."""

    session_id: str
    exercise: str
    started_ms: int
    reps: int
    breaths: int | None
    hold_s: float | None  # the median of its holds
    peak_angle_deg: float | None  # the median of its reps' peak key angles
    time_in_position_s: float
    progress_texts: dict[str, str]  # language -> its progress in words


class SeriesWire(Wire):
    exercise: str
    target_deg: tuple[float, float | None] | None
    sessions: tuple[SessionFactsWire, ...]  # counted ones, oldest first


class PainPointWire(Wire):
    started_ms: int
    before: int | None
    after: int | None


class ProgressReport(Wire):
    """`GET /api/patients/{id}/progress` (`server.progress.model.Progress.to_wire`)."""

    flags: tuple[FlagWire, ...]
    last_session_ms: int | None
    today: str  # ISO date, in `timezone`
    weeks: tuple[WeekWire, ...]  # oldest first, the running week last
    series: tuple[SeriesWire, ...]
    pain: tuple[PainPointWire, ...]
    timezone: str  # the clinic's (IANA name)


class ProgressPlots(Wire):
    """The plots as inline SVG, on one date axis: pain (null without scores) and each
    exercise with sessions."""

    pain: str | None
    exercises: dict[str, str]

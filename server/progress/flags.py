"""The flags the therapist sees first, each a small documented rule; every threshold is
in `FlagRules` (one place, also in the README).

- **red_flags**: the patient ticked a warning sign in the intake (a reason to make an
  appointment alone is no flag: the therapist reads those on the intake).
- **pain_advice**: the latest workout with a pain score ended with the page's advice to
  stop and contact the therapist (`server.progress.pain_advice`, recorded as given).
- **pain_rising**: over the last `pain_window` workouts with a pain score (the score
  after the workout, else before; 0-10), the latest is `pain_rise_points` or more above
  the first (for three evenly spaced points that is the least-squares trend).
- **rom_falling**: for an exercise with a key angle, the median of its last `rom_window`
  sessions' peak angles is below the median of the `rom_window` before them by at least
  `rom_drop_deg`, or by `rom_band_fraction` of the target band's width when that is more
  (a wide band tolerates more spread). Needs 2 x `rom_window` sessions with an angle.
- **no_session**: the last counted session is `quiet_days` or more days before today.

An empty history raises no flag but red flags; the input's order changes nothing
(everything is sorted by time, then id).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from statistics import median

from server.progress.model import FLAG_CODES, ExerciseSeries, Flag, ProgressInput, WorkoutPain

__all__ = ["NOT_ASKED", "RULES", "FlagRules", "first_look", "flags_of"]


@dataclass(frozen=True, slots=True)
class FlagRules:
    pain_window: int = 3  # workouts with a pain score
    pain_rise_points: int = 2  # points on the 0-10 scale, latest against the window's first
    rom_window: int = 3  # sessions, recent against the same number before
    rom_drop_deg: float = 5.0  # above the session-to-session noise of a median peak
    rom_band_fraction: float = 0.2  # of the target band's width, when wider
    quiet_days: int = 7  # days without a counted session

    def __post_init__(self) -> None:
        if self.pain_window < 2 or self.rom_window < 1 or self.quiet_days < 1:
            raise ValueError(f"FlagRules need windows of at least 2, 1 and 1 day, got {self}")


RULES = FlagRules()
NOT_ASKED = "\u2013"  # a pain score not asked, as the therapist's page marks it (en dash)


def day_of(ms: int, tz: tzinfo) -> date:
    return datetime.fromtimestamp(ms / 1000, tz).date()


def _pain_rising(workouts: Sequence[WorkoutPain], rules: FlagRules) -> Flag | None:
    in_time = sorted(workouts, key=lambda w: (w.started_ms, w.workout_id))
    window = [score for w in in_time if (score := w.score) is not None][-rules.pain_window :]
    if len(window) < rules.pain_window or window[-1] - window[0] < rules.pain_rise_points:
        return None
    return Flag("pain_rising", values=(("from", window[0]), ("to", window[-1]), ("n", len(window))))


def _pain_advice(workouts: Sequence[WorkoutPain]) -> Flag | None:
    scored = [w for w in workouts if w.score is not None]
    last = max(scored, key=lambda w: (w.started_ms, w.workout_id), default=None)
    if last is None or last.advice is None:
        return None
    shown = {"before": last.before, "after": last.after}
    values = tuple((k, NOT_ASKED if v is None else v) for k, v in shown.items())
    return Flag("pain_advice", values=values)


def rom_threshold_deg(target_deg: tuple[float, float | None] | None, rules: FlagRules) -> float:
    """How far the recent median may fall before the flag: `rom_drop_deg`, or the band's
    fraction when the band is wider."""
    if target_deg is None or target_deg[1] is None:
        return rules.rom_drop_deg
    return max(rules.rom_drop_deg, rules.rom_band_fraction * (target_deg[1] - target_deg[0]))


def _rom_falling(series: ExerciseSeries, rules: FlagRules) -> Flag | None:
    angles = [s.peak_angle_deg for s in series.sessions if s.peak_angle_deg is not None]
    n = rules.rom_window
    if len(angles) < 2 * n:
        return None
    earlier, recent = median(angles[-2 * n : -n]), median(angles[-n:])
    if earlier - recent < rom_threshold_deg(series.target_deg, rules):
        return None
    values = (("from_deg", round(earlier)), ("to_deg", round(recent)), ("n", n))
    return Flag("rom_falling", series.exercise, values)


def _no_session(data: ProgressInput, last_ms: int | None, rules: FlagRules) -> Flag | None:
    if last_ms is None:
        return None  # nothing ever done: a new patient, not a lapsed one
    days = (data.today - day_of(last_ms, data.tz)).days
    return Flag("no_session", values=(("days", days),)) if days >= rules.quiet_days else None


def flags_of(
    data: ProgressInput, series: Sequence[ExerciseSeries], rules: FlagRules = RULES
) -> tuple[Flag, ...]:
    """The flags, in `FLAG_CODES` order (rom_falling by exercise name). `series` hold the
    counted sessions, oldest first (`build.series_of`)."""
    found: list[Flag] = []
    if data.red_flags:
        found.append(Flag("red_flags", keys=tuple(sorted(set(data.red_flags)))))
    advice = _pain_advice(data.workouts)
    found += [advice] if advice else []
    pain = _pain_rising(data.workouts, rules)
    found += [pain] if pain else []
    found += [f for s in sorted(series, key=lambda s: s.exercise) if (f := _rom_falling(s, rules))]
    last = max((s.started_ms for s in data.sessions if s.counted), default=None)
    quiet = _no_session(data, last, rules)
    found += [quiet] if quiet else []
    return tuple(sorted(found, key=lambda f: FLAG_CODES.index(f.code)))


def first_look(flags: Sequence[Flag]) -> int:
    """Where a patient with these flags stands on the therapist's "look at first" list:
    the rank of their most urgent flag in `FLAG_CODES` (a warning sign before advice
    given, before what the data says), past every flag's rank with none. The one order
    the overview sorts by."""
    return min((FLAG_CODES.index(f.code) for f in flags), default=len(FLAG_CODES))

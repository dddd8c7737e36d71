"""Events in, the `formcheck analyze` report out (the documented JSON contract).

`SessionSummary` is fed every event of a stream (and told how many frames had a pose);
`report()` returns an `AnalysisReport`, whose `to_json()` is the stable contract in the
README. Counts come only from events: nothing is invented.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from exercises.base import Prescription
from exercises.events import (
    BreathCompleted,
    Doubted,
    Event,
    FormFault,
    HoldEnded,
    NotJudged,
    RepCompleted,
)
from exercises.progress import Progress, ProgressKind, replay

__all__ = [
    "AnalysisReport",
    "BreathRow",
    "FaultRow",
    "HoldRow",
    "RepRow",
    "SessionSummary",
    "SourceFacts",
    "Totals",
    "ViewRow",
    "standing_not_judged",
]


@dataclass(frozen=True, slots=True)
class SourceFacts:
    source: str
    fps: float
    frames: int
    duration_s: float
    frames_with_pose: int


@dataclass(frozen=True, slots=True)
class RepRow:
    """A counted rep as the report gives it (seconds from the stream's start)."""

    index: int
    side: str | None
    start_s: float
    peak_s: float
    end_s: float
    hold_s: float
    peak_angle_deg: float
    faults: tuple[str, ...]
    unsure: bool
    doubts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HoldRow:
    side: str | None
    start_s: float
    end_s: float
    duration_s: float
    target_s: float
    completed: bool  # the engine's verdict: held the target (within its tolerance)
    angle_deg: float | None
    trunk_incline_deg: float | None
    unsure: bool
    doubts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FaultRow:
    code: str
    t_s: float
    message: str


@dataclass(frozen=True, slots=True)
class BreathRow:
    index: int
    start_s: float
    inhale_s: float
    exhale_s: float
    rate_bpm: float


@dataclass(frozen=True, slots=True)
class ViewRow:
    """The view most of the run was seen from (`pose.view`)."""

    camera: str
    position: str
    facing_side: str


def _row(row: RepRow | HoldRow | FaultRow | BreathRow | ViewRow) -> dict[str, Any]:
    """A row as the JSON contract writes it (its tuples as lists)."""
    return asdict(row, dict_factory=lambda items: {k: _listed(v) for k, v in items})


def _listed(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


@dataclass(frozen=True, slots=True)
class Totals:
    """What a stream's events add up to: the numbers every summary shows (the analyze
    report, the live session's summary, the therapist's lists), counted in one place."""

    reps: int  # reps; for hold exercises (stretch, breathing) the completed holds
    reps_by_side: dict[str, int] | None  # one-sided exercises only
    # Sets, sides and done against the prescription (`exercises.progress`, its tracker
    # fed these events); None for a summary not told the prescription.
    progress: Progress | None
    holds: int
    holds_completed: int
    longest_hold_s: float
    time_in_position_s: float  # every hold's time, summed (belly breathing's session time)
    breaths: int | None  # breathing only
    breath_rate_bpm: float | None
    faults: dict[str, int]  # form faults by code
    # How sure the count is (`exercises.doubt`): reps (for hold exercises, counted holds)
    # marked unsure, and whether the count as a whole may be wrong: a rep or hold unsure,
    # a stretch of the stream seen too badly (Doubted), or the view not judged.
    reps_unsure: int = 0
    count_unsure: bool = False


@dataclass(frozen=True, slots=True)
class AnalysisReport:
    exercise: str
    facts: SourceFacts
    reps: int
    reps_by_side: dict[str, int] | None
    rep_events: tuple[RepRow, ...]
    holds: tuple[HoldRow, ...]
    faults: tuple[FaultRow, ...]
    breaths: int | None
    breath_rate_bpm: float | None
    view: ViewRow | None = None
    breath_events: tuple[BreathRow, ...] | None = None
    not_judged: dict[str, str] | None = None  # {code, message}: the view could not judge it
    progress: Progress | None = None
    time_in_position_s: float = 0.0
    count_unsure: bool = False
    doubts: list[str] = field(default_factory=list)  # the run's Doubted codes

    @property
    def pose_coverage(self) -> float:
        return self.facts.frames_with_pose / self.facts.frames if self.facts.frames else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "source": self.facts.source,
            "fps": round(self.facts.fps, 3),
            "frames": self.facts.frames,
            "duration_s": round(self.facts.duration_s, 3),
            "pose_coverage": round(self.pose_coverage, 4),
            "reps": self.reps,
            "reps_by_side": self.reps_by_side,
            "rep_events": [_row(r) for r in self.rep_events],
            "holds": [_row(h) for h in self.holds],
            "faults": [_row(f) for f in self.faults],
            "sets_completed": 0 if self.progress is None else self.progress.sets_done,
            "progress": None if self.progress is None else self.progress.to_wire(),
            "time_in_position_s": self.time_in_position_s,
            "breaths": self.breaths,
            "breath_rate_bpm": self.breath_rate_bpm,
            "breath_events": None
            if self.breath_events is None
            else [_row(b) for b in self.breath_events],
            "view": None if self.view is None else _row(self.view),
            "not_judged": self.not_judged,
            "count_unsure": self.count_unsure,
            "doubts": self.doubts,
        }


def _r(value: float) -> float:
    return round(value, 3)


def _opt_deg(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def standing_not_judged(events: Iterable[Event]) -> NotJudged | None:
    """The last NotJudged with nothing counted after it (a rep, a completed hold, a
    breath): the camera was moved and the exercise judged after all, or not. The one
    rule for the analyze report, the live page and the live summary."""
    seen = list(events)
    said = [e for e in seen if isinstance(e, NotJudged)]
    if not said:
        return None
    last = said[-1]
    counted_after = any(
        e.timestamp_ms > last.timestamp_ms
        and (
            isinstance(e, RepCompleted | BreathCompleted)
            or (isinstance(e, HoldEnded) and e.completed)
        )
        for e in seen
    )
    return None if counted_after else last


@dataclass
class SessionSummary:
    """Accumulates one stream's events for the report.

    `counts_holds`: reps are completed holds (stretch, breathing), not RepCompleted.
    `one_sided`: report reps per side. `breathing`: report breaths and rate.
    `message_for(code)` gives a fault's human text (the cue catalogue). `prescription`:
    what the progress (sets, sides, done) is counted against.
    """

    exercise: str
    counts_holds: bool = False
    one_sided: bool = False
    breathing: bool = False
    message_for: Callable[[str], str] = str
    events: list[Event] = field(default_factory=list)
    prescription: Prescription | None = None

    @property
    def progress_kind(self) -> ProgressKind:
        return "time" if self.breathing else "holds" if self.counts_holds else "reps"

    def progress(self) -> Progress | None:
        """The stream's progress: its events through the one tracker (`exercises.progress`)."""
        if self.prescription is None:
            return None
        return replay(
            self.prescription, one_sided=self.one_sided, kind=self.progress_kind, events=self.events
        )

    def add(self, events: Iterable[Event]) -> None:
        self.events.extend(events)

    def not_judged(self) -> dict[str, str] | None:
        """`{code, message}` of the standing NotJudged (`standing_not_judged`), or None."""
        last = standing_not_judged(self.events)
        return None if last is None else {"code": last.code, "message": self.message_for(last.code)}

    def totals(self) -> Totals:
        reps_ev = [e for e in self.events if isinstance(e, RepCompleted)]
        holds_ev = [e for e in self.events if isinstance(e, HoldEnded)]
        breaths_ev = [e for e in self.events if isinstance(e, BreathCompleted)]
        if self.counts_holds:
            counted: list[RepCompleted | HoldEnded] = [h for h in holds_ev if h.completed]
        else:
            counted = list(reps_ev)
        counted_sides = [c.side for c in counted]
        unsure = sum(1 for c in counted if c.doubts)
        doubted = any(isinstance(e, Doubted) for e in self.events)
        any_unsure = unsure > 0 or any(h.doubts for h in holds_ev)
        by_side = None
        if self.one_sided:
            by_side = {s: sum(1 for c in counted_sides if c == s) for s in ("left", "right")}
        rate = None
        if self.breathing and breaths_ev:
            span_s = sum(b.inhale_s + b.exhale_s for b in breaths_ev)
            rate = _r(60.0 * len(breaths_ev) / span_s) if span_s > 0 else None
        faults: dict[str, int] = {}
        for f in self.events:
            if isinstance(f, FormFault):
                faults[f.code] = faults.get(f.code, 0) + 1
        return Totals(
            reps=len(counted_sides),
            reps_by_side=by_side,
            progress=self.progress(),
            holds=len(holds_ev),
            holds_completed=sum(1 for h in holds_ev if h.completed),
            longest_hold_s=_r(max((h.duration_s for h in holds_ev), default=0.0)),
            time_in_position_s=round(sum(h.duration_s for h in holds_ev), 1),
            breaths=len(breaths_ev) if self.breathing else None,
            breath_rate_bpm=rate,
            faults=faults,
            reps_unsure=unsure,
            count_unsure=any_unsure or doubted or standing_not_judged(self.events) is not None,
        )

    def report(self, facts: SourceFacts, view: ViewRow | None = None) -> AnalysisReport:
        reps_ev = [e for e in self.events if isinstance(e, RepCompleted)]
        holds_ev = [e for e in self.events if isinstance(e, HoldEnded)]
        breaths_ev = [e for e in self.events if isinstance(e, BreathCompleted)]
        faults_ev = [e for e in self.events if isinstance(e, FormFault)]
        totals = self.totals()
        return AnalysisReport(
            exercise=self.exercise,
            facts=facts,
            reps=totals.reps,
            reps_by_side=totals.reps_by_side,
            progress=totals.progress,
            time_in_position_s=totals.time_in_position_s,
            rep_events=tuple(
                RepRow(
                    index=r.index,
                    side=r.side,
                    start_s=_r(r.start_s),
                    peak_s=_r(r.peak_s),
                    end_s=_r(r.end_s),
                    hold_s=_r(r.hold_s),
                    peak_angle_deg=round(r.peak_angle_deg, 1),
                    faults=tuple(r.faults),
                    unsure=bool(r.doubts),
                    doubts=tuple(r.doubts),
                )
                for r in reps_ev
            ),
            holds=tuple(
                HoldRow(
                    side=h.side,
                    start_s=_r(h.start_s),
                    end_s=_r(h.end_s),
                    duration_s=_r(h.duration_s),
                    target_s=_r(h.target_s),
                    completed=h.completed,
                    angle_deg=_opt_deg(h.angle_deg),
                    trunk_incline_deg=_opt_deg(h.trunk_incline_deg),
                    unsure=bool(h.doubts),
                    doubts=tuple(h.doubts),
                )
                for h in holds_ev
            ),
            faults=tuple(
                FaultRow(
                    code=f.code,
                    t_s=_r(f.timestamp_ms / 1000.0),
                    message=self.message_for(f.code),
                )
                for f in faults_ev
            ),
            breaths=totals.breaths,
            breath_events=tuple(
                BreathRow(
                    index=b.index,
                    start_s=_r(b.start_s),
                    inhale_s=_r(b.inhale_s),
                    exhale_s=_r(b.exhale_s),
                    rate_bpm=_r(b.rate_bpm),
                )
                for b in breaths_ev
            )
            if self.breathing
            else None,
            breath_rate_bpm=totals.breath_rate_bpm,
            view=view,
            not_judged=self.not_judged(),
            count_unsure=totals.count_unsure,
            doubts=list(dict.fromkeys(e.code for e in self.events if isinstance(e, Doubted))),
        )

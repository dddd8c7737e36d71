"""A stream's recording in, the `SessionReport` out: the one place the report is worked out.

`ReportSource` is what a live session's store or `formcheck analyze` hands over: the
events, the per-frame key angle and the recorded poses. Counts come from the one summary
(`exercises.summary`); the rest is picked from the events and frames, nothing estimated.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from exercises.base import Prescription
from exercises.cues import cue_text
from exercises.events import (
    BreathCompleted,
    Event,
    FormFault,
    HoldEnded,
    RepCompleted,
)
from exercises.progress import Progress, RepNumber, replay_numbered
from exercises.progress_text import progress_text
from exercises.registry import spec_of
from exercises.run import new_summary
from exercises.summary import SourceFacts
from exercises.texts import held_s
from pose.types import Observation
from server.protocol.report import DoseRowWire, RepRowWire
from server.report.model import (
    AnglePoint,
    Attribution,
    BreathPoint,
    FaultMark,
    SessionReport,
    Skeleton,
    Status,
)
from server.settings import CLINIC_TIMEZONE

__all__ = ["FrameMetric", "ReportSource", "build_report", "rep_frames"]

STRIP_FRAMES = 6  # frames in a rep's strip (the PDF's replay)


@dataclass(frozen=True, slots=True)
class FrameMetric:
    timestamp_ms: int
    has_pose: bool
    angle_deg: float | None


@dataclass(frozen=True, slots=True)
class ReportSource:
    exercise: str
    prescription: Prescription
    events: Sequence[Event]
    frames: Sequence[FrameMetric]
    poses: Sequence[Observation]  # the recorded observations, in time order
    source: str
    finished: bool  # the stream was ended (a live session stopped, a file read to its end)
    analysed: bool = False  # a file, not a live session
    started_ms: int | None = None
    pain_before: int | None = None
    pain_after: int | None = None
    facts: SourceFacts | None = None  # a file's, as analyze read it; else from the frames
    frame_rate: float | None = None  # an uploaded clip's own (else from the frames' times)
    session_id: str | None = None  # a session's (the page names it in the viewer's words)


def build_report(
    src: ReportSource,
    language: str,
    *,
    timezone: str = CLINIC_TIMEZONE,
    who: Attribution | None = None,
) -> SessionReport:
    """The report of `src`, its texts in `language`, its times in `timezone`, headed by
    `who` (the patient, therapist and clinic; None for a file)."""
    spec = spec_of(src.exercise)
    summary = new_summary(src.exercise, src.prescription)
    summary.add(src.events)
    progress, numbers = replay_numbered(
        src.prescription,
        one_sided=summary.one_sided,
        kind=summary.progress_kind,
        events=src.events,
    )
    facts = src.facts or _facts(src)
    duration_s = facts.duration_s
    analysis = summary.report(facts)
    reps = _rep_rows(src.events, numbers, src.prescription.hold_s)
    poses = [o for o in src.poses if o.pose is not None]
    best, worst = _best_and_worst(reps, poses)
    breaths = [e for e in src.events if isinstance(e, BreathCompleted)]
    p = src.prescription
    key = spec.key_angle
    return SessionReport(
        exercise=src.exercise,
        language=language,
        source=src.source,
        session_id=src.session_id,
        status=_status(src, progress),
        started_ms=src.started_ms,
        timezone=timezone,
        duration_s=round(duration_s, 1),
        prescription=p,
        pain_before=src.pain_before,
        pain_after=src.pain_after,
        analysis=analysis,
        progress=progress,
        progress_text=progress_text(progress, language),
        dose=_dose(src.events, progress, p),
        reps=tuple(reps),
        angle_name=None if key is None else key.name,
        target_deg=None if key is None else key.target_deg,
        angle=tuple(
            AnglePoint(f.timestamp_ms / 1000.0, f.angle_deg)
            for f in src.frames
            if f.angle_deg is not None
        ),
        faults=tuple(
            FaultMark(e.timestamp_ms / 1000.0, e.code, cue_text(e.code, language))
            for e in src.events
            if isinstance(e, FormFault)
        ),
        breaths=tuple(
            BreathPoint(e.start_s + e.inhale_s + e.exhale_s, e.rate_bpm) for e in breaths
        ),
        pacer_bpm=60.0 / (p.pace_in_s + p.pace_out_s) if spec.timed else None,
        breath_in_s=_mean([e.inhale_s for e in breaths]),
        breath_out_s=_mean([e.exhale_s for e in breaths]),
        time_in_position_s=analysis.time_in_position_s,
        best=best,
        worst=None if worst is None or best is None or worst.rep_index == best.rep_index else worst,
        strips={r.index: rep_frames(poses, r, STRIP_FRAMES) for r in reps},
        who=who,
    )


def _facts(src: ReportSource) -> SourceFacts:
    """A session's frames: their count, duration and rate. An uploaded clip's rate is its
    own, and its duration is then counted as `analyze` counts a file's (frames / rate);
    a live session's rate comes from its frames' time span."""
    frames = src.frames
    with_pose = sum(f.has_pose for f in frames)
    if src.frame_rate:
        fps = src.frame_rate
        return SourceFacts(src.source, fps, len(frames), len(frames) / fps, with_pose)
    span_s = (frames[-1].timestamp_ms - frames[0].timestamp_ms) / 1000.0 if frames else 0.0
    fps = (len(frames) - 1) / span_s if span_s > 0 else 0.0
    return SourceFacts(src.source, fps, len(frames), span_s, with_pose)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _status(src: ReportSource, progress: Progress) -> Status:
    if progress.done:
        return "complete"
    if src.analysed:
        return "analysed"
    return "stopped" if src.finished else "abandoned"


def _rep_rows(
    events: Sequence[Event], numbers: Sequence[RepNumber], hold_target_s: float
) -> list[RepRowWire]:
    """The RepCompleted events (the stretch sends one per counted hold), numbered into
    their sets by the progress tracker (`numbers`, one per RepCompleted in order)."""
    reps = [e for e in events if isinstance(e, RepCompleted)]
    return [
        RepRowWire(
            index=n.index,
            set_index=n.set_index or None,  # 0: a side not prescribed, in no set
            rep_in_set=n.rep_in_set or None,
            side=e.side,
            start_s=e.start_s,
            peak_s=e.peak_s,
            end_s=e.end_s,
            peak_angle_deg=e.peak_angle_deg,
            hold_s=held_s(e.hold_s),
            hold_target_s=hold_target_s,
            lift_s=e.lift_s or None,
            lower_s=e.lower_s or None,
            faults=e.faults,
            doubts=e.doubts,
        )
        for e, n in zip(reps, numbers, strict=True)
    ]


def _dose(events: Sequence[Event], progress: Progress, p: Prescription) -> tuple[DoseRowWire, ...]:
    """Per prescribed side its progress (`exercises.progress`: sets, reps, the set under
    way), and its holds against the prescribed hold."""
    rows = []
    for s in progress.sides:
        holds = [
            e for e in events if isinstance(e, HoldEnded) and (s.side is None or e.side == s.side)
        ]
        rows.append(
            DoseRowWire(
                side=s.side,
                sets_done=s.sets_done,
                sets_target=progress.sets,
                reps_done=s.reps,
                reps_target=progress.reps,
                set_index=s.set_index,
                reps_in_set=s.reps_in_set,
                under_way=s.under_way,
                holds_reached=sum(1 for h in holds if h.completed),
                holds=len(holds),
                longest_hold_s=held_s(max((h.duration_s for h in holds), default=0.0)),
                hold_target_s=p.hold_s,
            )
        )
    return tuple(rows)


def _quality(rep: RepRowWire) -> tuple[int, float, float]:
    """Lower is better: fewer faults, then a longer hold, then a higher peak."""
    return (len(rep.faults), -rep.hold_s, -(rep.peak_angle_deg or 0.0))


def _best_and_worst(
    reps: Sequence[RepRowWire], poses: Sequence[Observation]
) -> tuple[Skeleton | None, Skeleton | None]:
    if not reps or not poses:
        return None, None
    ranked = sorted(reps, key=_quality)
    return _skeleton_at(poses, ranked[0]), _skeleton_at(poses, ranked[-1])


def _nearest(poses: Sequence[Observation], t_ms: int) -> Observation:
    times = [o.timestamp_ms for o in poses]
    i = bisect_left(times, t_ms)
    near = [j for j in (i - 1, i) if 0 <= j < len(poses)]
    return poses[min(near, key=lambda j: abs(times[j] - t_ms))]


def _skeleton(rep_index: int, obs: Observation) -> Skeleton:
    pose = obs.pose
    assert pose is not None  # only observations with a pose are handed here
    w, h = pose.image_size_px
    points = tuple(
        (round(float(x), 4), round(float(y), 4), round(float(v), 2))
        for (x, y, _), v in zip(pose.xyz_norm, pose.visibility, strict=True)
    )
    return Skeleton(rep_index, obs.timestamp_ms / 1000.0, points, w / h)


def _skeleton_at(poses: Sequence[Observation], rep: RepRowWire) -> Skeleton:
    return _skeleton(rep.index, _nearest(poses, round(rep.peak_s * 1000)))


def rep_frames(poses: Sequence[Observation], rep: RepRowWire, count: int) -> tuple[Skeleton, ...]:
    """`count` poses spread evenly from the rep's start to its end (fewer if fewer exist);
    `count` 0: every recorded pose in it (the replay player)."""
    start_ms, end_ms = round(rep.start_s * 1000), round(rep.end_s * 1000)
    inside = [o for o in poses if start_ms <= o.timestamp_ms <= end_ms]
    if count and len(inside) > count:
        step = (len(inside) - 1) / (count - 1)
        inside = [inside[round(i * step)] for i in range(count)]
    return tuple(_skeleton(rep.index, o) for o in inside)

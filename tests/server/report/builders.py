"""Report sources for tests: a stream stepped through the one `ExerciseRun`, kept by the
report's recorder, or a handful of events alone."""

from __future__ import annotations

from collections.abc import Sequence

from exercises.base import Prescription
from exercises.events import Event
from exercises.registry import default_prescription
from exercises.run import ExerciseRun
from exercises.summary import SourceFacts
from pose.types import Observation
from server.report.build import FrameMetric, ReportSource
from server.report.recorder import ReportRecorder

__all__ = ["events_source", "stepped_source"]


def stepped_source(
    exercise: str, observations: Sequence[Observation], prescription: Prescription | None = None
) -> ReportSource:
    """The report source of `observations` run through the exercise (as analyze does)."""
    run = ExerciseRun(exercise, prescription)
    recorder = ReportRecorder()
    for obs in observations:
        recorder.step(run.step(obs))
    recorder.finished(run.finish())
    frames = len(observations)
    span_s = observations[-1].timestamp_ms / 1000.0 if observations else 0.0
    facts = SourceFacts("clip.mp4", frames / span_s if span_s else 0.0, frames, span_s, frames)
    return recorder.source(exercise, run.prescription, facts)


def events_source(
    exercise: str, events: Sequence[Event], *, seconds: float = 30.0, finished: bool = True
) -> ReportSource:
    """A live session's source with these events, a frame a second and no poses."""
    frames = [FrameMetric(1000 * i, True, None) for i in range(int(seconds) + 1)]
    return ReportSource(
        exercise=exercise,
        prescription=default_prescription(exercise),
        events=list(events),
        frames=frames,
        poses=[],
        source="session test",
        finished=finished,
    )

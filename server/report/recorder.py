"""A stream's events, per-frame key angle and poses kept as the run steps through it, for
the report of a file (`formcheck analyze --report`); a live session's come from its store."""

from __future__ import annotations

from exercises.base import Prescription
from exercises.events import Event
from exercises.run import Step
from exercises.summary import SourceFacts
from pose.types import Observation
from server.report.build import FrameMetric, ReportSource

__all__ = ["ReportRecorder"]


class ReportRecorder:
    """A `StepSink`: hand it each `Step` (`step`; the frame's time is not part of the
    report) and the end's events (`finished`); `source` gives what the report is built
    from."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.frames: list[FrameMetric] = []
        self.poses: list[Observation] = []

    def step(self, step: Step, inference_ms: float = 0.0) -> None:
        obs = step.observation
        self.events += step.events
        self.frames.append(
            FrameMetric(obs.timestamp_ms, obs.pose is not None, step.status.angle_deg)
        )
        if obs.pose is not None:
            self.poses.append(obs)

    def finished(self, events: list[Event]) -> None:
        self.events += events

    def source(self, exercise: str, prescription: Prescription, facts: SourceFacts) -> ReportSource:
        return ReportSource(
            exercise=exercise,
            prescription=prescription,
            events=self.events,
            frames=self.frames,
            poses=self.poses,
            source=facts.source,
            finished=True,
            analysed=True,
            facts=facts,
        )

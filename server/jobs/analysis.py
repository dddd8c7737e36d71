"""How an upload's clip is analysed: the seam (`ClipAnalysis`, one method) between the
job, which records what the analysis gives, and where the analysis runs.

The app and the workers analyse in a child process with a memory limit
(`server.jobs.child.ChildAnalysis`); `InThreadAnalysis` runs the same analysis here,
for unit tests of the job logic whose estimator cannot be sent to a child. Either way
the analysis is `server.offline.analysis.analyze_with`, each frame handed to a
`FrameSink` as a `FrameDone`, and every failure an `UploadError` with its code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from exercises.events import Event
from exercises.run import Step
from pose.adaptive import ClosableEstimator
from pose.errors import FormcheckError, NoPersonError, SourceError
from pose.types import Observation
from server.jobs.checks import UploadError
from server.offline.analysis import AnalyzeRequest, analyze_with
from server.protocol.codes import ErrorCode
from server.scrub import error_name

__all__ = [
    "ClipAnalysis",
    "FrameDone",
    "FrameSink",
    "InThreadAnalysis",
    "StepsTo",
    "upload_error",
]


@dataclass(frozen=True, slots=True)
class FrameDone:
    """One analysed frame as a session records it: the observation, the engine's angle
    and phase, the time the frame took (pipeline and run) and the events it caused."""

    observation: Observation
    angle_deg: float | None
    phase: str
    inference_ms: float
    events: list[Event]

    @classmethod
    def of(cls, step: Step, inference_ms: float) -> FrameDone:
        status = step.status
        return cls(step.observation, status.angle_deg, status.phase, inference_ms, step.events)


class FrameSink(Protocol):
    """What an analysis reports to: every frame, the events of the end, and progress
    (frames done, frames the container declares or 0). Raising stops the analysis."""

    def frame(self, done: FrameDone) -> None: ...

    def finished(self, events: list[Event]) -> None: ...

    def progress(self, done: int, expected: int) -> None: ...


class ClipAnalysis(Protocol):
    def run(self, request: AnalyzeRequest, sink: FrameSink) -> float:
        """Analyse the clip of `request` into `sink`; returns the clip's frame rate.
        Raises UploadError with the code of what failed (`upload_error`)."""
        ...

    def close(self) -> None:
        """Stop: a running analysis ends (failed, "interrupted"), none starts."""
        ...


class StepsTo:
    """`analyze_with`'s steps (a `StepSink`) handed on to a `FrameSink` as `FrameDone`s."""

    def __init__(self, sink: FrameSink) -> None:
        self._sink = sink

    def step(self, step: Step, inference_ms: float) -> None:
        self._sink.frame(FrameDone.of(step, inference_ms))

    def finished(self, events: list[Event]) -> None:
        self._sink.finished(events)


def upload_error(err: FormcheckError | MemoryError) -> UploadError:
    """What an analysis error means for its job: the code the page explains; the
    message names the error's type only (its text may quote what it worked on)."""
    if isinstance(err, NoPersonError):
        code = ErrorCode.NO_PERSON_IN_VIDEO
    elif isinstance(err, SourceError):
        code = ErrorCode.CORRUPT_VIDEO
    elif isinstance(err, MemoryError):
        code = ErrorCode.ANALYSIS_OUT_OF_MEMORY
    else:
        code = ErrorCode.ANALYSIS_FAILED
    return UploadError(code, f"the analysis failed: {error_name(err)}")


class InThreadAnalysis:
    """The analysis in the calling thread, on estimators from `new_estimator`: no child,
    no memory limit. For tests of the job logic whose estimator cannot cross to a child
    process; the app and the workers use `server.jobs.child.ChildAnalysis`."""

    def __init__(self, new_estimator: Callable[[], ClosableEstimator]) -> None:
        self.new_estimator = new_estimator

    def run(self, request: AnalyzeRequest, sink: FrameSink) -> float:
        try:
            estimator = self.new_estimator()
            try:
                report = analyze_with(request, estimator, sink.progress, steps=StepsTo(sink))
            finally:
                estimator.close()
        except (FormcheckError, MemoryError) as err:
            raise upload_error(err) from None
        return report.facts.fps

    def close(self) -> None:
        pass  # the job's own stop ends a running analysis at its next frame

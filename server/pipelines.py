"""One place that builds a stream's pose pipeline for an exercise, and the frame step
that live sessions and `formcheck analyze` share: pipeline (the view worked out once, on
the `Observation`), then `exercises.run.ExerciseRun` (engine, judge, summary)."""

from __future__ import annotations

from typing import Protocol

from exercises.registry import spec_of
from exercises.run import ExerciseRun, Step
from pose.adaptive import AdaptiveEstimator, ClosableEstimator
from pose.estimator import EstimatorOptions, MediaPipeEstimator
from pose.models import ModelBundle
from pose.motion import PROBES
from pose.pipeline import PipelineConfig, PoseEstimator, PosePipeline, SignalProbe
from pose.types import Frame, Observation

__all__ = [
    "FramePipeline",
    "FrameStep",
    "Observer",
    "new_estimator",
    "new_look",
    "pipeline_for",
]

# Two people: enough to choose the patient over a therapist kneeling beside them.
_MULTI = EstimatorOptions(num_poses=2)
_SINGLE = EstimatorOptions(num_poses=1)
# The once-a-second look for a second person: no tracking, so one serves every stream.
_LOOK = EstimatorOptions(num_poses=2, mode="image")


def new_look(bundle: ModelBundle) -> MediaPipeEstimator:
    """A landmarker for `new_estimator`'s `look`, which many streams may share
    (`pose.adaptive.LockedEstimator`)."""
    return MediaPipeEstimator(bundle, _LOOK)


def new_estimator(bundle: ModelBundle, look: ClosableEstimator | None = None) -> AdaptiveEstimator:
    """Tracks one person robustly, and two when a second is in view (pose.adaptive).
    `look`: a shared look (the caller closes it); None: the estimator's own."""
    return AdaptiveEstimator(
        MediaPipeEstimator(bundle, _SINGLE),
        new_look(bundle) if look is None else look,
        lambda: MediaPipeEstimator(bundle, _MULTI),
        owns_look=look is None,
    )


def pipeline_for(exercise: str | None, estimator: PoseEstimator) -> PosePipeline:
    """The pipeline for `exercise` (None: no preference): person selection prefers its
    start positions, and its probes measure the image signals it asks for (breathing:
    trunk, belly and chest motion)."""
    if exercise is None:
        return PosePipeline(estimator)
    spec = spec_of(exercise)
    probes: dict[str, SignalProbe] = {name: PROBES[name]().measure for name in spec.probes}
    return PosePipeline(estimator, PipelineConfig(prefer_positions=spec.start_positions), probes)


class Observer(Protocol):
    """Frames in, observations out (`pose.pipeline.PosePipeline`)."""

    def process(self, frame: Frame) -> Observation: ...


class FramePipeline(Observer, Protocol):
    """A live session's own pipeline, closed (its estimator freed) with the session."""

    def close(self) -> None: ...


class FrameStep:
    """One frame through the pipeline and the exercise run: the step every path takes
    (a replay of recorded observations steps the run directly: `run.step`)."""

    def __init__(self, pipeline: Observer, run: ExerciseRun) -> None:
        self.pipeline = pipeline
        self.run = run

    def frame(self, frame: Frame) -> Step:
        return self.run.step(self.pipeline.process(frame))

"""One place that builds a stream's pose pipeline for an exercise, and the frame step
that live sessions and `formcheck analyze` share: pipeline (the view worked out once, on
the `Observation`), then `exercises.run.ExerciseRun` (engine, judge, summary)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from exercises.registry import spec_of
from exercises.run import ExerciseRun, Step
from pose.adaptive import AdaptiveEstimator, ClosableEstimator
from pose.errors import FormcheckError
from pose.estimator import EstimatorOptions, MediaPipeEstimator
from pose.models import ModelBundle
from pose.motion import PROBES
from pose.pipeline import PipelineConfig, PoseEstimator, PosePipeline, SignalProbe
from pose.types import Frame, Observation, PoseFrame

__all__ = [
    "LANDMARKER_OPTIONS",
    "NO_IMAGES",
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
# The same two for the page's own landmarkers in on-device mode (server/api/ondevice).
LANDMARKER_OPTIONS = {"single": _SINGLE, "multi": _MULTI}
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


class _NoImages:
    """The estimator of a pipeline fed landmarks (`PosePipeline.observe`): an image
    sent to it is a bug of the caller, said loudly."""

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        raise FormcheckError(
            "this pipeline takes landmarks estimated on the device, not images "
            f"(got a {frame.width_px}x{frame.height_px} frame)"
        )


NO_IMAGES: PoseEstimator = _NoImages()


def pipeline_for(exercise: str | None, estimator: PoseEstimator) -> PosePipeline:
    """The pipeline for `exercise` (None: no preference): person selection prefers its
    start positions, and its probes measure the image signals it asks for (breathing:
    trunk, belly and chest motion). With `NO_IMAGES` it takes landmarks only, and the
    probes' signals come with them (measured where the images are)."""
    if exercise is None:
        return PosePipeline(estimator)
    spec = spec_of(exercise)
    probes: dict[str, SignalProbe] = {}
    if estimator is not NO_IMAGES:
        probes = {name: PROBES[name]().measure for name in spec.probes}
    return PosePipeline(estimator, PipelineConfig(prefer_positions=spec.start_positions), probes)


class Observer(Protocol):
    """Frames or landmarks in, observations out (`pose.pipeline.PosePipeline`)."""

    def process(self, frame: Frame) -> Observation: ...

    def observe(
        self,
        candidates: list[PoseFrame],
        timestamp_ms: int,
        signals: Sequence[Mapping[str, float]] = (),
    ) -> Observation: ...


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

    def landmarks(
        self,
        candidates: list[PoseFrame],
        timestamp_ms: int,
        signals: Sequence[Mapping[str, float]] = (),
    ) -> Step:
        """Landmarks estimated elsewhere (the patient's browser), the same step."""
        return self.run.step(self.pipeline.observe(candidates, timestamp_ms, signals))

"""Per-session pose pipelines, each on a fresh estimator from one factory; or, for a
session whose browser sends landmarks (`source="device"`), on no estimator at all.

Each live session owns its estimator (MediaPipe VIDEO mode tracks across frames) and
runs it on its own worker thread, off the event loop; the once-a-second look for a
second person is one landmarker shared by every session (`pose.adaptive`). The factory
is the app's seam for the model: `mediapipe_estimators(bundle)` in the app, a replay of
recorded landmarks (`pose.recording.ReplayEstimator`) in tests that are not about the
model.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pose.adaptive import ClosableEstimator, LockedEstimator
from pose.closing import Closing
from pose.models import ModelBundle
from pose.pipeline import PosePipeline
from pose.types import Frame, Observation, PoseFrame
from server.pipelines import NO_IMAGES, new_estimator, new_look, pipeline_for
from server.settings import PoseSource

__all__ = [
    "EstimatorFactory",
    "InferenceFactory",
    "MediaPipeEstimators",
    "SessionPipeline",
    "mediapipe_estimators",
]

# A fresh estimator for one stream; the session closes it.
EstimatorFactory = Callable[[], ClosableEstimator]


class MediaPipeEstimators(Closing):
    """The model's estimators (`server.pipelines.new_estimator`), one per session, all
    sharing one look, made with the first. `close()` (the app's shutdown, after its
    sessions) closes the look: a landmarker left to the garbage collector closes itself in
    `__del__` through MediaPipe's dispatcher thread and can hang the thread it runs on."""

    def __init__(self, bundle: ModelBundle) -> None:
        self._bundle = bundle
        self._look: LockedEstimator | None = None
        self._making = threading.Lock()  # sessions may start on several threads at once

    def __call__(self) -> ClosableEstimator:
        with self._making:
            if self._look is None:
                self._look = LockedEstimator(new_look(self._bundle))
            look = self._look
        return new_estimator(self._bundle, look)

    def close(self) -> None:
        with self._making:
            look, self._look = self._look, None
        if look is not None:
            look.close()


def mediapipe_estimators(bundle: ModelBundle) -> MediaPipeEstimators:
    """The model's estimators for the app's sessions (`MediaPipeEstimators`)."""
    return MediaPipeEstimators(bundle)


class SessionPipeline:
    """One session's pipeline and the estimator it must close."""

    def __init__(self, estimator: ClosableEstimator | None, pipeline: PosePipeline) -> None:
        self._estimator = estimator
        self._pipeline = pipeline

    def process(self, frame: Frame) -> Observation:
        return self._pipeline.process(frame)

    def observe(
        self,
        candidates: list[PoseFrame],
        timestamp_ms: int,
        signals: Sequence[Mapping[str, float]] = (),
    ) -> Observation:
        return self._pipeline.observe(candidates, timestamp_ms, signals)

    def close(self) -> None:
        if self._estimator is not None:
            self._estimator.close()


@dataclass(frozen=True, slots=True)
class InferenceFactory:
    new_estimator: EstimatorFactory

    def new_pipeline(self, exercise: str, source: PoseSource = "server") -> SessionPipeline:
        """`exercise`'s pipeline for a session whose pose comes from `source`: the device
        builds no estimator (no model in memory), the server a fresh one."""
        if source == "device":
            return SessionPipeline(None, pipeline_for(exercise, NO_IMAGES))
        estimator = self.new_estimator()
        return SessionPipeline(estimator, pipeline_for(exercise, estimator))

"""Per-session pose pipelines built from the one model bundle the app loaded.

Each live session owns its estimator (MediaPipe VIDEO mode tracks across frames) and
runs it on its own worker thread, off the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from pose.adaptive import AdaptiveEstimator
from pose.models import ModelBundle
from pose.pipeline import PosePipeline
from pose.types import Frame, Observation
from server.pipelines import new_estimator, pipeline_for

__all__ = ["InferenceFactory", "SessionPipeline"]


class SessionPipeline:
    """One session's pipeline and the estimator it must close."""

    def __init__(self, estimator: AdaptiveEstimator, pipeline: PosePipeline) -> None:
        self._estimator = estimator
        self._pipeline = pipeline

    def process(self, frame: Frame) -> Observation:
        return self._pipeline.process(frame)

    def close(self) -> None:
        self._estimator.close()


@dataclass(frozen=True, slots=True)
class InferenceFactory:
    bundle: ModelBundle

    def new_pipeline(self, exercise: str) -> SessionPipeline:
        estimator = new_estimator(self.bundle)
        return SessionPipeline(estimator, pipeline_for(exercise, estimator))

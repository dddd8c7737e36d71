"""Record a video's tracked landmarks (never its images) to an .npz file."""

from __future__ import annotations

from pathlib import Path

from exercises.registry import traits_of
from pose.estimator import MediaPipeEstimator
from pose.models import load_model_bundle
from pose.pipeline import PipelineConfig, PosePipeline
from pose.recording import save_observations
from pose.sources import open_source

__all__ = ["record_landmarks"]


def record_landmarks(
    video: Path, out: Path, exercise: str | None = None, loops: int = 1
) -> tuple[int, int]:
    """Returns (frames, frames with a person)."""
    prefer = traits_of(exercise).start_positions if exercise else ()
    source = open_source(video, loops=loops)
    with MediaPipeEstimator(load_model_bundle()) as estimator:
        pipeline = PosePipeline(estimator, PipelineConfig(prefer_positions=prefer))
        observations = [pipeline.process(frame) for frame in source]
    save_observations(out, observations)
    return pipeline.frames, pipeline.frames_with_pose

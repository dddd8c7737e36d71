"""Record a video's tracked landmarks (never its images) to an .npz file."""

from __future__ import annotations

from pathlib import Path

from exercises.registry import spec_of
from pose.models import load_model_bundle
from pose.recording import save_observations
from pose.sources import open_source
from server.pipelines import new_estimator, pipeline_for

__all__ = ["record_landmarks"]


def record_landmarks(
    video: Path, out: Path, exercise: str | None = None, loops: int = 1
) -> tuple[int, int]:
    """Returns (frames, frames with a person)."""
    if exercise is not None:
        spec_of(exercise)  # an unknown name fails before the model loads
    source = open_source(video, loops=loops)
    with new_estimator(load_model_bundle()) as estimator:
        pipeline = pipeline_for(exercise, estimator)
        observations = [pipeline.process(frame) for frame in source]
    save_observations(out, observations)
    return pipeline.frames, pipeline.frames_with_pose

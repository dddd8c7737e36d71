"""One place that builds a stream's pose pipeline for an exercise (live and offline)."""

from __future__ import annotations

from exercises.registry import traits_of
from pose.adaptive import AdaptiveEstimator
from pose.estimator import EstimatorOptions, MediaPipeEstimator
from pose.models import ModelBundle
from pose.motion import BellyMotion, ChestMotion, TrunkMotion
from pose.pipeline import PipelineConfig, PoseEstimator, PosePipeline, SignalProbe

__all__ = ["new_estimator", "pipeline_for"]

# Two people: enough to choose the patient over a therapist kneeling beside them.
_MULTI = EstimatorOptions(num_poses=2)
_SINGLE = EstimatorOptions(num_poses=1)


def new_estimator(bundle: ModelBundle) -> AdaptiveEstimator:
    """Tracks one person robustly, and two when a second is in view (pose.adaptive)."""
    return AdaptiveEstimator(
        MediaPipeEstimator(bundle, _SINGLE), MediaPipeEstimator(bundle, _MULTI)
    )


def pipeline_for(exercise: str | None, estimator: PoseEstimator) -> PosePipeline:
    """The pipeline for `exercise` (None: no preference): person selection prefers its
    start position; breathing also measures trunk, belly and chest motion from the image."""
    if exercise is None:
        return PosePipeline(estimator)
    traits = traits_of(exercise)
    probes: dict[str, SignalProbe] = {}
    if traits.breathing:
        probes = {
            "trunk_motion": TrunkMotion().measure,
            "belly_motion": BellyMotion().measure,
            "chest_motion": ChestMotion().measure,
        }
    return PosePipeline(estimator, PipelineConfig(prefer_positions=traits.start_positions), probes)

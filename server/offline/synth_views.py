"""Rendered clips through the app's pose pipeline, with the observations cached.

Clips are rendered once into the synth cache (`$FORMCHECK_SYNTH_CACHE`, default
~/.cache/formcheck/synth); the model's observations are saved next to each clip, so a
second run replays landmarks instead of running MediaPipe again. Shared by the synth
tests (tests/synth/grid.py) and `formcheck synth-report`. Rendering needs the [synth]
extra (imported on use).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pose.estimator import EstimatorOptions, MediaPipeEstimator
from pose.models import ModelBundle
from pose.recording import load_observations, save_observations
from pose.sources import open_source
from pose.types import Observation
from server.pipelines import new_estimator, pipeline_for
from synth.cache import cached_clip
from synth.spec import VIEWS, SynthResult, SynthSpec

__all__ = ["ROOT", "SPECS", "VIEW_GRID", "Clip", "TrackMode", "observe", "view_spec"]

TrackMode = Literal["analyze", "single"]
ROOT = Path(__file__).resolve().parents[2]
SPECS = ("bridge", "clamshell", "hip_flexor_stretch", "breathing")


def view_spec(exercise: str, view: str) -> SynthSpec:
    """The reference clip of `exercise` seen from `view` (left side, medium body)."""
    if exercise == "bridge":
        return SynthSpec("bridge", reps=2, hold_s=1.0, view=view)  # type: ignore[arg-type]
    if exercise == "clamshell":
        return SynthSpec("clamshell", reps=2, hold_s=0.3, view=view)  # type: ignore[arg-type]
    if exercise == "hip_flexor_stretch":
        return SynthSpec("hip_flexor_stretch", reps=1, hold_s=4.0, view=view)  # type: ignore[arg-type]
    return SynthSpec("breathing", duration_s=12.0, breath_rate_bpm=10.0, view=view)  # type: ignore[arg-type]


VIEW_GRID: list[SynthSpec] = [view_spec(e, v) for e in SPECS for v in VIEWS]


@dataclass(frozen=True)
class Clip:
    spec: SynthSpec
    result: SynthResult
    truth: dict[str, Any]
    observations: list[Observation]

    @property
    def detection_rate(self) -> float:
        found = sum(o.pose is not None for o in self.observations)
        return found / max(len(self.observations), 1)


def observe(
    spec: SynthSpec,
    bundle: ModelBundle,
    mode: TrackMode = "analyze",
    *,
    pipeline: str | None = None,
) -> Clip:
    """Render (or reuse) the clip and run (or replay) the pose pipeline over it (with the
    belly and chest motion probes for breathing).

    `pipeline` names the exercise whose pipeline runs (default: the clip's own exercise;
    a look-alike has none, so it is seen through each engine's pipeline in turn).

    `analyze` is the app's own pipeline (server.pipelines: the adaptive estimator, person
    selection, smoothing), as `formcheck analyze` and live sessions run it; `single`
    tracks with a one-person landmarker throughout, for comparison.
    """
    result = cached_clip(spec)
    truth = json.loads(result.truth_path.read_text())
    exercise = pipeline or spec.exercise
    key = _pipeline_key(bundle, exercise)
    suffix = f"-{pipeline}" if pipeline and pipeline != spec.exercise else ""
    recorded = result.clip_path.parent / f"observations-{key}-{mode}{suffix}.npz"
    if recorded.is_file():
        observations = load_observations(recorded)
    else:
        observations = _run_pipeline(result.clip_path, exercise, bundle, mode)
        save_observations(recorded, observations)
    return Clip(spec, result, truth, observations)


def _pipeline_key(bundle: ModelBundle, exercise: str) -> str:
    """Model and pipeline code fingerprint: recorded landmarks go stale when either changes."""
    digest = hashlib.sha1(bundle.sha256.encode(), usedforsecurity=False)
    names = ["estimator", "adaptive", "pipeline", "selection", "smoothing"]
    if exercise == "breathing":
        names.append("motion")
    for name in names:
        digest.update((ROOT / "pose" / f"{name}.py").read_bytes())
    digest.update((ROOT / "server" / "pipelines.py").read_bytes())
    return digest.hexdigest()[:12]


def _run_pipeline(
    clip: Path, exercise: str, bundle: ModelBundle, mode: TrackMode
) -> list[Observation]:
    estimator = (
        new_estimator(bundle)
        if mode == "analyze"
        else MediaPipeEstimator(bundle, EstimatorOptions(num_poses=1))
    )
    with estimator:
        pipeline = pipeline_for(exercise, estimator)
        return [pipeline.process(frame) for frame in open_source(clip)]

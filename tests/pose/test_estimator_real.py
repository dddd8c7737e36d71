"""Real-model tests: the bundled MediaPipe model on the real clips in ../shared/videos."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from exercises.registry import SPECS, spec_of
from pose.adaptive import AdaptiveEstimator
from pose.estimator import EstimatorOptions, MediaPipeEstimator
from pose.joints import Joint
from pose.models import ModelBundle
from pose.pipeline import PipelineConfig, PosePipeline
from pose.sources import open_source
from pose.types import Frame, PoseFrame
from pose.view import estimate_view
from server.offline.scoreboard import Run
from tests.conftest import AnalysisCache, clip_labels

pytestmark = [pytest.mark.real_model, pytest.mark.real_video]

# Clips of our exercises (a clip of a squat or a sit-to-stand has no pipeline of its own).
EXERCISE_CLIPS = [c["file"] for c in clip_labels() if c["exercise"] in SPECS]
MAX_FRAMES = 150  # enough to see the person settle


# A strict xfail, with what was measured: a fix shows up as XPASS.
FORESHORTENED = {
    "bridge_medball_2view_feetend-oblique-then-side_Hpy2GitHub_02.mp4": (
        "filmed from the feet end at 45 deg, slightly high: the thigh reads 0.19 of the torso "
        "in the image (foreshortened, not scrambled), under the 0.2 this test asks"
    ),
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=FORESHORTENED[n]))
        if n in FORESHORTENED
        else n
        for n in EXERCISE_CLIPS
    ]
    or ["(no clips)"],
)
def test_finds_the_exerciser_with_sane_landmarks(
    name: str, labels: dict[str, dict[str, Any]], analyzed: AnalysisCache
) -> None:
    """The app's pipeline (`formcheck analyze`'s, the model run once per clip for every
    real-clip test) finds the exerciser in the clip's first frames."""
    label = labels[name]
    traits = spec_of(label["exercise"])
    obs = analyzed.result(Run(name, label["exercise"])).observations[:MAX_FRAMES]
    poses = [o.pose for o in obs if o.pose is not None]
    assert len(poses) >= 0.9 * len(obs), f"person tracked in {len(poses)}/{len(obs)} frames"
    positions = Counter(estimate_view(p).position for p in poses)
    # The exercise's start position is seen (a physio's clip opens with a title card and
    # a tall kneel, which reads as standing, before the half-kneel).
    seen = sum(positions[p] for p in traits.start_positions)
    assert seen >= 0.15 * len(poses), positions
    for p in poses:
        assert np.all((p.xyz_norm[:, :2] > -0.5) & (p.xyz_norm[:, :2] < 1.5))
        torso = np.linalg.norm(p.px(Joint.LEFT_SHOULDER) - p.px(Joint.LEFT_HIP))
        thigh = np.linalg.norm(p.px(Joint.LEFT_HIP) - p.px(Joint.LEFT_KNEE))
        assert torso > 5
        assert 0.2 < thigh / torso < 3.0  # body proportions, not a scrambled skeleton


def _side_by_side(videos_dir: Path) -> list[Frame]:
    """A lying bridger (left) beside a kneeling person (right): two people in view."""
    left = list(open_source(videos_dir / "bridge_side_tobefrank_01.mp4"))
    right = list(open_source(videos_dir / "hipflexor_halfkneel_side_tobefrank_01.mp4"))
    frames = []
    for i, (a, b) in enumerate(zip(left, right, strict=False)):
        h = min(a.height_px, b.height_px)
        img = np.hstack([a.image_bgr[:h], cv2.resize(b.image_bgr, (b.width_px, h))])
        frames.append(Frame(np.ascontiguousarray(img), a.timestamp_ms, i))
    return frames


class _CountingEstimator:
    """Passes through to the real estimator, counting frames where it saw two people."""

    def __init__(self, inner: AdaptiveEstimator) -> None:
        self.inner = inner
        self.frames_with_two = 0

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        poses = self.inner.estimate(frame)
        self.frames_with_two += len(poses) >= 2
        return poses


@pytest.mark.parametrize(
    ("exercise", "want_left"), [("bridge", True), ("hip_flexor_stretch", False)]
)
def test_selection_picks_the_exerciser_among_two_people(
    exercise: str, want_left: bool, videos_dir: Path, model_bundle: ModelBundle
) -> None:
    frames = _side_by_side(videos_dir)
    split = frames[0].width_px / 2
    prefer = spec_of(exercise).start_positions
    single = MediaPipeEstimator(model_bundle, EstimatorOptions(num_poses=1))
    look = MediaPipeEstimator(model_bundle, EstimatorOptions(num_poses=2, mode="image"))
    two = EstimatorOptions(num_poses=2)
    with AdaptiveEstimator(single, look, lambda: MediaPipeEstimator(model_bundle, two)) as est:
        counting = _CountingEstimator(est)
        pipe = PosePipeline(counting, PipelineConfig(prefer_positions=prefer))
        chosen = [pipe.process(f).pose for f in frames]
    assert counting.frames_with_two >= 0.5 * len(frames), "the clip must show two people"
    picks = [p.px(Joint.LEFT_HIP)[0] < split for p in chosen if p is not None]
    assert len(picks) >= 0.9 * len(frames)
    right_person = sum(pk == want_left for pk in picks)
    assert right_person >= 0.9 * len(picks), f"{right_person}/{len(picks)} frames on the exerciser"

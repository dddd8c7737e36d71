"""One engine, two sources: `PosePipeline.observe` (landmarks found in the browser) makes
the same observations as `process` (an image through the estimator) from the same
candidates, and carries the chosen candidate's own signals."""

from __future__ import annotations

import numpy as np

from pose.pipeline import PipelineConfig, PosePipeline
from pose.types import Frame, Observation, PoseFrame
from tests.server.replay import bridge_recording

_IMAGE = np.zeros((48, 64, 3), np.uint8)


def _bystander(pose: PoseFrame) -> PoseFrame:
    """A smaller person beside the patient (a therapist kneeling in the corner)."""
    norm = pose.xyz_norm * 0.4 + np.array([0.55, 0.1, 0.0])
    return PoseFrame(
        pose.timestamp_ms, norm, pose.xyz_world, pose.visibility * 0.9, pose.image_size_px
    )


def _candidates() -> list[tuple[int, list[PoseFrame]]]:
    out = []
    for i, obs in enumerate(bridge_recording()):
        people = [] if obs.pose is None else [obs.pose, _bystander(obs.pose)]
        if i % 7 == 3:
            people.reverse()  # the model's order is no promise
        if i in (20, 21):
            people = []  # nobody for a moment
        out.append((obs.timestamp_ms, people))
    return out


class _Fixed:
    def __init__(self, frames: list[tuple[int, list[PoseFrame]]]) -> None:
        self._by_ms = dict(frames)

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        return self._by_ms[frame.timestamp_ms]


def _same(a: Observation, b: Observation) -> bool:
    if a.timestamp_ms != b.timestamp_ms or a.signals != b.signals:
        return False
    if a.pose is None or b.pose is None:
        return a.pose is None and b.pose is None
    return bool(
        np.array_equal(a.pose.xyz_norm, b.pose.xyz_norm)
        and np.array_equal(a.pose.xyz_world, b.pose.xyz_world)
        and np.array_equal(a.pose.visibility, b.pose.visibility)
        and a.view == b.view
    )


def test_observe_makes_the_observations_process_makes() -> None:
    frames = _candidates()
    config = PipelineConfig(prefer_positions=("lying_back",))
    by_image = PosePipeline(_Fixed(frames), config)
    by_landmarks = PosePipeline(_Fixed([]), config)  # never asked: no image comes
    for ts, people in frames:
        from_image = by_image.process(Frame(_IMAGE, ts))
        from_landmarks = by_landmarks.observe(people, ts)
        assert _same(from_image, from_landmarks), ts
    assert by_landmarks.frames == by_image.frames == len(frames)
    assert by_landmarks.frames_with_pose == by_image.frames_with_pose < len(frames)


def test_the_chosen_candidates_signals_come_with_it() -> None:
    frames = _candidates()
    pipeline = PosePipeline(_Fixed([]), PipelineConfig(prefer_positions=("lying_back",)))
    seen = []
    for ts, people in frames:
        # Each person's own signal names them: the patient 1.0, the bystander 2.0.
        signals = [{"trunk_motion": 1.0 if p.xyz_norm[0, 0] < 0.55 else 2.0} for p in people]
        obs = pipeline.observe(people, ts, signals)
        seen.append(obs.signals.get("trunk_motion"))
        if obs.pose is None:
            assert obs.signals == {}
    assert set(seen) == {1.0, None}  # the patient's, always; none without a person

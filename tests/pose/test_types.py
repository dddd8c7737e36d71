from __future__ import annotations

import numpy as np
import pytest

from pose.errors import InvalidPoseError
from pose.joints import NUM_JOINTS, Joint
from pose.types import Frame, Observation, PoseFrame
from pose.view import estimate_view
from tests.exercises.builders_hold import BreathSpec

from .builders import pose_from_points


def test_posframe_rejects_nan_wrong_shape_and_negative_time() -> None:
    good = pose_from_points({Joint.LEFT_HIP: (0.5, 0.5)})
    bad = good.xyz_norm.copy()
    bad[3, 0] = np.nan
    with pytest.raises(InvalidPoseError, match="NaN"):
        PoseFrame(0, bad, good.xyz_world, good.visibility)
    with pytest.raises(InvalidPoseError, match=r"shape \(33, 3\)"):
        PoseFrame(0, np.zeros((32, 3)), good.xyz_world, good.visibility)
    with pytest.raises(InvalidPoseError, match="timestamp_ms"):
        PoseFrame(-1, good.xyz_norm, good.xyz_world, good.visibility)
    with pytest.raises(InvalidPoseError, match="image_size_px"):
        PoseFrame(0, good.xyz_norm, good.xyz_world, good.visibility, (0, 10))


def test_pixels_use_image_size() -> None:
    pose = pose_from_points({Joint.LEFT_KNEE: (0.5, 0.25)}, image_size_px=(800, 400))
    assert pose.px(Joint.LEFT_KNEE).tolist() == [400.0, 100.0]


def test_pixels_are_read_only_and_many_come_in_one_call() -> None:
    pose = pose_from_points(
        {Joint.LEFT_KNEE: (0.5, 0.25), Joint.RIGHT_HIP: (0.1, 0.75)}, image_size_px=(800, 400)
    )
    with pytest.raises(ValueError, match="read-only"):
        pose.px(Joint.LEFT_KNEE)[0] = 1.0
    many = pose.px_of((Joint.RIGHT_HIP, Joint.LEFT_KNEE))
    assert many.tolist() == [[80.0, 300.0], [400.0, 100.0]]
    many[0, 0] = -1.0  # a fresh array of its own: the frame's pixels stay as they were
    assert pose.px(Joint.RIGHT_HIP).tolist() == [80.0, 300.0]
    assert pose.norm(Joint.LEFT_KNEE).tolist() == [0.5, 0.25]
    assert pose.vis(Joint.LEFT_KNEE) == pytest.approx(0.99)
    assert pose.with_timestamp(77).timestamp_ms == 77


def test_frame_validates_image() -> None:
    with pytest.raises(InvalidPoseError, match="uint8 HxWx3"):
        Frame(np.zeros((20, 20), np.uint8), 0)
    with pytest.raises(InvalidPoseError, match="too small"):
        Frame(np.zeros((4, 4, 3), np.uint8), 0)
    frame = Frame(np.zeros((40, 30, 3), np.uint8), 5)
    assert (frame.width_px, frame.height_px) == (30, 40)


def test_observation_pose_time_must_match() -> None:
    pose = pose_from_points({}, timestamp_ms=10)
    with pytest.raises(InvalidPoseError, match="carries a pose from 10 ms"):
        Observation(20, pose)
    assert Observation(10, pose).pose is pose
    assert NUM_JOINTS == 33


def test_an_observation_carries_its_pose_view() -> None:
    """The view is worked out once, when the observation is made, from its own pose."""
    pose = BreathSpec().pose(0)  # lying on the back, filmed from the side
    obs = Observation(pose.timestamp_ms, pose)
    assert obs.view == estimate_view(pose)
    assert obs.view is not None
    assert (obs.view.view, obs.view.position) == ("side", "lying_back")
    assert Observation(0, None).view is None

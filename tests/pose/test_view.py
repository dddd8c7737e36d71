from __future__ import annotations

import numpy as np
import pytest

from pose.joints import Joint
from pose.view import check_framing, estimate_view, knee_angle_deg

from .builders import (
    front_pose,
    half_kneeling_world,
    long_sitting_world,
    pose_from_points,
    project,
    rotate_world,
    standing_world,
)

SUPINE_SIDE = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]], dtype=float)  # lying on the back
SIDE_LYING_FRONT = np.array([[0, 1, 0], [-1, 0, 0], [0, 0, 1]], dtype=float)  # on a side, facing us


def _yaw(deg: float) -> np.ndarray:
    r = np.radians(deg)
    return np.array([[np.cos(r), 0, np.sin(r)], [0, 1, 0], [-np.sin(r), 0, np.cos(r)]])


def _pose(matrix: np.ndarray):
    world = rotate_world(standing_world(), matrix)
    return pose_from_points(project(world), world=world)


@pytest.mark.parametrize(
    ("matrix", "view", "position"),
    [
        (np.eye(3), "front", "standing"),
        (_yaw(90), "side", "standing"),
        (_yaw(45), "oblique", "standing"),
        (SUPINE_SIDE, "side", "lying_back"),
        (SIDE_LYING_FRONT, "front", "lying_side"),
    ],
)
def test_view_and_position_table(matrix, view, position) -> None:
    est = estimate_view(_pose(matrix))
    assert (est.view, est.position) == (view, position)


def test_facing_side_follows_the_nearer_hip() -> None:
    assert estimate_view(_pose(_yaw(90))).facing_side != estimate_view(_pose(_yaw(-90))).facing_side


def test_half_kneeling_is_kneeling() -> None:
    pts = {
        Joint.LEFT_SHOULDER: (0.5, 0.2),
        Joint.RIGHT_SHOULDER: (0.5, 0.2),
        Joint.LEFT_HIP: (0.5, 0.5),
        Joint.RIGHT_HIP: (0.5, 0.5),
        Joint.RIGHT_KNEE: (0.65, 0.5),  # front leg: thigh forward, shin down
        Joint.RIGHT_ANKLE: (0.65, 0.8),
        Joint.LEFT_KNEE: (0.45, 0.8),  # back leg: knee on the floor, shin flat
        Joint.LEFT_ANKLE: (0.25, 0.8),
    }
    world = {
        j: (x - 0.5, y - 0.5, 0.1 if j.name.startswith("LEFT") else -0.1)
        for j, (x, y) in pts.items()
    }
    est = estimate_view(pose_from_points(pts, world=world))
    assert est.position == "kneeling"
    assert est.torso_incline_deg == pytest.approx(90.0)
    assert knee_angle_deg(pose_from_points(pts), "right") == pytest.approx(90.0, abs=1)


def test_half_kneeling_seen_from_the_front_is_kneeling() -> None:
    # The image shows both shins upright (the back one end-on); the world shows it flat.
    est = estimate_view(front_pose(half_kneeling_world()))
    assert (est.view, est.position, est.lengthwise) == ("front", "kneeling", False)


def test_flat_shins_under_flat_thighs_are_not_kneeling() -> None:
    assert estimate_view(front_pose(long_sitting_world())).position != "kneeling"
    assert estimate_view(front_pose(standing_world())).position == "standing"


def test_framing_names_missing_joints_and_small_bodies() -> None:
    joints = (Joint.LEFT_HIP, Joint.LEFT_KNEE)
    big = pose_from_points({Joint.LEFT_HIP: (0.3, 0.3), Joint.LEFT_KNEE: (0.7, 0.7)})
    assert check_framing(big, joints).ok
    small = pose_from_points({Joint.LEFT_HIP: (0.5, 0.5), Joint.LEFT_KNEE: (0.52, 0.52)})
    assert check_framing(small, joints).hint == "come_closer"
    out = pose_from_points({Joint.LEFT_HIP: (0.3, 0.3), Joint.LEFT_KNEE: (1.3, 0.7)})
    check = check_framing(out, joints)
    assert not check.ok
    assert check.missing == (Joint.LEFT_KNEE,)
    assert check.hint == "move_into_view"

"""pose.trunk_axes: the body's own axes, unit vectors, from the world landmarks."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from pose.trunk_axes import trunk_axes, unit
from tests.pose.builders import pose_from_points, rotate_world, standing_world


def test_a_person_standing_facing_the_camera() -> None:
    trunk, lateral, front = trunk_axes(pose_from_points({}, world=standing_world()))
    np.testing.assert_allclose(trunk, [0.0, -1.0, 0.0], atol=1e-9)  # up: image y is down
    np.testing.assert_allclose(lateral, [1.0, 0.0, 0.0], atol=1e-9)  # right to left
    np.testing.assert_allclose(front, [0.0, 0.0, -1.0], atol=1e-9)  # towards the camera


@given(st.floats(-np.pi, np.pi), st.floats(-np.pi, np.pi))
def test_the_axes_turn_with_the_body(yaw: float, pitch: float) -> None:
    """Turned any way, the axes are the standing ones turned the same way."""
    cy, sy, cp, sp = np.cos(yaw), np.sin(yaw), np.cos(pitch), np.sin(pitch)
    turn = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]]) @ np.array(
        [[1, 0, 0], [0, cp, -sp], [0, sp, cp]]
    )
    upright = trunk_axes(pose_from_points({}, world=standing_world()))
    turned = trunk_axes(pose_from_points({}, world=rotate_world(standing_world(), turn)))
    for a, b in zip(upright, turned, strict=True):
        np.testing.assert_allclose(turn @ a, b, atol=1e-6)


def test_a_zero_vector_stays_zero() -> None:
    np.testing.assert_array_equal(unit(np.zeros(3)), np.zeros(3))

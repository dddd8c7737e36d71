"""Camera projection, the rig's kinematics against mannequin-x, and leg IK."""

from __future__ import annotations

import numpy as np
import pytest

from synth.camera import look_at
from synth.motions.base import leg_ik
from synth.rig import J, align_matrix, axis_angle_matrix


def test_camera_projects_the_target_to_the_image_centre_and_keeps_sides() -> None:
    cam = look_at([0.0, 1.0, 3.0], [0.0, 1.0, 0.0], 640, 480)
    px, depth = cam.project(np.array([[0.0, 1.0, 0.0], [0.5, 1.0, 0.0], [0.0, 1.5, 0.0]]))
    assert px[0] == pytest.approx([320.0, 240.0])
    assert depth[0] == pytest.approx(3.0)
    assert px[1, 0] > 320  # scene +x is image right for a camera looking along -z
    assert px[2, 1] < 240  # up is image up


def test_camera_rays_pass_through_their_pixels() -> None:
    cam = look_at([1.0, 0.6, 2.5], [0.0, 0.2, 0.0], 96, 72)
    rays = cam.rays()
    point = cam.position + 2.0 * rays[10, 20]
    px, _ = cam.project(point[None])
    assert px[0] == pytest.approx([20.5, 10.5], abs=1e-6)


@pytest.mark.parametrize(
    ("src", "dst"), [((0, 1, 0), (1, 0, 0)), ((1, 2, 3), (-3, 0.5, 1)), ((0, 0, 1), (0, 0, -1))]
)
def test_align_matrix_rotates_src_onto_dst(src: tuple[float, ...], dst: tuple[float, ...]) -> None:
    rot = align_matrix(src, dst)
    unit = np.asarray(dst, dtype=float) / np.linalg.norm(dst)
    assert rot @ (np.asarray(src, dtype=float) / np.linalg.norm(src)) == pytest.approx(unit)
    assert np.linalg.det(rot) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("target", "reachable"), [((0.1, -0.6, 0.3), True), ((0.0, -1.5, 0.0), False)]
)
def test_leg_ik_reaches_or_straightens(target: tuple[float, ...], reachable: bool) -> None:
    hip = np.zeros(3)
    ankle = np.asarray(target, dtype=float)
    knee = leg_ik(hip, ankle, 0.4, 0.4, np.array([0.0, 0.0, 1.0]))
    assert np.linalg.norm(knee - hip) == pytest.approx(0.4)
    if reachable:
        assert np.linalg.norm(ankle - knee) == pytest.approx(0.4)
        assert knee[2] > 0  # bends towards the given direction
    else:
        assert np.cross(knee - hip, ankle - hip) == pytest.approx(np.zeros(3), abs=1e-3)


def test_rig_kinematics_match_mannequin_x() -> None:
    pytest.importorskip("mannequin", reason="needs the synth extra: pip install -e '.[synth]'")
    from synth.body import Body

    body = Body("small")
    rig = body.new_rig()
    rig.local[0] = axis_angle_matrix([0.3, 1.0, 0.2], 70.0)
    rig.root_pos = np.array([0.2, 0.5, -0.1])
    rng = np.random.default_rng(4)
    for joint in range(1, 22):
        rig.local[joint] = axis_angle_matrix(rng.normal(size=3), float(rng.uniform(0, 60)))
    rig.point(J["l_hip"], J["l_knee"], [1.0, -1.0, 0.0])
    posed = body.pose(rig)
    assert posed.joints == pytest.approx(rig.positions(), abs=1e-4)
    thigh = posed.joints[J["l_knee"]] - posed.joints[J["l_hip"]]
    assert thigh / np.linalg.norm(thigh) == pytest.approx(
        np.array([1, -1, 0]) / np.sqrt(2), abs=1e-4
    )

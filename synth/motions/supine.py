"""Lying on the back with the knees bent and feet flat (bridge and belly breathing).

Scene layout: the head points to +x, the body's left side to +z, the face to the ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from synth.body import Body
from synth.motions.base import pose_leg
from synth.rig import J, Rig, axis_angle_matrix

__all__ = ["SUPINE", "SupineSetup", "supine_setup", "supine_views"]

Mat = npt.NDArray[np.float64]
# body frame (x left, y up, z front) -> scene (left +z, up +x, front +y)
SUPINE: Mat = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
_START_KNEE_DEG = 80.0  # interior knee angle with the feet flat near the buttocks
_ANKLE_HEIGHT_M = 0.08


@dataclass(frozen=True, slots=True)
class SupineSetup:
    """The lying start position: root pose, where the upper back rests, the planted feet."""

    root_rotation: Mat
    root_pos: Mat
    pivot_pos: Mat  # neck joint at rest; the upper back pivots here while the pelvis moves
    ankles: dict[str, Mat]


def _back_depth(body: Body, joint: str) -> float:
    """Distance from a joint to the back surface of the body (rest pose), metres."""
    v = body.rest_vertices
    j = body.rest_joints[J[joint]]
    band = (np.abs(v[:, 1] - j[1]) < 0.05) & (np.abs(v[:, 0]) < 0.12)
    return float(j[2] - v[band, 2].min())


def supine_setup(body: Body) -> SupineSetup:
    d_pelvis = _back_depth(body, "pelvis")
    d_chest = _back_depth(body, "spine3")
    trunk = body.rest_joints[J["spine3"]] - body.rest_joints[J["pelvis"]]
    tilt = np.degrees(np.arctan2(d_chest - d_pelvis, float(np.linalg.norm(trunk))))
    root = axis_angle_matrix([0.0, 0.0, 1.0], float(tilt)) @ SUPINE
    rig = Rig(body.offsets, body.parents)
    rig.local[0] = root
    rig.root_pos = np.array([0.0, d_pelvis, 0.0])
    pos = rig.positions()
    thigh = float(np.linalg.norm(body.offsets[J["l_knee"]]))
    shin = float(np.linalg.norm(body.offsets[J["l_ankle"]]))
    reach = float(
        np.sqrt(thigh**2 + shin**2 - 2 * thigh * shin * np.cos(np.radians(_START_KNEE_DEG)))
    )
    ankles = {}
    for side in ("l", "r"):
        hip = pos[J[f"{side}_hip"]]
        drop = hip[1] - _ANKLE_HEIGHT_M
        along = float(np.sqrt(max(reach**2 - drop**2, 0.01)))
        ankles[side] = np.array([hip[0] - along, _ANKLE_HEIGHT_M, hip[2] * 1.3])
    return SupineSetup(root, rig.root_pos.copy(), pos[J["neck"]].copy(), ankles)


def arms_by_sides(rig: Rig, setup: SupineSetup) -> None:
    """Arms straight on the floor beside the trunk, palms down."""
    pos = rig.positions()
    for side, sign in (("l", 1.0), ("r", -1.0)):
        target = np.array([setup.root_pos[0] - 0.05, 0.05, sign * 0.26])
        shoulder = pos[J[f"{side}_shoulder"]]
        direction = target - shoulder
        rig.point(J[f"{side}_shoulder"], J[f"{side}_elbow"], direction)
        rig.point(J[f"{side}_elbow"], J[f"{side}_wrist"], direction)


def head_on_floor(rig: Rig) -> None:
    rig.point(J["neck"], J["head"], np.array([1.0, 0.3, 0.0]))


def supine_rig(
    body: Body,
    setup: SupineSetup,
    *,
    lift_deg: float = 0.0,
    roll_deg: float = 0.0,
    arch_deg: float = 0.0,
    knee_in_deg: float = 0.0,
) -> Rig:
    """The supine pose with the trunk pivoted up by `lift_deg` around the upper back.

    `roll_deg` rolls the pelvis about the trunk axis (left hip up when positive),
    `arch_deg` pitches the chest up further than the pelvis (lumbar arch), `knee_in_deg` turns
    both knees towards the midline about the hip-ankle line.
    """
    rig = Rig(body.offsets, body.parents)
    z = np.array([0.0, 0.0, 1.0])
    root = axis_angle_matrix(z, -lift_deg) @ setup.root_rotation
    trunk_axis = root @ np.array([0.0, 1.0, 0.0])
    rig.local[0] = axis_angle_matrix(trunk_axis, roll_deg) @ root
    if roll_deg:
        # only the pelvis rolls: the chest stays level on the floor
        rig.turn(J["spine1"], axis_angle_matrix(trunk_axis, -roll_deg))
    if arch_deg:
        # the chest pitches up further than the pelvis: hips high, lumbar spine arched
        rig.turn(J["spine1"], axis_angle_matrix(z, -arch_deg))
    rig.root_pos = setup.root_pos.copy()
    rig.root_pos += setup.pivot_pos - rig.pos(J["neck"])
    head_on_floor(rig)
    arms_by_sides(rig, setup)
    up = np.array([0.0, 1.0, 0.0])
    for side, sign in (("l", 1.0), ("r", -1.0)):
        pos = rig.positions()
        hip_to_ankle = setup.ankles[side] - pos[J[f"{side}_hip"]]
        bend = axis_angle_matrix(hip_to_ankle, sign * knee_in_deg) @ up
        pose_leg(
            rig, side, setup.ankles[side], bend_dir=bend, foot_dir=np.array([-0.6, -0.25, 0.0])
        )
    return rig


def supine_views(centre: Mat, side: str) -> dict[str, tuple[float, float, float]]:
    """Camera directions: side = the working side's long edge of the mat, feet = beyond the
    feet, front = the feet end too (a lying person has no horizontal front), oblique = 45 deg."""
    lateral = np.array([0.0, 0.0, 1.0 if side == "left" else -1.0])
    feet = np.array([-1.0, 0.0, 0.0])
    oblique = (lateral + feet) / np.linalg.norm(lateral + feet)
    del centre
    return {
        "side": tuple(lateral),
        "feet": tuple(feet),
        "front": tuple(feet),
        "oblique": tuple(oblique),
    }

"""Lying on one side (clamshell, side-lying leg raise): where the body rests and the arms.

Scene layout: head to +x, the person faces -z when the left side is up (+z when the right
side is up); `top` is the upper side, "l" or "r".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from synth.body import Body
from synth.motions.base import leg_ik
from synth.rig import HAND_REST_DIR, J, Rig, axis_angle_matrix

__all__ = ["SideLayout", "rotate_up", "side_arms", "side_layout", "side_trunk", "side_views"]

Mat = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class SideLayout:
    root: Mat  # body -> scene rotation of the pelvis
    root_pos: Mat
    top: str  # "l" or "r"
    front: Mat  # scene direction the person faces
    tilt_deg: float  # trunk tipped towards the floor so the lower shoulder rests on it

    @property
    def bottom(self) -> str:
        return "r" if self.top == "l" else "l"

    @property
    def head_dir(self) -> Mat:
        return np.asarray(self.root @ np.array([0.0, 1.0, 0.0]), dtype=np.float64)


def side_layout(body: Body, top: str) -> SideLayout:
    facing = np.array([0.0, 0.0, -1.0 if top == "l" else 1.0])
    head = np.array([1.0, 0.0, 0.0])
    # body axes: x (left) up for a left-up person, y (head) to +x, z (front) to `facing`
    left = np.cross(head, facing)
    root = np.stack([left, head, facing], axis=1)
    # the pelvis rests on the lower hip: its height is the half-width of the hips
    v = body.rest_vertices
    p = body.rest_joints[J["pelvis"]]
    band = np.abs(v[:, 1] - p[1]) < 0.08
    half_width = float(np.max(np.abs(v[band, 0] - p[0])))
    shoulder = body.rest_joints[J["l_shoulder"]]
    shoulder_half = abs(float(shoulder[0] - p[0])) + 0.06  # joint centre plus the deltoid
    tilt = 0.6 * float(np.degrees(np.arctan2(shoulder_half - half_width, shoulder[1] - p[1])))
    return SideLayout(root, np.array([0.0, half_width, 0.0]), top, facing, tilt)


def rotate_up(point: Mat, pivot: Mat, axis: Mat, angle_deg: float) -> Mat:
    """Rotate `point` about the line (`pivot`, `axis`) by `angle_deg`, whichever way lifts it."""
    best = point
    for sign in (1.0, -1.0):
        moved = pivot + axis_angle_matrix(axis, sign * angle_deg) @ (point - pivot)
        if moved[1] > best[1]:
            best = moved
    return np.asarray(best, dtype=np.float64)


def side_trunk(rig: Rig, lay: SideLayout, roll_deg: float = 0.0) -> None:
    """Pelvis and trunk on the lower side, tipped so both shoulder and hip rest on the floor;
    `roll_deg` rolls the body about its long axis."""
    sign = 1.0 if lay.top == "l" else -1.0
    # shoulders are wider than hips: tip the trunk so both rest on the floor
    tilt = axis_angle_matrix(lay.front, -sign * lay.tilt_deg)
    rig.local[0] = axis_angle_matrix(lay.head_dir, roll_deg) @ tilt @ lay.root
    rig.root_pos = lay.root_pos.copy()


def side_arms(rig: Rig, lay: SideLayout, head_dir: Mat) -> None:
    """The bottom arm along the floor above the head (a pillow), the top hand on the floor
    in front of the chest, elbow bent; the head in line with the trunk."""
    bottom = lay.bottom
    rig.point(J[f"{bottom}_shoulder"], J[f"{bottom}_elbow"], head_dir + 0.3 * lay.front)
    rig.point(J[f"{bottom}_elbow"], J[f"{bottom}_wrist"], head_dir + 0.6 * lay.front)
    top = lay.top
    up = np.array([0.0, 1.0, 0.0])
    pos = rig.positions()
    shoulder = pos[J[f"{top}_shoulder"]]
    hand = np.array([shoulder[0] - 0.12, 0.04, 0.0]) + lay.front * 0.32
    upper = float(np.linalg.norm(rig.offsets[J[f"{top}_elbow"]]))
    fore = float(np.linalg.norm(rig.offsets[J[f"{top}_wrist"]]))
    elbow = leg_ik(shoulder, hand, upper, fore, np.array([0.0, 1.0, 0.0]) - head_dir)
    rig.point(J[f"{top}_shoulder"], J[f"{top}_elbow"], elbow - shoulder)
    rig.point(J[f"{top}_elbow"], J[f"{top}_wrist"], hand - elbow)
    rig.aim(J[f"{top}_wrist"], HAND_REST_DIR[top], lay.front - 0.5 * head_dir - 0.1 * up)
    rig.aim(J[f"{bottom}_wrist"], HAND_REST_DIR[bottom], head_dir + 0.6 * lay.front - 0.1 * up)
    rig.point(J["neck"], J["head"], head_dir + np.array([0.0, 0.15, 0.0]))


def side_views(lay: SideLayout) -> dict[str, tuple[float, float, float]]:
    """Camera directions: side = in front of the person (they face the camera), front and
    feet = the feet end, oblique = between the two."""
    feet = np.array([-1.0, 0.0, 0.0])
    oblique = (lay.front + feet) / np.linalg.norm(lay.front + feet)
    views = {"side": lay.front, "front": feet, "feet": feet, "oblique": oblique}
    return {k: (float(v[0]), float(v[1]), float(v[2])) for k, v in views.items()}

"""A tiny forward-kinematics rig over the 22 SMPL-X body joints, in scene coordinates.

Motions set *world* rotations of bones (scene frame: y up, floor at y = 0) and the rig turns
them into the SMPL-X local axis-angle `body_pose` the mannequin wants. SMPL-X rest frames
are aligned with the body frame (y up, z forward, x to the body's left), so a joint's world
rotation is the product of the root rotation and the local rotations down its chain.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

# Wrist to the middle knuckles in the SMPL-X rest (T) pose: hands point out sideways.
HAND_REST_DIR: dict[str, tuple[float, float, float]] = {"l": (1.0, 0.0, 0.0), "r": (-1.0, 0.0, 0.0)}

__all__ = ["BODY_JOINTS", "HAND_REST_DIR", "J", "Rig", "align_matrix", "axis_angle_matrix"]

Mat = npt.NDArray[np.float64]
BODY_JOINTS = 22  # pelvis + the 21 joints of body_pose

# SMPL-X joint indices (also the mannequin's order).
_NAMES = (
    "pelvis l_hip r_hip spine1 l_knee r_knee spine2 l_ankle r_ankle spine3 l_foot r_foot "
    "neck l_collar r_collar head l_shoulder r_shoulder l_elbow r_elbow l_wrist r_wrist"
)
J: dict[str, int] = {name: i for i, name in enumerate(_NAMES.split(" "))}


def axis_angle_matrix(axis: npt.ArrayLike, angle_deg: float) -> Mat:
    """Rotation matrix of `angle_deg` about `axis` (right hand rule)."""
    a = np.asarray(axis, dtype=np.float64)
    a = a / np.linalg.norm(a)
    rvec = (a * np.radians(angle_deg)).reshape(3, 1)
    return np.asarray(cv2.Rodrigues(rvec)[0], dtype=np.float64)


def align_matrix(src: npt.ArrayLike, dst: npt.ArrayLike) -> Mat:
    """The smallest rotation taking direction `src` onto direction `dst`."""
    s = np.asarray(src, dtype=np.float64)
    d = np.asarray(dst, dtype=np.float64)
    s = s / np.linalg.norm(s)
    d = d / np.linalg.norm(d)
    axis = np.cross(s, d)
    sin = float(np.linalg.norm(axis))
    cos = float(np.dot(s, d))
    if sin < 1e-9:
        if cos > 0:
            return np.eye(3)
        ortho = np.cross(s, np.eye(3)[int(np.argmin(np.abs(s)))])
        return axis_angle_matrix(ortho, 180.0)
    return axis_angle_matrix(axis, float(np.degrees(np.arctan2(sin, cos))))


class Rig:
    """World rotations and positions of the body joints for one frame.

    `offsets` are the rest bone offsets (joint minus parent, body frame) of one body shape;
    `parents` the SMPL-X parent indices. Set bones parent-first: `set_world` keeps the
    children's local rotations, so their world rotations follow the parent.
    """

    def __init__(self, offsets: Mat, parents: tuple[int, ...]) -> None:
        self.offsets = np.asarray(offsets[:BODY_JOINTS], dtype=np.float64)
        self.parents = parents[:BODY_JOINTS]
        self.local = np.repeat(np.eye(3)[None], BODY_JOINTS, axis=0)
        self.root_pos = np.zeros(3)

    def world(self, joint: int) -> Mat:
        rot = self.local[joint]
        j = self.parents[joint]
        while j >= 0:
            rot = self.local[j] @ rot
            j = self.parents[j]
        return np.asarray(rot, dtype=np.float64)

    def set_world(self, joint: int, rotation: Mat) -> None:
        parent = self.parents[joint]
        parent_world = self.world(parent) if parent >= 0 else np.eye(3)
        self.local[joint] = parent_world.T @ rotation

    def turn(self, joint: int, rotation: Mat) -> None:
        """Apply a world-frame rotation to a joint's current world rotation."""
        self.set_world(joint, rotation @ self.world(joint))

    def point(self, joint: int, child: int, direction: npt.ArrayLike) -> None:
        """Swing `joint` (smallest rotation from its current world pose) so the bone to
        `child` points along `direction` (scene frame)."""
        self.aim(joint, self.offsets[child], direction)

    def aim(self, joint: int, rest_dir: npt.ArrayLike, direction: npt.ArrayLike) -> None:
        """Swing `joint` so its body-frame rest direction `rest_dir` points along `direction`."""
        current = self.world(joint) @ np.asarray(rest_dir, dtype=np.float64)
        self.turn(joint, align_matrix(current, direction))

    def positions(self) -> Mat:
        """(22, 3) joint positions in the scene frame, metres."""
        pos = np.zeros((BODY_JOINTS, 3))
        world = np.zeros((BODY_JOINTS, 3, 3))
        for j in range(BODY_JOINTS):
            p = self.parents[j]
            if p < 0:
                world[j] = self.local[j]
                pos[j] = self.root_pos
            else:
                world[j] = world[p] @ self.local[j]
                pos[j] = pos[p] + world[p] @ self.offsets[j]
        return pos

    def pos(self, joint: int) -> Mat:
        return np.asarray(self.positions()[joint], dtype=np.float64)

    def body_pose(self) -> npt.NDArray[np.float32]:
        """(21, 3) SMPL-X local axis-angle rotations of joints 1..21."""
        out = np.zeros((BODY_JOINTS - 1, 3), dtype=np.float32)
        for j in range(1, BODY_JOINTS):
            out[j - 1] = cv2.Rodrigues(self.local[j])[0].ravel()
        return out

    def root_axis_angle(self) -> npt.NDArray[np.float32]:
        return np.asarray(cv2.Rodrigues(self.local[0])[0].ravel(), dtype=np.float32)

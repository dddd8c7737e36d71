"""What the browser overlay draws for one frame: landmarks and the key angle's joints."""

from __future__ import annotations

import numpy as np

from exercises.base import ExerciseStatus
from exercises.registry import KeyAngle
from pose.types import Observation
from server.protocol.parts import Pose, ProgressWire, Status

__all__ = ["pose_to_wire", "status_to_wire"]


def pose_to_wire(
    observation: Observation, status: ExerciseStatus, key_angle: KeyAngle | None
) -> Pose | None:
    """Landmarks as [x_norm, y_norm, visibility] rows, plus the key angle's joints (the
    exercise's `KeyAngle`, on the side counted or facing the camera) while it is measured."""
    pose, view = observation.pose, observation.view
    if pose is None or view is None:
        return None
    side = status.side or view.facing_side
    # Rounded in numpy, then one tolist: per-number round() was a tenth of a device
    # session's time per message.
    rows = np.column_stack(
        (np.round(pose.xyz_norm[:, :2], 4), np.round(pose.visibility, 3))
    ).tolist()
    joints = None
    if key_angle is not None and status.angle_name is not None:
        first, middle, last = key_angle.joint_indices(side)
        joints = (first, middle, last)
    return Pose(landmarks=rows, image_size_px=pose.image_size_px, angle_joints=joints)


def status_to_wire(status: ExerciseStatus) -> Status:
    """The engine's status, with its one progress (the page recounts nothing) and every
    counted rep (hold) read from it."""
    return Status(
        phase=status.phase,
        ready=status.ready,
        angle_deg=None if status.angle_deg is None else round(status.angle_deg, 1),
        angle_name=status.angle_name,
        hold_s=round(status.hold_s, 2),
        side=status.side,
        progress=ProgressWire.model_validate(status.progress.to_wire()),
        reps=status.progress.reps_done,
        breaths=status.breaths,
        breath_rate_bpm=status.breath_rate_bpm,
    )

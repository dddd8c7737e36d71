"""What the browser overlay draws for one frame: landmarks and the key angle's joints."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from exercises.base import ExerciseStatus
from exercises.registry import KeyAngle
from pose.types import Observation

__all__ = ["pose_to_wire", "status_to_wire"]


def pose_to_wire(
    observation: Observation, status: ExerciseStatus, key_angle: KeyAngle | None
) -> dict[str, Any] | None:
    """Landmarks as [x_norm, y_norm, visibility] rows, plus the key angle's joints (the
    exercise's `KeyAngle`, on the side counted or facing the camera) while it is measured."""
    pose, view = observation.pose, observation.view
    if pose is None or view is None:
        return None
    side = status.side or view.facing_side
    rows = [
        [round(float(x), 4), round(float(y), 4), round(float(v), 3)]
        for (x, y, _z), v in zip(pose.xyz_norm, pose.visibility, strict=True)
    ]
    return {
        "landmarks": rows,
        "image_size_px": list(pose.image_size_px),
        "angle_joints": None
        if key_angle is None or status.angle_name is None
        else key_angle.joint_indices(side),
    }


def status_to_wire(status: ExerciseStatus) -> dict[str, Any]:
    body = asdict(status)
    if status.angle_deg is not None:
        body["angle_deg"] = round(status.angle_deg, 1)
    body["hold_s"] = round(status.hold_s, 2)
    return body

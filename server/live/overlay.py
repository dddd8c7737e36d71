"""What the browser overlay draws for one frame: landmarks and the key angle's joints."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from exercises.base import ExerciseStatus
from pose.joints import Joint
from pose.types import Observation

__all__ = ["angle_joints", "pose_to_wire", "status_to_wire"]

# The key angle's three joints (arm, vertex, arm) by the joint named in the angle.
_TRIPLES: dict[str, tuple[str, str, str]] = {
    "hip": ("SHOULDER", "HIP", "KNEE"),
    "knee": ("HIP", "KNEE", "ANKLE"),
    "trunk": ("SHOULDER", "HIP", "KNEE"),
}


def angle_joints(angle_name: str | None, side: str) -> list[int] | None:
    """Joint indices of the key angle for the overlay (None when there is no angle)."""
    if not angle_name:
        return None
    key = next((k for k in _TRIPLES if k in angle_name), "hip")
    prefix = "LEFT_" if side == "left" else "RIGHT_"
    return [int(Joint[prefix + part]) for part in _TRIPLES[key]]


def pose_to_wire(observation: Observation, status: ExerciseStatus) -> dict[str, Any] | None:
    """Landmarks as [x_norm, y_norm, visibility] rows, plus the key angle's joints."""
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
        "angle_joints": angle_joints(status.angle_name, side),
    }


def status_to_wire(status: ExerciseStatus) -> dict[str, Any]:
    body = asdict(status)
    if status.angle_deg is not None:
        body["angle_deg"] = round(status.angle_deg, 1)
    body["hold_s"] = round(status.hold_s, 2)
    return body

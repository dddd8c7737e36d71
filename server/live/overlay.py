"""What the browser overlay draws for one frame: landmarks and the key angle's joints."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import numpy as np

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
    # Rounded in numpy, then one tolist: per-number round() was a tenth of a device
    # session's time per message.
    rows = np.column_stack(
        (np.round(pose.xyz_norm[:, :2], 4), np.round(pose.visibility, 3))
    ).tolist()
    return {
        "landmarks": rows,
        "image_size_px": list(pose.image_size_px),
        "angle_joints": None
        if key_angle is None or status.angle_name is None
        else key_angle.joint_indices(side),
    }


_STATUS_FIELDS = tuple(f.name for f in fields(ExerciseStatus))


def status_to_wire(status: ExerciseStatus) -> dict[str, Any]:
    # Not dataclasses.asdict: it deep-copies every value, per frame; a status holds
    # plain values and its progress.
    body = {name: getattr(status, name) for name in _STATUS_FIELDS}
    body["progress"] = status.progress.to_wire()  # the one progress: the page recounts nothing
    body["reps"] = status.progress.reps_done  # every counted rep (hold), read from it
    if status.angle_deg is not None:
        body["angle_deg"] = round(status.angle_deg, 1)
    body["hold_s"] = round(status.hold_s, 2)
    return body

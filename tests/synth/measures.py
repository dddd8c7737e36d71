"""How the accuracy test reads each angle: from the estimated pose exactly as the exercise
engines do, and the same quantity from the ground truth (3-D, and on the true 2-D points).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from exercises.bridge.pose import BridgePoseConfig, hip_extension_deg, read_bridge
from exercises.clamshell.pose import ClamshellPoseConfig, read_clamshell
from exercises.stretch.pose import StretchPoseConfig, measure_stretch
from pose.geometry import angle_deg, midpoint
from pose.joints import Joint
from pose.types import PoseFrame
from pose.view import estimate_view

Truth = dict[str, Any]


@dataclass(frozen=True)
class Measure:
    """One angle: how an engine reads it, its 3-D truth, its truth on the true image points
    (None when the engine reads world landmarks), and the views that can show it."""

    exercise: str
    name: str
    read: Callable[[PoseFrame], float | None]
    truth_3d: Callable[[Truth, str], float]
    truth_image: Callable[[Truth, str], float] | None
    views: tuple[str, ...]
    why_not: str = ""


def _px(frame: Truth, name: str) -> np.ndarray:
    return np.asarray(frame["landmarks_px"][name], dtype=np.float64)


def _bridge_hip_image(frame: Truth, _side: str) -> float:
    values = [
        hip_extension_deg(
            _px(frame, f"{s}_shoulder"), _px(frame, f"{s}_hip"), _px(frame, f"{s}_knee")
        )
        for s in ("left", "right")
    ]
    return float(np.mean(values))


def _bridge_knee_image(frame: Truth, _side: str) -> float:
    values = [
        180.0 - angle_deg(_px(frame, f"{s}_hip"), _px(frame, f"{s}_knee"), _px(frame, f"{s}_ankle"))
        for s in ("left", "right")
    ]
    return float(np.mean(values))


def _clam_image(frame: Truth, _side: str) -> float:
    hip_mid = midpoint(_px(frame, "left_hip"), _px(frame, "right_hip"))
    return angle_deg(_px(frame, "left_knee"), hip_mid, _px(frame, "right_knee"))


def _mean_sides(name: str) -> Callable[[Truth, str], float]:
    def read(frame: Truth, _side: str) -> float:
        a = frame["angles_deg"]
        return float((a[f"{name}_left"] + a[f"{name}_right"]) / 2.0)

    return read


def _bridge_hip(pose: PoseFrame) -> float | None:
    r = read_bridge(pose, BridgePoseConfig())
    return r.hip_extension_deg if r.visible else None


def _bridge_knee(pose: PoseFrame) -> float | None:
    r = read_bridge(pose, BridgePoseConfig())
    return 180.0 - r.knee_deg if r.visible else None


def _clam_opening(pose: PoseFrame) -> float | None:
    r = read_clamshell(pose, ClamshellPoseConfig())
    return r.opening_deg if r.visible else None


def _stretch(field: str) -> Callable[[PoseFrame], float | None]:
    def read(pose: PoseFrame) -> float | None:
        m = measure_stretch(pose, estimate_view(pose).view, StretchPoseConfig())
        return None if m is None else float(getattr(m, field))

    return read


def _image_lean(pose: PoseFrame) -> float | None:
    """Trunk lean from vertical in the image (+ towards the front foot): what a side view
    shows directly, for comparison with the world-landmark reading the engine uses."""
    m = measure_stretch(pose, estimate_view(pose).view, StretchPoseConfig())
    if m is None:
        return None
    front = "right" if m.stretched_side == "left" else "left"
    back_knee = pose.px(Joint[f"{m.stretched_side.upper()}_KNEE"])
    front_ankle = pose.px(Joint[f"{front.upper()}_ANKLE"])
    forward = 1.0 if front_ankle[0] > back_knee[0] else -1.0
    shoulder = midpoint(pose.px(Joint.LEFT_SHOULDER), pose.px(Joint.RIGHT_SHOULDER))
    trunk = shoulder - midpoint(pose.px(Joint.LEFT_HIP), pose.px(Joint.RIGHT_HIP))
    return math.degrees(math.atan2(forward * float(trunk[0]), -float(trunk[1])))


def _image_lean_truth(frame: Truth, side: str) -> float:
    front = "right" if side == "left" else "left"
    forward = 1.0 if _px(frame, f"{front}_ankle")[0] > _px(frame, f"{side}_knee")[0] else -1.0
    shoulder = midpoint(_px(frame, "left_shoulder"), _px(frame, "right_shoulder"))
    trunk = shoulder - midpoint(_px(frame, "left_hip"), _px(frame, "right_hip"))
    return math.degrees(math.atan2(forward * float(trunk[0]), -float(trunk[1])))


SIDE_ONLY = "n/a: an image-plane angle, not measurable from the {view}"
MEASURES: tuple[Measure, ...] = (
    Measure(
        "bridge",
        "hip extension (shoulder-hip-knee)",
        _bridge_hip,
        _mean_sides("hip_angle"),
        _bridge_hip_image,
        ("side", "oblique"),
        SIDE_ONLY,
    ),
    Measure(
        "bridge",
        "knee flexion",
        _bridge_knee,
        _mean_sides("knee_flexion"),
        _bridge_knee_image,
        ("side", "oblique"),
        SIDE_ONLY,
    ),
    Measure(
        "clamshell",
        "knee opening (at the hip midpoint)",
        _clam_opening,
        lambda f, _s: float(f["angles_deg"]["knee_opening"]),
        _clam_image,
        ("side", "oblique", "front", "feet"),
    ),
    Measure(
        "hip_flexor_stretch",
        "back hip extension (sagittal)",
        _stretch("hip_extension_deg"),
        lambda f, s: float(f["angles_deg"][f"hip_extension_{s}"]),
        None,
        ("side", "oblique", "front", "feet"),
    ),
    Measure(
        "hip_flexor_stretch",
        "trunk lean (from vertical)",
        _stretch("trunk_lean_deg"),
        lambda f, _s: float(f["angles_deg"]["trunk_lean"]),
        None,
        ("side", "oblique", "front", "feet"),
    ),
    Measure(
        "hip_flexor_stretch",
        "trunk lean, image plane (what the engine reads side-on)",
        _image_lean,
        lambda f, _s: float(f["angles_deg"]["trunk_lean"]),
        _image_lean_truth,
        ("side",),
        SIDE_ONLY,
    ),
)

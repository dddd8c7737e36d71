"""Reading one pose as the bridge (on the back, knees bent, pelvis lifted and lowered).

Filmed from the side (or side-oblique). The key angle is hip extension: the image-plane
angle shoulder-hip-knee, signed so that it keeps growing past a straight line (180 deg)
when the patient arches, instead of folding back. Both legs are read and averaged by
how well each is seen. Widths (knees, hips) are read only when the view shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from exercises.body_axes import body_axes
from pose import geometry
from pose.geometry import angle_deg, incline_deg, midpoint, signed_angle_deg
from pose.joints import Joint
from pose.types import FloatArray, PoseFrame

HINT_LIE_ON_BACK = "bridge_lie_on_back"
HINT_BEND_KNEES = "bridge_bend_knees"

__all__ = [
    "HINT_BEND_KNEES",
    "HINT_LIE_ON_BACK",
    "BridgePoseConfig",
    "BridgeReading",
    "anchors",
    "hip_extension_deg",
    "pelvis_lift",
    "pelvis_lift_world",
    "read_bridge",
]

_LEGS = {
    "left": (Joint.LEFT_SHOULDER, Joint.LEFT_HIP, Joint.LEFT_KNEE, Joint.LEFT_ANKLE),
    "right": (Joint.RIGHT_SHOULDER, Joint.RIGHT_HIP, Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE),
}
_FEET = {
    "left": (Joint.LEFT_HEEL, Joint.LEFT_FOOT_INDEX),
    "right": (Joint.RIGHT_HEEL, Joint.RIGHT_FOOT_INDEX),
}


@dataclass(frozen=True, slots=True)
class BridgePoseConfig:
    # Shoulder, hip and knee of the better-seen side must be this likely visible.
    min_visibility: float = 0.4
    # Lying: the trunk (shoulder to hip midpoints) within this of the image horizontal
    # (at the top of a bridge it rises to about 30 deg; sitting up or standing is > 50),
    # the feet below the knees, and not on a side (world landmarks, exercises.body_axes).
    lying_max_incline_deg: float = 45.0
    # Start position: knees bent (hip-knee-ankle under this) and the pelvis down
    # (hip extension under this; a bent-knee rest is 120-140, a bridge top 165-185).
    start_knee_max_deg: float = 130.0
    start_hip_max_deg: float = 155.0
    # The view shows widths (knees, pelvis) once the hip width is this share of the trunk
    # length in the image; a true side view shows almost none.
    width_min_ratio: float = 0.3
    # Feet flat on the floor at rest: the hips lie near the line from the shoulders to the
    # ankles (pelvis lift within this, in shoulder-to-ankle lengths; a bent-knee rest reads
    # -0.03 to +0.04). With the feet in the air (a dead bug's 90/90) the hips lie 0.2 below.
    start_lift_max: float = 0.1


@dataclass(frozen=True, slots=True)
class BridgeReading:
    visible: bool
    lying: bool
    start_position: bool
    hip_extension_deg: float
    knee_deg: float
    hint: str | None
    aux: dict[str, float]


def hip_extension_deg(shoulder: FloatArray, hip: FloatArray, knee: FloatArray) -> float:
    """Shoulder-hip-knee in the image, 0-360: 180 is a straight line, more is arching.

    The sign comes from which way the head points, with the knees up on the other side,
    so a hip pushed past straight reads 190, not 170.
    """
    s = signed_angle_deg(knee - hip, shoulder - hip)
    head_right = shoulder[0] > hip[0]
    ext = s if head_right else -s
    return ext + 360.0 if ext < 0 else ext


def pelvis_lift(pose: PoseFrame) -> float:
    """How far the hips are above the line from the shoulders to the ankles, in
    shoulder-to-ankle lengths (image, + = up). The shoulders and the feet stay on the
    floor in a bridge, so this is the pelvis rising off it: about 0 at rest, 0.15-0.3 at
    the top. A knee moving (knee to chest, knee rocks) leaves it unchanged."""
    shoulder = midpoint(pose.px(Joint.LEFT_SHOULDER), pose.px(Joint.RIGHT_SHOULDER))
    hip = midpoint(pose.px(Joint.LEFT_HIP), pose.px(Joint.RIGHT_HIP))
    ankle = midpoint(pose.px(Joint.LEFT_ANKLE), pose.px(Joint.RIGHT_ANKLE))
    line = ankle - shoulder
    length = geometry.length(line)
    if length <= 1e-6:
        return 0.0
    normal = np.array([line[1], -line[0]]) / length
    if normal[1] > 0:  # point it up the image
        normal = -normal
    return float(np.dot(hip - shoulder, normal)) / length


def pelvis_lift_world(pose: PoseFrame) -> float | None:
    """`pelvis_lift` in the world landmarks, from any view: how far the hips are off the
    floor plane through the shoulders and the ankles (the plane that holds the
    shoulder-to-ankle line and the body's width), in shoulder-to-ankle lengths, + = the
    knees' side (up). None when the body is too flat a shape to give a plane."""
    w = pose.world
    shoulder = midpoint(w(Joint.LEFT_SHOULDER), w(Joint.RIGHT_SHOULDER))
    hip = midpoint(w(Joint.LEFT_HIP), w(Joint.RIGHT_HIP))
    ankle = midpoint(w(Joint.LEFT_ANKLE), w(Joint.RIGHT_ANKLE))
    knee = midpoint(w(Joint.LEFT_KNEE), w(Joint.RIGHT_KNEE))
    width = (w(Joint.LEFT_HIP) - w(Joint.RIGHT_HIP)) + (
        w(Joint.LEFT_SHOULDER) - w(Joint.RIGHT_SHOULDER)
    )
    line = ankle - shoulder
    length = geometry.length(line)
    normal = geometry.cross(line, width)
    size = geometry.length(normal)
    if length <= 1e-6 or size <= 1e-9:
        return None
    normal = normal / size
    if float(np.dot(knee - shoulder, normal)) < 0:  # the knees are up: point it there
        normal = -normal
    return float(np.dot(hip - shoulder, normal)) / length


def _weights(pose: PoseFrame) -> dict[str, float]:
    return {side: min(pose.vis(j) for j in joints[:3]) for side, joints in _LEGS.items()}


def read_bridge(pose: PoseFrame, config: BridgePoseConfig) -> BridgeReading:
    w = _weights(pose)
    best = max(w, key=lambda s: w[s])
    total = sum(w.values())
    exts: dict[str, float] = {}
    knees: dict[str, float] = {}
    for side, (sh, hp, kn, an) in _LEGS.items():
        exts[side] = hip_extension_deg(pose.px(sh), pose.px(hp), pose.px(kn))
        knees[side] = angle_deg(pose.px(hp), pose.px(kn), pose.px(an))
    # Weight both legs by visibility, but never average across the 360/0 seam.
    if total > 0 and abs(exts["left"] - exts["right"]) < 90.0:
        ext = sum(exts[s] * w[s] for s in w) / total
        knee = sum(knees[s] * w[s] for s in w) / total
    else:
        ext, knee = exts[best], knees[best]
    shoulder_mid = midpoint(pose.px(Joint.LEFT_SHOULDER), pose.px(Joint.RIGHT_SHOULDER))
    hip_mid = midpoint(pose.px(Joint.LEFT_HIP), pose.px(Joint.RIGHT_HIP))
    trunk_px = geometry.length(shoulder_mid - hip_mid)
    _, hp, kn, an = _LEGS[best]
    knee_up = pose.px(kn)[1] < pose.px(hp)[1]
    feet_down = pose.px(an)[1] > pose.px(kn)[1]
    flat = incline_deg(hip_mid, shoulder_mid) <= config.lying_max_incline_deg
    lying = flat and feet_down and not body_axes(pose).on_side
    lift = pelvis_lift(pose)
    lift_world = pelvis_lift_world(pose)
    start = (
        lying
        and knee_up
        and knee <= config.start_knee_max_deg
        and ext <= config.start_hip_max_deg
        and abs(lift) <= config.start_lift_max
    )
    hint = None
    if not lying:
        hint = HINT_LIE_ON_BACK
    elif not start and knee > config.start_knee_max_deg:
        hint = HINT_BEND_KNEES
    return BridgeReading(
        visible=w[best] >= config.min_visibility,
        lying=lying,
        start_position=start,
        hip_extension_deg=ext,
        knee_deg=knee,
        hint=hint,
        aux={
            **_aux(pose, best, trunk_px),
            "lift": lift,
            **({"lift_world": lift_world} if lift_world is not None else {}),
            "knee_deg": knee,
            "hip_extension_left_deg": exts["left"],
            "hip_extension_right_deg": exts["right"],
        },
    )


def _aux(pose: PoseFrame, best: str, trunk_px: float) -> dict[str, float]:
    """Measures for the form checks, in trunk lengths or degrees."""
    if trunk_px <= 1e-6:
        return {}
    hip_w = geometry.length(pose.px(Joint.LEFT_HIP) - pose.px(Joint.RIGHT_HIP))
    knee_w = geometry.length(pose.px(Joint.LEFT_KNEE) - pose.px(Joint.RIGHT_KNEE))
    ankle_w = geometry.length(pose.px(Joint.LEFT_ANKLE) - pose.px(Joint.RIGHT_ANKLE))
    heel, toe = (pose.px(j) for j in _FEET[best])
    _, _, kn, an = _LEGS[best]
    shank = geometry.length(pose.px(kn) - pose.px(an))
    hip_line = pose.px(Joint.LEFT_HIP) - pose.px(Joint.RIGHT_HIP)
    return {
        "width_ratio": hip_w / trunk_px,
        "knee_width": knee_w / trunk_px,
        "ankle_width": ankle_w / trunk_px,
        # Left hip below the right, in trunk lengths: a hip dropping on one side changes it.
        "hip_level": float(hip_line[1]) / trunk_px,
        # Heel above the toes, in shank lengths: grows when the heels lift.
        "heel_rise": float(toe[1] - heel[1]) / shank if shank > 1e-6 else 0.0,
    }


def anchors(pose: PoseFrame) -> tuple[dict[str, tuple[float, float]], float]:
    """The points that stay put in a bridge, in image pixels: each ankle and the shoulder
    midpoint (planted feet and shoulders on the floor do not move in the picture, whatever
    the pelvis does; a foot lifted off the floor or the shoulders curling up do), and the
    body's size to measure their moves in (trunk plus thigh, pixels)."""
    scale = 0.0
    for side in ("left", "right"):
        sh, hp, kn, _ = _LEGS[side]
        trunk = geometry.length(pose.px(sh) - pose.px(hp))
        scale = max(scale, trunk + geometry.length(pose.px(hp) - pose.px(kn)))
    out: dict[str, tuple[float, float]] = {}
    for name, joint in (("left_ankle", Joint.LEFT_ANKLE), ("right_ankle", Joint.RIGHT_ANKLE)):
        x, y = pose.px(joint)
        out[name] = (float(x), float(y))
    sx, sy = midpoint(pose.px(Joint.LEFT_SHOULDER), pose.px(Joint.RIGHT_SHOULDER))
    out["shoulders"] = (float(sx), float(sy))
    return out, scale

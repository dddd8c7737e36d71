"""Measuring the half-kneeling hip flexor stretch from one pose.

Angles are taken in the body's sagittal plane: "down" is image-down (the camera stands
upright), "forward" is the horizontal direction from the kneeling knee to the front foot.
Seen from the side (how the stretch is filmed) the sagittal plane is the image plane, and
the trunk lean and back thigh are read from the image, where the landmarks are exact: the
world landmarks read an upright trunk as leaning back 10-12 deg and a 21 deg forward lean
as -1 (synthetic clips; image: -3 and +15, 3.3 deg mean error). In other views they come
from the world landmarks (metres), and the lean is marked unmeasured: no lean fault there.
Heights are in torso lengths, so a child and an adult meet the same rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from exercises.events import SideName
from pose.geometry import angle_deg, length, midpoint
from pose.joints import Joint
from pose.types import FloatArray, PoseFrame
from pose.view import CameraView

__all__ = ["StretchMeasure", "StretchPoseConfig", "measure_stretch"]

_DOWN = np.array([0.0, 1.0, 0.0])  # world y points down, as image y does
_LEGS: dict[SideName, tuple[Joint, Joint, Joint, Joint]] = {
    "left": (Joint.LEFT_HIP, Joint.LEFT_KNEE, Joint.LEFT_ANKLE, Joint.LEFT_FOOT_INDEX),
    "right": (Joint.RIGHT_HIP, Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE, Joint.RIGHT_FOOT_INDEX),
}
_FOOT: dict[SideName, tuple[Joint, Joint, Joint]] = {
    "left": (Joint.LEFT_ANKLE, Joint.LEFT_HEEL, Joint.LEFT_FOOT_INDEX),
    "right": (Joint.RIGHT_ANKLE, Joint.RIGHT_HEEL, Joint.RIGHT_FOOT_INDEX),
}


@dataclass(frozen=True, slots=True)
class StretchPoseConfig:
    """What counts as the half-kneeling position."""

    # Knees and ankles must be this likely visible: both legs decide the position. From
    # the side the far leg is partly hidden and reads 0.3-0.6 while its position is
    # still good, so the bar is low.
    min_leg_visibility: float = 0.25
    # The better-seen shoulder and hip must be this likely visible: they give the trunk.
    min_trunk_visibility: float = 0.5
    # Front knee (hip-knee-ankle) "near 90": the clinic accepts 70-110; landmark error
    # and a long or short lunge widen that to 55-125 for recognising the position.
    front_knee_min_deg: float = 55.0
    front_knee_max_deg: float = 125.0
    # The kneeling knee sits at least this far below the front knee (torso lengths):
    # a front thigh near horizontal puts its knee about half a torso above the floor.
    knee_drop_min_torso: float = 0.25
    # The kneeling knee is on the floor: at most this far (torso lengths) above the lowest
    # point of its own foot, which rests on the floor behind it (kneeling: 0-0.15; a
    # standing leg: about one). Its own foot, not the front one: the two legs are at
    # different depths, and a camera looking a little down puts the near knee lower in
    # the image than the far foot on the same floor (a physio's clip, near knee down:
    # 0.28 torso below the front ankle while kneeling on the floor).
    knee_floor_max_torso: float = 0.25
    # Trunk lean either way beyond this is no longer the stretch position (a lunge
    # reaching forward, or sitting back); the form faults use tighter limits.
    trunk_upright_max_deg: float = 35.0


@dataclass(frozen=True, slots=True)
class StretchMeasure:
    """One pose, read as the stretch. Angles in degrees, lengths in torso lengths."""

    stretched_side: SideName  # the kneeling leg's side: its hip flexors are stretched
    in_position: bool  # half-kneeling, upright: whether the pelvis is forward is `back_thigh_deg`
    front_knee_deg: float  # hip-knee-ankle of the front leg, 180 = straight
    trunk_lean_deg: float  # trunk from vertical: + toward the front foot, - backward
    lean_measured: bool  # a side view: the lean is read in the image and may make faults
    hip_extension_deg: float  # back thigh behind the trunk line (+ = extension)
    back_thigh_deg: float  # back thigh behind the vertical: grows as the pelvis shifts forward
    knee_ahead_norm: float  # front knee ahead of its ankle, in shin lengths (+ = ahead)
    # The hips ahead of the kneeling knee, in torso lengths: the pelvis shifting forward and
    # tucking under (a posterior tilt moves the hip joints forward and up) grows it.
    pelvis_ahead_torso: float


def _sagittal_deg(v: FloatArray, forward: FloatArray) -> float:
    """Direction of v from straight down, in the sagittal plane: + forward, - backward."""
    return math.degrees(math.atan2(float(np.dot(v, forward)), float(np.dot(v, _DOWN))))


def _side_view(
    pose: PoseFrame, view: CameraView, back: SideName, front: SideName
) -> tuple[float, float, float] | None:
    """(trunk lean deg, back thigh behind the vertical deg, hips ahead of the kneeling
    knee in torso lengths) in the image, or None unless side-on."""
    if view != "side":
        return None
    px = pose.px
    ahead_px = float(px(_LEGS[front][2])[0] - px(_LEGS[back][1])[0])  # knee to front foot
    if abs(ahead_px) < 1.0:
        return None
    sign = 1.0 if ahead_px > 0 else -1.0
    hip = midpoint(px(Joint.LEFT_HIP), px(Joint.RIGHT_HIP))
    trunk = midpoint(px(Joint.LEFT_SHOULDER), px(Joint.RIGHT_SHOULDER)) - hip
    torso_px = length(trunk)
    if torso_px < 1.0:
        return None
    thigh = px(_LEGS[back][1]) - px(_LEGS[back][0])  # image y points down
    lean = math.degrees(math.atan2(sign * float(trunk[0]), -float(trunk[1])))
    thigh_deg = -math.degrees(math.atan2(sign * float(thigh[0]), float(thigh[1])))
    pelvis_ahead = sign * float(hip[0] - px(_LEGS[back][1])[0]) / torso_px
    return lean, thigh_deg, pelvis_ahead


def _shin_flatness(pose: PoseFrame, side: SideName) -> float:
    """Shin (knee->ankle) from vertical, 0-90 deg, in world coordinates (view-invariant)."""
    _, knee, ankle, _ = _LEGS[side]
    v = pose.world(ankle) - pose.world(knee)
    return math.degrees(math.atan2(math.hypot(float(v[0]), float(v[2])), abs(float(v[1]))))


def _visible(pose: PoseFrame, cfg: StretchPoseConfig) -> bool:
    legs = (Joint.LEFT_KNEE, Joint.RIGHT_KNEE, Joint.LEFT_ANKLE, Joint.RIGHT_ANKLE)
    if min(pose.vis(j) for j in legs) < cfg.min_leg_visibility:
        return False
    shoulder = max(pose.vis(Joint.LEFT_SHOULDER), pose.vis(Joint.RIGHT_SHOULDER))
    hip = max(pose.vis(Joint.LEFT_HIP), pose.vis(Joint.RIGHT_HIP))
    return min(shoulder, hip) >= cfg.min_trunk_visibility


def _knee_heights_torso(pose: PoseFrame, back: SideName, front: SideName) -> tuple[float, float]:
    """(back knee below front knee, back knee above its own foot's lowest point), torso
    lengths.

    From the image, not the world landmarks: the floor is what the camera sees, and the
    model's world heights wander by a third of a torso where the image is exact.
    """
    px = pose.px
    torso_px = length(
        midpoint(px(Joint.LEFT_SHOULDER), px(Joint.RIGHT_SHOULDER))
        - midpoint(px(Joint.LEFT_HIP), px(Joint.RIGHT_HIP))
    )
    if torso_px < 1.0:
        return 0.0, math.inf
    b_knee_y, f_knee_y = float(px(_LEGS[back][1])[1]), float(px(_LEGS[front][1])[1])
    floor_y = max(float(px(j)[1]) for j in _FOOT[back])  # image y points down
    return (b_knee_y - f_knee_y) / torso_px, (floor_y - b_knee_y) / torso_px


def measure_stretch(
    pose: PoseFrame, view: CameraView, cfg: StretchPoseConfig
) -> StretchMeasure | None:
    """The stretch measures, or None when the legs or trunk are not seen well enough."""
    if not _visible(pose, cfg):
        return None
    w = pose.world
    shoulder = midpoint(w(Joint.LEFT_SHOULDER), w(Joint.RIGHT_SHOULDER))
    hip = midpoint(w(Joint.LEFT_HIP), w(Joint.RIGHT_HIP))
    torso_m = length(shoulder - hip)
    if torso_m < 1e-3:
        return None
    # The kneeling leg is the one whose shin lies flatter (the front shin stands up).
    back: SideName = (
        "left" if _shin_flatness(pose, "left") > _shin_flatness(pose, "right") else "right"
    )
    front: SideName = "right" if back == "left" else "left"
    b_hip, b_knee, _, _ = (w(j) for j in _LEGS[back])
    f_hip, f_knee, f_ankle, _ = (w(j) for j in _LEGS[front])
    horizontal = (f_ankle - b_knee) * np.array([1.0, 0.0, 1.0])
    span = length(horizontal)
    if span < 1e-3:
        return None
    forward = horizontal / span
    trunk_lean = -_sagittal_deg(hip - shoulder, forward)  # trunk-down points back on a forward lean
    back_thigh = -_sagittal_deg(b_knee - b_hip, forward)
    pelvis_ahead = float(np.dot(hip - b_knee, forward)) / torso_m
    side_view = _side_view(pose, view, back, front)
    if side_view is not None:
        trunk_lean, back_thigh, pelvis_ahead = side_view
    front_knee = angle_deg(f_hip, f_knee, f_ankle)
    shin_m = length(f_ankle - f_knee)
    knee_ahead = float(np.dot(f_knee - f_ankle, forward)) / max(shin_m, 1e-3)
    knee_drop, knee_above_foot = _knee_heights_torso(pose, back, front)
    in_position = (
        cfg.front_knee_min_deg <= front_knee <= cfg.front_knee_max_deg
        and knee_drop >= cfg.knee_drop_min_torso
        and knee_above_foot <= cfg.knee_floor_max_torso
        and abs(trunk_lean) <= cfg.trunk_upright_max_deg
    )
    return StretchMeasure(
        stretched_side=back,
        in_position=in_position,
        front_knee_deg=front_knee,
        trunk_lean_deg=trunk_lean,
        lean_measured=side_view is not None,
        hip_extension_deg=back_thigh - trunk_lean,  # thigh behind the trunk's line
        back_thigh_deg=back_thigh,
        knee_ahead_norm=knee_ahead,
        pelvis_ahead_torso=pelvis_ahead,
    )

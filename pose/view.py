"""View awareness: camera view, body position, the side facing the camera, and whether
the joints an exercise needs are visible and large enough.

Body axes come from the world landmarks (metres, camera-aligned: x right, y down,
z away from the camera): torso T (hips to shoulders), lateral L (right to left hip
and shoulder), anterior A = L x T. Gravity is taken as image-down: a laptop or tablet
camera stands upright, and that is the one assumption here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from pose.geometry import angle_deg, incline_deg
from pose.joints import Joint
from pose.trunk_axes import trunk_axes, unit
from pose.types import FloatArray, PoseFrame

__all__ = [
    "FRAMING_HINTS",
    "HINT_COME_CLOSER",
    "HINT_MOVE_INTO_VIEW",
    "BodyPosition",
    "CameraView",
    "FramingCheck",
    "ViewEstimate",
    "check_framing",
    "estimate_view",
    "near_side_joints",
]

CameraView = Literal["side", "front", "oblique", "end"]
BodyPosition = Literal["lying_back", "lying_side", "lying_front", "kneeling", "sitting", "standing"]
# The framing check's setup-hint codes (texts in the catalogue, exercises/texts.json).
HINT_MOVE_INTO_VIEW = "move_into_view"
HINT_COME_CLOSER = "come_closer"
FRAMING_HINTS = (HINT_MOVE_INTO_VIEW, HINT_COME_CLOSER)

_SIDE_MAX_DEG = 30.0  # camera axis within 30 deg of the lateral axis: a side view
_FRONT_MAX_DEG = 30.0  # ... of the anterior (or posterior) axis: a front view
_END_MAX_DEG = 35.0  # ... of the torso axis: filmed from the head or feet end
_UPRIGHT_MIN_DEG = 50.0  # torso at least 50 deg above the horizontal: upright
_KNEE_DOWN_MAX_DEG = 35.0  # a shin within 35 deg of the horizontal rests on the floor
# Seen from the front the image shows a kneeling shin end-on (upright), so the world
# landmarks tell it too: a shin within 35 deg of the horizontal under a thigh at least 45 deg
# above it (a long sit or a lying body seen lengthwise has flat shins, but flat thighs too).
# Measured on the rendered half-kneel from the front: back shin 13-20 deg, its thigh 71-83.
_THIGH_DOWN_MIN_DEG = 45.0
# A torso within 50 deg of the camera axis that still looks upright in the image is a lying
# body seen lengthwise (measured, medians per clip: rendered lying bodies filmed from the
# head or feet end 18-45 deg; real and rendered people side-on, facing the camera or
# kneeling 63-90 deg).
_LENGTHWISE_MAX_DEG = 50.0


def _deg_to_axis(axis: FloatArray, v: FloatArray) -> float:
    """Angle between a line along `axis` and the line along v, ignoring direction, 0-90."""
    c = abs(float(np.dot(unit(axis), unit(v))))
    return math.degrees(math.acos(min(1.0, c)))


@dataclass(frozen=True, slots=True)
class ViewEstimate:
    view: CameraView
    position: BodyPosition
    facing_side: Literal["left", "right"]  # the body side nearer the camera
    torso_incline_deg: float  # torso above the image horizontal, 0-90
    # A lying body seen lengthwise, from its head or its feet end: it looks upright in the
    # image, so `position` reads kneeling, sitting or standing. Which end is not told: the
    # model often turns a body seen from the head end the right way up.
    lengthwise: bool = False


def _world_incline_deg(start: FloatArray, end: FloatArray) -> float:
    """Incline of a world segment above the horizontal (gravity: world y), 0-90."""
    return 90.0 - _deg_to_axis(np.array([0.0, 1.0, 0.0]), end - start)


def _knee_down_in_world(pose: PoseFrame, hip: Joint, knee: Joint, ankle: Joint) -> bool:
    """A shin flat on the floor under a steep thigh, in the world landmarks: a knee down
    seen from the front, where the image shows the shin end-on (foreshortened, upright)."""
    w = pose.xyz_world
    return (
        _world_incline_deg(w[knee], w[ankle]) < _KNEE_DOWN_MAX_DEG
        and _world_incline_deg(w[hip], w[knee]) >= _THIGH_DOWN_MIN_DEG
    )


def _upright_position(pose: PoseFrame) -> BodyPosition:
    legs = (
        (Joint.LEFT_HIP, Joint.LEFT_KNEE, Joint.LEFT_ANKLE),
        (Joint.RIGHT_HIP, Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE),
    )
    shins = [incline_deg(pose.px(knee), pose.px(ankle)) for _, knee, ankle in legs]
    if min(shins) < _KNEE_DOWN_MAX_DEG or any(_knee_down_in_world(pose, *leg) for leg in legs):
        return "kneeling"
    thighs = [
        incline_deg(pose.px(hip), pose.px(knee))
        for hip, knee in ((Joint.LEFT_HIP, Joint.LEFT_KNEE), (Joint.RIGHT_HIP, Joint.RIGHT_KNEE))
    ]
    if float(np.mean(thighs)) < 45.0:
        return "sitting"
    return "standing"


def estimate_view(pose: PoseFrame) -> ViewEstimate:
    """Classify view, body position and facing side from one pose."""
    torso, lateral, anterior = trunk_axes(pose)
    camera = np.array([0.0, 0.0, 1.0])
    down = np.array([0.0, 1.0, 0.0])
    sh_mid = (pose.px(Joint.LEFT_SHOULDER) + pose.px(Joint.RIGHT_SHOULDER)) / 2
    hip_mid = (pose.px(Joint.LEFT_HIP) + pose.px(Joint.RIGHT_HIP)) / 2
    torso_incline = incline_deg(hip_mid, sh_mid)
    position: BodyPosition
    if torso_incline >= _UPRIGHT_MIN_DEG:
        position = _upright_position(pose)
    elif abs(float(np.dot(lateral, down))) > abs(float(np.dot(anterior, down))):
        position = "lying_side"  # the hip-to-hip axis is nearer vertical than the chest's
    else:
        position = "lying_back" if float(np.dot(anterior, down)) < 0 else "lying_front"
    if _deg_to_axis(camera, lateral) < _SIDE_MAX_DEG:
        view: CameraView = "side"
    elif _deg_to_axis(camera, anterior) < _FRONT_MAX_DEG:
        view = "front"
    elif _deg_to_axis(camera, torso) < _END_MAX_DEG:
        view = "end"
    else:
        view = "oblique"
    facing: Literal["left", "right"] = "left" if float(lateral[2]) < 0 else "right"
    lengthwise = (
        torso_incline >= _UPRIGHT_MIN_DEG and _deg_to_axis(camera, torso) < _LENGTHWISE_MAX_DEG
    )
    return ViewEstimate(view, position, facing, torso_incline, lengthwise)


_NEAR_SIDE: dict[str, tuple[Joint, ...]] = {
    "left": (Joint.LEFT_SHOULDER, Joint.LEFT_HIP, Joint.LEFT_KNEE, Joint.LEFT_ANKLE),
    "right": (Joint.RIGHT_SHOULDER, Joint.RIGHT_HIP, Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE),
}


def near_side_joints(facing_side: Literal["left", "right"]) -> tuple[Joint, ...]:
    """The whole body on the camera's side, shoulder to ankle: what a framing check asks
    for (the far side may be faint behind the body)."""
    return _NEAR_SIDE[facing_side]


@dataclass(frozen=True, slots=True)
class FramingCheck:
    ok: bool
    missing: tuple[Joint, ...]  # needed joints not visible or outside the image
    body_height_frac: float  # the visible body's extent over the image's larger side
    hint: str | None  # a setup-hint code (FRAMING_HINTS) or None


def check_framing(
    pose: PoseFrame,
    joints: tuple[Joint, ...],
    min_visibility: float = 0.5,
    min_body_frac: float = 0.25,
    margin_norm: float = 0.02,
) -> FramingCheck:
    """Are the joints an exercise needs visible, inside the image and large enough?"""
    missing = tuple(
        j
        for j in joints
        if pose.vis(j) < min_visibility
        or not (-margin_norm <= pose.xyz_norm[j, 0] <= 1 + margin_norm)
        or not (-margin_norm <= pose.xyz_norm[j, 1] <= 1 + margin_norm)
    )
    pts = pose.px_of(joints)
    w, h = pose.image_size_px
    extent = float(np.max(np.ptp(pts, axis=0))) / max(w, h)
    hint = None
    if missing:
        hint = HINT_MOVE_INTO_VIEW
    elif extent < min_body_frac:
        hint = HINT_COME_CLOSER
    return FramingCheck(not missing and extent >= min_body_frac, missing, extent, hint)


def knee_angle_deg(pose: PoseFrame, side: Literal["left", "right"]) -> float:
    """Image-plane knee angle hip-knee-ankle for one leg, 0-180."""
    hip, knee, ankle = (
        (Joint.LEFT_HIP, Joint.LEFT_KNEE, Joint.LEFT_ANKLE)
        if side == "left"
        else (Joint.RIGHT_HIP, Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE)
    )
    return angle_deg(pose.px(hip), pose.px(knee), pose.px(ankle))

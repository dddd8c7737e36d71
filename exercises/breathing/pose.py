"""Recognising the belly-breathing position: on the back, knees bent with the feet down,
a hand on the belly.

Also reads the landmark breath signal: the height of the hand resting on the belly.
Lengths are in body-size units (`body_scale_px`), so distance to the camera drops out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from pose.geometry import angle_deg, cross, incline_deg, length, midpoint
from pose.joints import Joint
from pose.types import FloatArray, PoseFrame

__all__ = ["SupineMeasure", "SupinePoseConfig", "measure_supine"]

_HANDS = ((Joint.LEFT_WRIST, Joint.LEFT_INDEX), (Joint.RIGHT_WRIST, Joint.RIGHT_INDEX))
_STILL = (
    Joint.LEFT_SHOULDER,
    Joint.RIGHT_SHOULDER,
    Joint.LEFT_KNEE,
    Joint.RIGHT_KNEE,
    Joint.LEFT_ANKLE,
    Joint.RIGHT_ANKLE,
)
_KNEES = (
    (Joint.LEFT_HIP, Joint.LEFT_KNEE, Joint.LEFT_ANKLE),
    (Joint.RIGHT_HIP, Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE),
)
_HIPS = (
    (Joint.LEFT_SHOULDER, Joint.LEFT_HIP, Joint.LEFT_KNEE),
    (Joint.RIGHT_SHOULDER, Joint.RIGHT_HIP, Joint.RIGHT_KNEE),
)


@dataclass(frozen=True, slots=True)
class SupinePoseConfig:
    # Trunk, hips and knees must be this likely visible to judge the position.
    min_visibility: float = 0.4
    # A hand counts when its wrist is this likely visible (often the far hand is hidden).
    min_hand_visibility: float = 0.3
    # A hand is clearly seen (and can fail the hands-on-belly check) from this visibility.
    hand_seen_visibility: float = 0.5
    # Lying: the trunk within this of the image horizontal. 40 deg leaves room for a
    # pillow under the head and a camera at an angle, and rejects sitting up (>60).
    lying_max_incline_deg: float = 40.0
    # Knees bent: hip-knee-ankle under this (straight legs read ~170). Feet flat near the
    # buttocks put the knee at 45-100 deg; a camera at the feet end foreshortens the
    # thigh and reads up to ~150.
    knee_bent_max_deg: float = 150.0
    # Feet down: every seen leg's shoulder-hip-knee angle at least this. With the feet
    # flat the thigh leans away from the trunk at 125-140 deg (rendered breathing at
    # every view 131-139, the real breathing clip 134, real bridges at rest 124+); a knee
    # pulled to the chest (hands round the shin, in front of the belly) reads 70-90.
    hip_open_min_deg: float = 100.0
    # A hand on the belly, placed in the trunk's own frame (world landmarks, so the camera
    # angle drops out; torso lengths from the hip midpoint): along the trunk between the
    # groin and the lower ribs (belly hands read 0.0-0.4; a hand on the chest 0.75+,
    # hands behind the head 1.2+), ...
    belly_along_min_body: float = -0.2
    belly_along_max_body: float = 0.6
    # ... on the front of the body (belly hands read 0.17-0.40 in front of the plane
    # through hips and shoulders; hands by the sides on the floor -0.6 to -0.08), ...
    hand_front_min_body: float = 0.06
    # ... and within the body's width (at 45 deg the model's depth error stretches a belly
    # hand's sideways offset to ~0.6).
    hand_lateral_max_body: float = 0.8
    # Once in position, each of those limits gives this much: the model's world hands and
    # hips wobble by ~0.05 frame to frame, and a hand resting near a limit would flicker
    # the position on and off.
    hand_keep_margin_body: float = 0.06
    # Side-on view: shoulder width over torso length in the image at most this (a side
    # view reads ~0.2, a 45 deg view ~0.65). Only a side-on view shows whether the
    # chest or the belly rises more.
    side_on_max_ratio: float = 0.4


@dataclass(frozen=True, slots=True)
class SupineMeasure:
    lying: bool
    knees_bent: bool
    hand_on_belly: bool
    in_position: bool
    hand_height_body: float | None  # belly hands above the body's still parts (image up)
    chest_hand_height_body: float | None  # a hand off the belly (on the chest), if any
    side_on: bool = False  # the camera sees the trunk from the side


def body_scale_px(pose: PoseFrame) -> float:
    """Torso length or shoulder width in pixels, whichever is larger (views foreshorten one)."""
    sh = midpoint(pose.px(Joint.LEFT_SHOULDER), pose.px(Joint.RIGHT_SHOULDER))
    hip = midpoint(pose.px(Joint.LEFT_HIP), pose.px(Joint.RIGHT_HIP))
    torso = length(sh - hip)
    width = length(pose.px(Joint.LEFT_SHOULDER) - pose.px(Joint.RIGHT_SHOULDER))
    return max(torso, width)


def _hand_point(pose: PoseFrame, wrist: Joint, index: Joint) -> FloatArray:
    return midpoint(pose.px(wrist), pose.px(index))


# The trunk's frame in the world landmarks: the hip midpoint, the torso length and the
# unit vectors along the trunk (toward the shoulders), sideways and in front.
_TrunkFrame = tuple[FloatArray, float, FloatArray, FloatArray, FloatArray]


def _trunk_frame(pose: PoseFrame) -> _TrunkFrame | None:
    """The trunk's frame (worked out once a frame for both hands), or None for a
    degenerate trunk."""
    w = pose.world
    hip = midpoint(w(Joint.LEFT_HIP), w(Joint.RIGHT_HIP))
    torso = midpoint(w(Joint.LEFT_SHOULDER), w(Joint.RIGHT_SHOULDER)) - hip
    torso_m = length(torso)
    lateral = (w(Joint.LEFT_HIP) - w(Joint.RIGHT_HIP)) + (
        w(Joint.LEFT_SHOULDER) - w(Joint.RIGHT_SHOULDER)
    )
    anterior = cross(lateral, torso)
    if torso_m < 1e-3 or length(anterior) < 1e-9:
        return None
    along_unit = torso / torso_m
    front_unit = anterior / length(anterior)
    side_unit = cross(along_unit, front_unit)
    return hip, torso_m, along_unit, side_unit, front_unit


def _hand_place(
    pose: PoseFrame, trunk: _TrunkFrame | None, hand: tuple[Joint, Joint]
) -> tuple[float, float, float]:
    """(along, sideways, in front): where a hand is in the trunk's frame, torso lengths
    from the hip midpoint (world landmarks; along toward the shoulders)."""
    if trunk is None:
        return math.inf, math.inf, -math.inf  # a degenerate trunk: no hand is on it
    hip, torso_m, along_unit, side_unit, front_unit = trunk
    offset = midpoint(pose.world(hand[0]), pose.world(hand[1])) - hip
    return (
        float(np.dot(offset, along_unit)) / torso_m,
        float(np.dot(offset, side_unit)) / torso_m,
        float(np.dot(offset, front_unit)) / torso_m,
    )


def _on_belly(place: tuple[float, float, float], cfg: SupinePoseConfig, holding: bool) -> bool:
    along, side, front = place
    give = cfg.hand_keep_margin_body if holding else 0.0
    return (
        cfg.belly_along_min_body - give <= along <= cfg.belly_along_max_body + give
        and front >= cfg.hand_front_min_body - give
        and abs(side) <= cfg.hand_lateral_max_body + give
    )


def measure_supine(
    pose: PoseFrame, cfg: SupinePoseConfig, holding: bool = False
) -> SupineMeasure | None:
    """The position verdict and hand heights, or None when the body is not seen enough.

    `holding`: the patient was in position a moment ago, so the hands-on-belly limits
    give `hand_keep_margin_body` (hysteresis)."""
    core = (Joint.LEFT_SHOULDER, Joint.RIGHT_SHOULDER, Joint.LEFT_HIP, Joint.RIGHT_HIP)
    if (
        max(pose.vis(j) for j in core[:2]) < cfg.min_visibility
        or max(pose.vis(j) for j in core[2:]) < cfg.min_visibility
    ):
        return None
    scale = body_scale_px(pose)
    if scale < 1.0:
        return None
    sh = midpoint(pose.px(Joint.LEFT_SHOULDER), pose.px(Joint.RIGHT_SHOULDER))
    hip = midpoint(pose.px(Joint.LEFT_HIP), pose.px(Joint.RIGHT_HIP))
    torso_px = length(sh - hip)
    width_px = length(pose.px(Joint.LEFT_SHOULDER) - pose.px(Joint.RIGHT_SHOULDER))
    lying = incline_deg(hip, sh) <= cfg.lying_max_incline_deg
    knees = [
        angle_deg(pose.world(h), pose.world(k), pose.world(a))
        for h, k, a in _KNEES
        if pose.vis(k) >= cfg.min_visibility
    ]
    knees_bent = bool(knees) and min(knees) <= cfg.knee_bent_max_deg
    hips = [
        angle_deg(pose.world(s), pose.world(h), pose.world(k))
        for s, h, k in _HIPS
        if pose.vis(k) >= cfg.min_visibility
    ]
    feet_down = all(a >= cfg.hip_open_min_deg for a in hips)
    hands = [(w, i) for w, i in _HANDS if pose.vis(w) >= cfg.min_hand_visibility]
    trunk = _trunk_frame(pose) if hands else None
    on = [h for h in hands if _on_belly(_hand_place(pose, trunk, h), cfg, holding)]
    off = [h for h in hands if h not in on]
    # A hand the model cannot see well is no evidence either way: only hands seen clearly
    # and all off the belly fail the position (arms by the sides, hands on the chest).
    seen = [h for h in hands if pose.vis(h[0]) >= cfg.hand_seen_visibility]
    hands_ok = bool(on) or not seen
    # Heights against the still parts of the body: the hips are no fixed point (a rising
    # belly drags the model's hip landmarks up with it); shoulders, knees and feet rest
    # while breathing, and their mean cancels most of their jitter.
    still_y = sum(float(pose.px(j)[1]) for j in _STILL) / len(_STILL)

    def height(group: list[tuple[Joint, Joint]]) -> float | None:
        if not group:
            return None
        ys = [float(_hand_point(pose, *h)[1]) for h in group]
        return (still_y - sum(ys) / len(ys)) / scale

    return SupineMeasure(
        lying=lying,
        knees_bent=knees_bent,
        hand_on_belly=bool(on),
        in_position=lying and knees_bent and feet_down and hands_ok,
        hand_height_body=height(on),
        chest_hand_height_body=height(off),
        side_on=width_px <= cfg.side_on_max_ratio * torso_px,
    )

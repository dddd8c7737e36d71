"""Recognising the belly-breathing position: on the back, knees bent, a hand on the belly.

Also reads the landmark breath signal: the height of the hand resting on the belly.
Lengths are in body-size units (`body_scale_px`), so distance to the camera drops out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pose.geometry import angle_deg, incline_deg, midpoint
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
    # The belly (lower belly to navel) sits this far from the hip midpoint toward the
    # shoulders (share of the trunk); a hand counts as on it within `hand_reach_body`
    # torso lengths (world): hands on the belly read 0.2-0.55, a hand on the chest 0.6+,
    # hands by the sides 0.75+.
    belly_frac: float = 0.35
    hand_reach_body: float = 0.55
    # Side-on view: shoulder width over torso length in the image at most this (a side
    # view reads ~0.2, a 45 deg view ~0.65). Only a side-on view shows whether the
    # chest or the belly rises more.
    side_on_max_ratio: float = 0.4
    # A hand on the belly rests on the front of the body: at least this far in front of
    # the trunk's centre line (torso lengths; the belly surface is ~0.2 in front).
    hand_front_min_body: float = 0.05


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
    torso = float(np.linalg.norm(sh - hip))
    width = float(np.linalg.norm(pose.px(Joint.LEFT_SHOULDER) - pose.px(Joint.RIGHT_SHOULDER)))
    return max(torso, width)


def _hand_point(pose: PoseFrame, wrist: Joint, index: Joint) -> FloatArray:
    return midpoint(pose.px(wrist), pose.px(index))


def _belly_offset(pose: PoseFrame, hand: tuple[Joint, Joint], cfg: SupinePoseConfig) -> float:
    """How far a hand is from resting on the lower belly, in torso lengths (world).

    World landmarks, so the camera angle drops out: the distance from the belly point,
    plus a penalty when the hand is not on the front of the body (hands by the sides
    or under the back sit beside or behind the trunk, not on top of it).
    """
    w = pose.world
    sh = midpoint(w(Joint.LEFT_SHOULDER), w(Joint.RIGHT_SHOULDER))
    hip = midpoint(w(Joint.LEFT_HIP), w(Joint.RIGHT_HIP))
    torso = sh - hip
    torso_m = float(np.linalg.norm(torso))
    if torso_m < 1e-3:
        return float("inf")
    lateral = (w(Joint.LEFT_HIP) - w(Joint.RIGHT_HIP)) + (
        w(Joint.LEFT_SHOULDER) - w(Joint.RIGHT_SHOULDER)
    )
    anterior = np.cross(lateral, torso)
    norm = float(np.linalg.norm(anterior))
    offset = midpoint(w(hand[0]), w(hand[1])) - (hip + cfg.belly_frac * torso)
    distance = float(np.linalg.norm(offset)) / torso_m
    front = float(np.dot(offset, anterior)) / norm / torso_m if norm > 1e-9 else 0.0
    return distance + max(0.0, cfg.hand_front_min_body - front)


def measure_supine(pose: PoseFrame, cfg: SupinePoseConfig) -> SupineMeasure | None:
    """The position verdict and hand heights, or None when the body is not seen enough."""
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
    torso_px = float(np.linalg.norm(sh - hip))
    width_px = float(np.linalg.norm(pose.px(Joint.LEFT_SHOULDER) - pose.px(Joint.RIGHT_SHOULDER)))
    lying = incline_deg(hip, sh) <= cfg.lying_max_incline_deg
    knees = [
        angle_deg(pose.world(h), pose.world(k), pose.world(a))
        for h, k, a in _KNEES
        if pose.vis(k) >= cfg.min_visibility
    ]
    knees_bent = bool(knees) and min(knees) <= cfg.knee_bent_max_deg
    hands = [(w, i) for w, i in _HANDS if pose.vis(w) >= cfg.min_hand_visibility]
    on = [h for h in hands if _belly_offset(pose, h, cfg) <= cfg.hand_reach_body]
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
        in_position=lying and knees_bent and hands_ok,
        hand_height_body=height(on),
        chest_hand_height_body=height(off),
        side_on=width_px <= cfg.side_on_max_ratio * torso_px,
    )

"""Reading one pose as the clamshell (side lying, knees bent, top knee opens).

Filmed from the front (patient facing the camera) or from the feet end. Side lying shows
as the hips stacked in the image (the hip-to-hip line near vertical); the side that is up
is the hip higher in the image. The opening is the image angle between the thighs at the
pelvis (hip midpoint to each knee): from the front the thighs point at the camera and
their depth is unreliable, but the knees still part in the image; the angle is unitless,
so body size and camera distance do not matter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from exercises.body_axes import body_axes
from exercises.events import SideName
from pose.geometry import angle_between_deg, angle_deg, incline_deg, length, midpoint
from pose.joints import Joint
from pose.types import PoseFrame

HINT_LIE_ON_SIDE = "clamshell_lie_on_side"
HINT_BEND_KNEES = "clamshell_bend_knees"

__all__ = [
    "HINT_BEND_KNEES",
    "HINT_LIE_ON_SIDE",
    "ClamshellPoseConfig",
    "ClamshellReading",
    "read_clamshell",
]

_LEG = {
    "left": (Joint.LEFT_HIP, Joint.LEFT_KNEE, Joint.LEFT_ANKLE),
    "right": (Joint.RIGHT_HIP, Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE),
}
_OTHER: dict[SideName, SideName] = {"left": "right", "right": "left"}


@dataclass(frozen=True, slots=True)
class ClamshellPoseConfig:
    # Hips and knees must be this likely visible.
    min_visibility: float = 0.4
    # Lying, from the world landmarks (camera-aligned, y = image down): the trunk within
    # 50 deg of the horizontal (|trunk . down| <= sin 40 deg) and the body's left-right
    # axis nearer vertical than its front-back axis. This holds from the front and from
    # the feet end alike, where the trunk's image incline means nothing.
    world_trunk_max_down: float = 0.64
    # The hips stacked in the image: the hip line at least this steep (propped on an
    # elbow the pelvis tilts to about 50 deg; flat on the floor it is 70-85)...
    hip_line_min_deg: float = 35.0
    # ...and at least this far apart (trunk lengths), so the side up can be told.
    hip_gap_min: float = 0.12
    # Knees bent: the smaller 3-D knee angle (world landmarks) under this. A straight
    # leg is 165-180; depth error makes a bent knee read anywhere from 80 to 155.
    knee_bent_max_deg: float = 155.0


@dataclass(frozen=True, slots=True)
class ClamshellReading:
    visible: bool
    side_up: SideName
    side_lying: bool
    start_position: bool
    opening_deg: float
    hint: str | None
    aux: dict[str, float]


def read_clamshell(pose: PoseFrame, config: ClamshellPoseConfig) -> ClamshellReading:
    lh, rh = pose.px(Joint.LEFT_HIP), pose.px(Joint.RIGHT_HIP)
    up: SideName = "left" if lh[1] < rh[1] else "right"
    down = _OTHER[up]
    hip_mid = midpoint(lh, rh)
    sh_mid = midpoint(pose.px(Joint.LEFT_SHOULDER), pose.px(Joint.RIGHT_SHOULDER))
    trunk = length(sh_mid - hip_mid)
    hip_gap = length(lh - rh) / trunk if trunk > 1e-6 else 0.0
    stacked = incline_deg(lh, rh) >= config.hip_line_min_deg and hip_gap >= config.hip_gap_min
    axes = body_axes(pose)
    side_lying = stacked and axes.on_side and axes.trunk_down <= config.world_trunk_max_down
    knee_up, knee_down = pose.px(_LEG[up][1]), pose.px(_LEG[down][1])
    opening = angle_between_deg(knee_up - hip_mid, knee_down - hip_mid)
    knees = {side: angle_deg(*(pose.world(j) for j in joints)) for side, joints in _LEG.items()}
    bent = min(knees.values()) <= config.knee_bent_max_deg
    needed = (Joint.LEFT_HIP, Joint.RIGHT_HIP, Joint.LEFT_KNEE, Joint.RIGHT_KNEE)
    hint = None if side_lying and bent else (HINT_BEND_KNEES if side_lying else HINT_LIE_ON_SIDE)
    return ClamshellReading(
        visible=min(pose.vis(j) for j in needed) >= config.min_visibility,
        side_up=up,
        side_lying=side_lying,
        start_position=side_lying and bent,
        opening_deg=opening,
        hint=hint,
        aux=_aux(pose, up, down, trunk, knees),
    )


def _aux(
    pose: PoseFrame, up: SideName, down: SideName, trunk: float, knees: dict[str, float]
) -> dict[str, float]:
    """Measures for the form checks: widths in trunk lengths, angles in degrees."""
    if trunk <= 1e-6:
        return {}
    a_up, a_down = pose.px(_LEG[up][2]), pose.px(_LEG[down][2])
    k_up, k_down = pose.px(_LEG[up][1]), pose.px(_LEG[down][1])
    w = pose.xyz_world
    hip_axis = w[_LEG[up][0]] - w[_LEG[down][0]]
    norm = length(hip_axis)
    # Tilt of the pelvis from vertical (world y is image-down): 0 = hips stacked; the
    # top hip rolling back (or forward) tilts it.
    tilt = math.degrees(math.acos(min(1.0, abs(float(hip_axis[1])) / norm))) if norm else 0.0
    hip_mid = midpoint(pose.px(Joint.LEFT_HIP), pose.px(Joint.RIGHT_HIP))
    knee_up_img = angle_deg(pose.px(_LEG[up][0]), k_up, a_up)
    return {
        "ankle_gap": length(a_up - a_down) / trunk,
        "knee_gap": length(k_up - k_down) / trunk,
        # Each knee from the hip midpoint, trunk lengths: the top knee opens, the bottom
        # knee stays on the floor.
        "knee_up_x": float(k_up[0] - hip_mid[0]) / trunk,
        "knee_up_y": float(k_up[1] - hip_mid[1]) / trunk,
        "knee_down_x": float(k_down[0] - hip_mid[0]) / trunk,
        "knee_down_y": float(k_down[1] - hip_mid[1]) / trunk,
        # The top knee's bend: the 3-D angle or the image angle, whichever is more bent
        # (depth error straightens one or the other; a straight leg reads 160+ in both).
        "knee_up_bend_deg": min(knees[up], knee_up_img),
        "pelvis_tilt_deg": tilt,
        "knee_up_deg": knees[up],
        "knee_down_deg": knees[down],
    }

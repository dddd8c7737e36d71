"""Belly breathing: lying on the back, knees bent, both hands on the belly; the belly and
the hands rise on each breath in and fall on each breath out, at `spec.breath_rate_bpm`.

Variant "chest": the chest rises instead, the belly and the hands stay (chest breathing).
Breathing starts after `spec.lead_in_s` of stillness; the truth lists, for every complete
breath (in from the low point and out back to it within the clip), the time the belly is
highest, and the set rate.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from synth.body import Body
from synth.motions.base import MotionFrame, Script, leg_ik
from synth.motions.supine import supine_rig, supine_setup, supine_views
from synth.rig import HAND_REST_DIR, J, Rig
from synth.spec import SynthSpec

__all__ = ["breathing_script"]

Mat = npt.NDArray[np.float64]
_BELLY_SCALE = 0.12  # belly_scale - 1 at a full breath in: about 3 cm of rise
_CHEST_SCALE = 0.12  # chest breathing (variant "chest"): the chest rises about 3 cm instead
_HAND_RISE_M = 0.025  # the hands ride the belly up by this much
_HAND_ABOVE_BELLY_M = 0.03  # wrist joint above the belly surface (the palm's thickness)


def _hands_on_belly(rig: Rig, belly_top: Mat, rise_m: float) -> None:
    pos = rig.positions()
    up = np.array([0.0, 1.0, 0.0])
    for side, sign in (("l", 1.0), ("r", -1.0)):
        lateral = np.array([0.0, 0.0, sign])
        hand = belly_top + up * (_HAND_ABOVE_BELLY_M + rise_m) + lateral * 0.1
        hand = hand + np.array([-0.07 if side == "l" else -0.03, 0.0, 0.0])
        shoulder = pos[J[f"{side}_shoulder"]]
        upper = float(np.linalg.norm(rig.offsets[J[f"{side}_elbow"]]))
        fore = float(np.linalg.norm(rig.offsets[J[f"{side}_wrist"]]))
        elbow = leg_ik(shoulder, hand, upper, fore, lateral - 0.6 * up)
        rig.point(J[f"{side}_shoulder"], J[f"{side}_elbow"], elbow - shoulder)
        rig.point(J[f"{side}_elbow"], J[f"{side}_wrist"], hand - elbow)
        rig.aim(J[f"{side}_wrist"], HAND_REST_DIR[side], -lateral + np.array([0.2, -0.15, 0.0]))


def _belly_top(body: Body, rig: Rig) -> Mat:
    """The highest point of the belly in the lying start pose, scene metres."""
    posed = body.pose(rig)
    belly = posed.joints[J["spine1"]]
    v = posed.vertices
    near = (np.abs(v[:, 0] - belly[0]) < 0.06) & (np.abs(v[:, 2] - belly[2]) < 0.05)
    return np.array([belly[0], float(v[near, 1].max()), belly[2]])


def breathing_script(spec: SynthSpec, body: Body) -> Script:
    setup = supine_setup(body)
    period_s = 60.0 / spec.breath_rate_bpm
    start_s = spec.lead_in_s
    belly_top = _belly_top(body, supine_rig(body, setup))

    def level_at(t_s: float) -> float:
        if t_s < start_s:
            return 0.0
        return 0.5 - 0.5 * math.cos(2.0 * math.pi * (t_s - start_s) / period_s)

    def pose_at(t_s: float) -> MotionFrame:
        level = level_at(t_s)
        rig = supine_rig(body, setup)
        if spec.variant == "chest":  # the chest rises, the belly and the hands on it stay
            _hands_on_belly(rig, belly_top, 0.0)
            return MotionFrame(rig, chest_scale=1.0 + _CHEST_SCALE * level)
        _hands_on_belly(rig, belly_top, _HAND_RISE_M * level)
        return MotionFrame(rig, belly_scale=1.0 + _BELLY_SCALE * level)

    # complete breaths only: in from the low point, out back to it, within the clip
    breaths: list[float] = []
    k = 0
    while start_s + (k + 1) * period_s <= spec.duration_s:
        breaths.append(start_s + (k + 0.5) * period_s)
        k += 1
    return Script(
        exercise="breathing",
        duration_s=spec.duration_s,
        pose_at=pose_at,
        centre=(float(setup.root_pos[0]) - 0.15, 0.2, 0.0),
        view_dirs=supine_views(setup.root_pos, spec.side),
        side=spec.side,
        breaths_s=breaths,
        breath_rate_bpm=spec.breath_rate_bpm,
        variant=spec.variant,
    )

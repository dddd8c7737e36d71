"""Clamshell: lying on one side, hips about 45 deg and knees about 90 deg bent, feet
together; the top knee opens like a shell and closes again.

`spec.side` is the working (top) side. Scene layout: head to +x, the person faces -z when
the left side is up (+z when the right side is up). Variants: good (the top knee turns
55 deg about the hip-ankle line, thighs about 38 deg apart); small (the first rep full,
later reps 18 deg); feet_apart (the whole top leg lifts, so the feet separate);
pelvis_roll (the pelvis and trunk roll backwards 30 deg as the knee opens).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from synth.body import Body
from synth.motions.base import MotionFrame, Script, pose_leg
from synth.motions.side_lying import (
    SideLayout,
    rotate_up,
    side_arms,
    side_layout,
    side_trunk,
    side_views,
)
from synth.motions.timeline import Tempo, phase_at, rep_timeline
from synth.rig import J, Rig, axis_angle_matrix
from synth.spec import SynthSpec

__all__ = ["clam_rig", "clamshell_script"]

Mat = npt.NDArray[np.float64]
_HIP_FLEX_DEG = 45.0
_KNEE_FLEX_DEG = 90.0
_OPEN_DEG = {"good": 55.0, "small": 18.0, "feet_apart": 30.0, "pelvis_roll": 35.0}
_ROLL_BACK_DEG = 30.0
_KNEE_GAP_M = 0.11  # top knee joint above the bottom one when closed (two knee widths / 2)
_ANKLE_GAP_M = 0.08


def clam_rig(
    body: Body, lay: SideLayout, open_deg: float, roll_deg: float = 0.0, lift_deg: float = 0.0
) -> Rig:
    """The clamshell pose: knees opened by `open_deg` (0 = closed, the start position),
    the body rolled by `roll_deg`, the whole top leg lifted by `lift_deg`."""
    rig = Rig(body.offsets, body.parents)
    head_dir = lay.head_dir
    side_trunk(rig, lay, roll_deg)
    thigh_rot = lay.root @ axis_angle_matrix([1.0, 0.0, 0.0], -_HIP_FLEX_DEG)
    shin_rot = thigh_rot @ axis_angle_matrix([1.0, 0.0, 0.0], _KNEE_FLEX_DEG)
    foot_dir = -head_dir * 0.3 - lay.front
    bottom = lay.bottom
    rig.set_world(J[f"{bottom}_hip"], thigh_rot)
    rig.set_world(J[f"{bottom}_knee"], shin_rot)
    rig.point(J[f"{bottom}_ankle"], J[f"{bottom}_foot"], foot_dir)
    pos = rig.positions()
    up = np.array([0.0, 1.0, 0.0])
    top_hip = pos[J[f"{lay.top}_hip"]]
    # closed: the top knee and ankle rest on the bottom ones
    knee_t = pos[J[f"{bottom}_knee"]] + up * _KNEE_GAP_M
    ankle_t = pos[J[f"{bottom}_ankle"]] + up * _ANKLE_GAP_M
    if lift_deg:
        knee_t = rotate_up(knee_t, top_hip, lay.front, lift_deg)
        ankle_t = rotate_up(ankle_t, top_hip, lay.front, lift_deg)
    knee_t = rotate_up(knee_t, top_hip, ankle_t - top_hip, open_deg)
    pose_leg(rig, lay.top, ankle_t, bend_dir=knee_t - top_hip, foot_dir=foot_dir)
    side_arms(rig, lay, head_dir)
    return rig


def clamshell_script(spec: SynthSpec, body: Body) -> Script:
    top = "l" if spec.side == "left" else "r"
    lay = side_layout(body, top)
    tempo = Tempo(spec.lead_in_s, spec.up_s, spec.hold_s, spec.down_s, spec.rest_s)
    reps, duration_s = rep_timeline(spec.reps, tempo)
    variant = spec.variant

    def pose_at(t_s: float) -> MotionFrame:
        phase = phase_at(t_s, reps)
        level = phase.level
        # "small": the first rep opens fully, the later ones only a third as far
        first = phase.rep is None or phase.rep == 0
        open_deg = _OPEN_DEG["good" if variant == "small" and first else variant]
        roll = _ROLL_BACK_DEG * level if variant == "pelvis_roll" else 0.0
        sign = 1.0 if top == "l" else -1.0
        if variant == "feet_apart":
            return MotionFrame(clam_rig(body, lay, 0.0, lift_deg=open_deg * level), grounded=True)
        rig = clam_rig(body, lay, open_deg * level, -sign * roll)
        return MotionFrame(rig, grounded=True)

    return Script(
        exercise="clamshell",
        duration_s=duration_s,
        pose_at=pose_at,
        centre=(-0.1, 0.25, 0.0),
        view_dirs=side_views(lay),
        side=spec.side,
        reps=reps,
        variant=variant,
    )

"""Dead bug (a look-alike of the bridge): lying on the back, arms up to the ceiling, hips
and knees at 90/90 (shins parallel to the floor); one leg straightens out towards the floor
with the opposite arm reaching back past the head, then both return; sides alternate.
The pelvis stays on the floor, so the shoulder-hip-knee angle opens without any lift.
"""

from __future__ import annotations

from synth.body import Body
from synth.motions.base import MotionFrame, Script
from synth.motions.lookalike import (
    alternating,
    lookalike_script,
    place_leg,
    sagittal,
    spec_timeline,
)
from synth.motions.supine import supine_rig, supine_setup, supine_views
from synth.rig import HAND_REST_DIR, J
from synth.spec import SynthSpec

__all__ = ["dead_bug_script"]

_THIGH_UP_DEG = 90.0  # thighs vertical at rest
_SHIN_UP_DEG = 0.0  # shins parallel to the floor at rest
_LEG_OUT_DEG = 8.0  # the extended leg, straight, a little above the floor
_ARM_UP_DEG = 90.0  # arms to the ceiling
_ARM_BACK_DEG = 165.0  # the reaching arm, past the head, just above the floor


def dead_bug_script(spec: SynthSpec, body: Body) -> Script:
    setup = supine_setup(body)
    cycles, duration_s = spec_timeline(spec)

    def pose_at(t_s: float) -> MotionFrame:
        level, leg = alternating(t_s, cycles, spec.side)
        arm = "r" if leg == "l" else "l"
        rig = supine_rig(body, setup)
        for side in ("l", "r"):
            k = level if side == leg else 0.0
            thigh = _THIGH_UP_DEG + (_LEG_OUT_DEG - _THIGH_UP_DEG) * k
            shin = _SHIN_UP_DEG + (_LEG_OUT_DEG - _SHIN_UP_DEG) * k
            toes = sagittal(shin + 80.0)  # the foot at about a right angle to the shin
            place_leg(rig, side, sagittal(thigh), sagittal(shin), toes)
            a = level if side == arm else 0.0
            reach = sagittal(_ARM_UP_DEG + (_ARM_BACK_DEG - _ARM_UP_DEG) * a)
            rig.point(J[f"{side}_shoulder"], J[f"{side}_elbow"], reach)
            rig.point(J[f"{side}_elbow"], J[f"{side}_wrist"], reach)
            rig.aim(J[f"{side}_wrist"], HAND_REST_DIR[side], reach)
        return MotionFrame(rig)

    centre = (float(setup.root_pos[0]) - 0.1, 0.3, 0.0)
    return lookalike_script(
        spec, duration_s, pose_at, centre, supine_views(setup.root_pos, spec.side)
    )

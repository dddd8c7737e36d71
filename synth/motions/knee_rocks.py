"""Knee rocks, "windscreen wipers" (a look-alike of the bridge): lying on the back, knees
bent and feet flat; both knees sway together to one side and back, then to the other side
(cycles alternate). The feet stay planted, the pelvis rolls a little with the knees, the
shoulders stay down.
"""

from __future__ import annotations

import numpy as np

from synth.body import Body
from synth.motions.base import MotionFrame, Script, pose_leg
from synth.motions.lookalike import alternating, lookalike_script, spec_timeline
from synth.motions.supine import supine_rig, supine_setup, supine_views
from synth.rig import J, axis_angle_matrix
from synth.spec import SynthSpec

__all__ = ["knee_rocks_script"]

_SWAY_DEG = 45.0  # both knees turn this far about their hip-ankle lines
_ROLL_SHARE = 0.35  # the pelvis rolls along by this share of the sway
_FOOT_DIR = np.array([-0.6, -0.25, 0.0])  # as planted in synth.motions.supine


def knee_rocks_script(spec: SynthSpec, body: Body) -> Script:
    setup = supine_setup(body)
    cycles, duration_s = spec_timeline(spec)
    up = np.array([0.0, 1.0, 0.0])

    def pose_at(t_s: float) -> MotionFrame:
        level, towards = alternating(t_s, cycles, spec.side)
        # + = the knees fall towards the body's left (+z)
        sway = _SWAY_DEG * level * (1.0 if towards == "l" else -1.0)
        rig = supine_rig(body, setup, roll_deg=-_ROLL_SHARE * sway)
        for side in ("l", "r"):
            hip_to_ankle = setup.ankles[side] - rig.pos(J[f"{side}_hip"])
            bend = axis_angle_matrix(hip_to_ankle, -sway) @ up
            pose_leg(rig, side, setup.ankles[side], bend_dir=bend, foot_dir=_FOOT_DIR)
        return MotionFrame(rig)

    centre = (float(setup.root_pos[0]) - 0.15, 0.2, 0.0)
    views = supine_views(setup.root_pos, spec.side)
    return lookalike_script(spec, duration_s, pose_at, centre, views)

"""Side-lying straight-leg raise (a look-alike of the clamshell): lying on one side, both
legs straight; the top leg lifts straight up (hip abduction, about 35 deg) and lowers.
The knee never bends, so the feet part as the leg rises, unlike a clamshell.

`spec.side` is the top (lifted) side; views as the clamshell's (side = facing the camera).
"""

from __future__ import annotations

import numpy as np

from synth.body import Body
from synth.motions.base import MotionFrame, Script, pose_leg
from synth.motions.lookalike import lookalike_script, spec_timeline
from synth.motions.side_lying import rotate_up, side_arms, side_layout, side_trunk, side_views
from synth.motions.timeline import phase_at
from synth.rig import J, Rig
from synth.spec import SynthSpec

__all__ = ["side_leg_raise_script"]

_RAISE_DEG = 35.0  # hip abduction of the lifted leg at the top
_HIP_FLEX_DEG = 12.0  # both legs a little forward of the trunk line, for balance
_LEG_GAP_M = 0.1  # the top ankle rests this far above the bottom one (two ankle widths / 2)


def side_leg_raise_script(spec: SynthSpec, body: Body) -> Script:
    top = "l" if spec.side == "left" else "r"
    lay = side_layout(body, top)
    cycles, duration_s = spec_timeline(spec)
    up = np.array([0.0, 1.0, 0.0])
    head = lay.head_dir
    foot_dir = lay.front - 0.4 * head
    legs = {
        s: float(np.linalg.norm(body.offsets[J[f"{s}_knee"]]))
        + float(np.linalg.norm(body.offsets[J[f"{s}_ankle"]]))
        for s in ("l", "r")
    }
    # straight legs along the body, a little forward (hip flexion about the body's side axis)
    flex = np.radians(_HIP_FLEX_DEG)
    forward = -np.cos(flex) * head + np.sin(flex) * lay.front

    def pose_at(t_s: float) -> MotionFrame:
        level = phase_at(t_s, cycles).level
        rig = Rig(body.offsets, body.parents)
        side_trunk(rig, lay)
        pos = rig.positions()
        bottom_hip, top_hip = pos[J[f"{lay.bottom}_hip"]], pos[J[f"{top}_hip"]]
        bottom_ankle = bottom_hip + forward * legs[lay.bottom]
        pose_leg(rig, lay.bottom, bottom_ankle, bend_dir=lay.front, foot_dir=foot_dir)
        # the top leg rests on the bottom one, straight (its ankle at full reach)
        rest = bottom_ankle + up * _LEG_GAP_M - top_hip
        rest = rest / np.linalg.norm(rest) * legs[top]
        ankle = rotate_up(top_hip + rest, top_hip, lay.front, _RAISE_DEG * level)
        pose_leg(rig, top, ankle, bend_dir=lay.front, foot_dir=foot_dir)
        side_arms(rig, lay, head)
        return MotionFrame(rig, grounded=True)

    return lookalike_script(spec, duration_s, pose_at, (-0.15, 0.25, 0.0), side_views(lay))

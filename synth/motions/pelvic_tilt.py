"""Pelvic tilt (a look-alike of the bridge and of belly breathing): lying on the back,
knees bent and feet flat; the pelvis tilts back (the low back flattens onto the floor, the
belly draws in) and releases. It rocks about its contact with the floor: the buttocks
rise under a centimetre, the hip joints about 2 cm, the chest stays down.
"""

from __future__ import annotations

import numpy as np

from synth.body import Body
from synth.motions.base import MotionFrame, Script, pose_leg
from synth.motions.lookalike import lookalike_script, spec_timeline
from synth.motions.supine import arms_by_sides, head_on_floor, supine_setup, supine_views
from synth.motions.timeline import phase_at
from synth.rig import J, Rig, axis_angle_matrix
from synth.spec import SynthSpec

__all__ = ["pelvic_tilt_script"]

_TILT_DEG = 12.0  # posterior tilt of the pelvis at the top
# the pelvis rocks about its contact under the pelvis joint: the hip joints rise about 2 cm,
# the back of the pelvis under 1 cm
_PIVOT_HEADWARD_M = 0.0
_BELLY_DRAW = 0.05  # belly_scale drops by this much: the belly draws in
_FOOT_DIR = np.array([-0.6, -0.25, 0.0])  # as planted in synth.motions.supine


def pelvic_tilt_script(spec: SynthSpec, body: Body) -> Script:
    setup = supine_setup(body)
    cycles, duration_s = spec_timeline(spec)
    z = np.array([0.0, 0.0, 1.0])
    pivot = np.array([setup.root_pos[0] + _PIVOT_HEADWARD_M, 0.0, 0.0])

    def pose_at(t_s: float) -> MotionFrame:
        level = phase_at(t_s, cycles).level
        tilt = axis_angle_matrix(z, -_TILT_DEG * level)  # the feet end of the pelvis rises
        rig = Rig(body.offsets, body.parents)
        rig.local[0] = tilt @ setup.root_rotation
        rig.root_pos = pivot + tilt @ (setup.root_pos - pivot)
        rig.turn(J["spine1"], tilt.T)  # the chest keeps lying flat ...
        # ... and on the floor: the low back flattens, pitch it back up to its rest height
        lumbar, neck = rig.pos(J["spine1"]), rig.pos(J["neck"])
        drop = float(setup.pivot_pos[1] - neck[1])
        length = float(np.linalg.norm(neck - lumbar))
        rig.turn(J["spine1"], axis_angle_matrix(z, float(np.degrees(np.arcsin(drop / length)))))
        head_on_floor(rig)
        arms_by_sides(rig, setup)
        for side in ("l", "r"):
            pose_leg(
                rig,
                side,
                setup.ankles[side],
                bend_dir=np.array([0.0, 1.0, 0.0]),
                foot_dir=_FOOT_DIR,
            )
        return MotionFrame(rig, belly_scale=1.0 - _BELLY_DRAW * level)

    centre = (float(setup.root_pos[0]) - 0.15, 0.2, 0.0)
    views = supine_views(setup.root_pos, spec.side)
    return lookalike_script(spec, duration_s, pose_at, centre, views)

"""Lying still (a look-alike of every lying exercise): on the back with the knees bent and
the feet flat, or (variant "side_lying") on the left or right side in the clamshell's
closed start position; nothing moves but quiet breathing and a few millimetres of drift.
Lasts `spec.duration_s`.
"""

from __future__ import annotations

import math

import numpy as np

from synth.body import Body
from synth.motions.base import MotionFrame, Script
from synth.motions.clamshell import clam_rig
from synth.motions.lookalike import Jitter, lookalike_script
from synth.motions.side_lying import side_layout, side_views
from synth.motions.supine import supine_rig, supine_setup, supine_views
from synth.rig import J, axis_angle_matrix
from synth.spec import SynthSpec

__all__ = ["lying_still_script"]

_QUIET_BREATH_BPM = 14.0
_QUIET_BELLY = 0.015  # belly_scale - 1 at the top of a quiet breath: about 4 mm of rise
_DRIFT_M = 0.004  # the whole body drifts by about this much
_HEAD_DRIFT_DEG = 2.0


def lying_still_script(spec: SynthSpec, body: Body) -> Script:
    jitter = Jitter(spec.seed + 101, channels=3, amplitude=1.0)
    side_lying = spec.variant == "side_lying"
    lay = side_layout(body, "l" if spec.side == "left" else "r")
    setup = supine_setup(body)

    def pose_at(t_s: float) -> MotionFrame:
        drift = jitter(t_s)
        breath = 0.5 - 0.5 * math.cos(2.0 * math.pi * t_s * _QUIET_BREATH_BPM / 60.0)
        rig = clam_rig(body, lay, 0.0) if side_lying else supine_rig(body, setup)
        rig.root_pos = rig.root_pos + _DRIFT_M * np.array([drift[0], 0.0, drift[1]])
        nod = axis_angle_matrix([1.0, 0.0, 0.0], _HEAD_DRIFT_DEG * drift[2])
        rig.turn(J["head"], nod)
        belly = 1.0 + _QUIET_BELLY * breath
        return MotionFrame(rig, belly_scale=belly, grounded=side_lying)

    if side_lying:
        return lookalike_script(spec, spec.duration_s, pose_at, (-0.1, 0.25, 0.0), side_views(lay))
    centre = (float(setup.root_pos[0]) - 0.15, 0.2, 0.0)
    views = supine_views(setup.root_pos, spec.side)
    return lookalike_script(spec, spec.duration_s, pose_at, centre, views)

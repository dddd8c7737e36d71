"""Single knee to chest (a look-alike of the bridge): lying on the back, knees bent and
feet flat; both hands pull one knee to the chest, hold it (`spec.hold_s`), and let it back
down; legs alternate. The pelvis stays down; only one thigh moves.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from synth.body import Body
from synth.motions.base import MotionFrame, Script, pose_arm
from synth.motions.lookalike import (
    alternating,
    lookalike_script,
    place_leg,
    sagittal,
    spec_timeline,
)
from synth.motions.supine import supine_rig, supine_setup, supine_views
from synth.rig import J
from synth.spec import SynthSpec

__all__ = ["knee_to_chest_script"]

Mat = npt.NDArray[np.float64]
_THIGH_CHEST_DEG = 125.0  # the pulled thigh, past vertical towards the chest
_SHIN_CHEST_DEG = 0.0  # its shin about parallel to the floor (knee interior ~55 deg)
_HAND_BELOW_KNEE_M = 0.09  # the hands hold the shin just below the knee
_HANDS_APART_M = 0.07


def _unit(v: Mat) -> Mat:
    return np.asarray(v / np.linalg.norm(v), dtype=np.float64)


def _blend(a: Mat, b: Mat, k: float) -> Mat:
    return _unit((1.0 - k) * a + k * b)


def knee_to_chest_script(spec: SynthSpec, body: Body) -> Script:
    setup = supine_setup(body)
    cycles, duration_s = spec_timeline(spec)
    rest = supine_rig(body, setup).positions()
    rest_dirs = {
        s: (
            _unit(rest[J[f"{s}_knee"]] - rest[J[f"{s}_hip"]]),
            _unit(rest[J[f"{s}_ankle"]] - rest[J[f"{s}_knee"]]),
            _unit(rest[J[f"{s}_foot"]] - rest[J[f"{s}_ankle"]]),
            {a: rest[J[f"{a}_wrist"]] for a in ("l", "r")},
        )
        for s in ("l", "r")
    }

    def pose_at(t_s: float) -> MotionFrame:
        level, leg = alternating(t_s, cycles, spec.side)
        rig = supine_rig(body, setup)
        if level <= 0.0:
            return MotionFrame(rig)
        thigh0, shin0, foot0, wrists0 = rest_dirs[leg]
        thigh = _blend(thigh0, sagittal(_THIGH_CHEST_DEG), level)
        shin = _blend(shin0, sagittal(_SHIN_CHEST_DEG), level)
        place_leg(rig, leg, thigh, shin, _blend(foot0, sagittal(80.0), level))
        # the hands reach for the shin just below the knee as it comes up, and pull
        pos = rig.positions()
        knee = pos[J[f"{leg}_knee"]]
        grip = knee + shin * _HAND_BELOW_KNEE_M + np.array([0.0, 0.04, 0.0])
        reach = min(1.0, 2.0 * level)
        for side, sign in (("l", 1.0), ("r", -1.0)):
            target = grip + np.array([0.0, 0.0, sign * _HANDS_APART_M])
            wrist = (1.0 - reach) * wrists0[side] + reach * target
            pose_arm(rig, side, wrist, bend_dir=np.array([0.0, -0.4, sign]))
        return MotionFrame(rig)

    centre = (float(setup.root_pos[0]) - 0.15, 0.25, 0.0)
    views = supine_views(setup.root_pos, spec.side)
    return lookalike_script(spec, duration_s, pose_at, centre, views)

"""Half-kneeling hip flexor stretch: kneel on the stretched side's knee, the other foot
flat in front (knee about 90 deg); shift the pelvis forward and hold, trunk upright.

`spec.side` is the stretched (kneeling) side; each rep is one hold of `spec.hold_s`.
Scene layout: the person faces +x, the body's left is -z. Variants: good (upright trunk);
lean_forward (the trunk tips 22 deg forward during the hold); lean_back (15 deg back).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from synth.body import Body
from synth.motions.base import HoldTiming, MotionFrame, Script, pose_leg
from synth.motions.timeline import Tempo, phase_at, rep_timeline
from synth.rig import J, Rig, axis_angle_matrix
from synth.spec import SynthSpec

__all__ = ["hip_flexor_script"]

Mat = npt.NDArray[np.float64]
# body frame -> scene: upright, facing +x, left to -z
_UPRIGHT: Mat = axis_angle_matrix([0.0, 1.0, 0.0], 90.0)
_KNEE_HEIGHT_M = 0.07  # kneeling knee joint centre above the floor
_REST_THIGH_DEG = 3.0  # back thigh from vertical at rest (hip just ahead of the knee)
_STRETCH_THIGH_DEG = 28.0  # back thigh from vertical in the stretch
_LEAN_DEG = {"good": 0.0, "lean_forward": 22.0, "lean_back": -15.0}


def _kneel_rig(body: Body, back: str, thigh_deg: float, lean_deg: float) -> Rig:
    front = "r" if back == "l" else "l"
    rig = Rig(body.offsets, body.parents)
    z_side = {s: float(body.rest_joints[J[f"{s}_hip"]][0]) for s in ("l", "r")}
    thigh = float(np.linalg.norm(body.offsets[J[f"{back}_knee"]]))
    shin = float(np.linalg.norm(body.offsets[J[f"{back}_ankle"]]))
    # body x (left) maps to scene -z
    knee = np.array([0.0, _KNEE_HEIGHT_M, -z_side[back]])
    t = np.radians(thigh_deg)
    hip = knee + thigh * np.array([np.sin(t), np.cos(t), 0.0])
    root = axis_angle_matrix([0.0, 0.0, 1.0], -lean_deg) @ _UPRIGHT
    rig.local[0] = root
    rig.root_pos = hip - root @ body.offsets[J[f"{back}_hip"]]
    ankle = knee + np.array([-shin, 0.0, 0.0])
    pose_leg(
        rig,
        back,
        ankle,
        bend_dir=knee - hip,
        foot_dir=np.array([-1.0, -0.15, 0.0]),
    )
    # the front foot stays where it was planted at rest
    rest_hip = knee + thigh * np.array([np.sin(np.radians(_REST_THIGH_DEG)), 1.0, 0.0])
    front_ankle = np.array([rest_hip[0] + thigh * 1.1, 0.08, -z_side[front] * 1.15])
    pose_leg(
        rig,
        front,
        front_ankle,
        bend_dir=np.array([1.0, 0.6, 0.0]),
        foot_dir=np.array([1.0, -0.3, 0.0]),
    )
    # arms hang relaxed, hands a little forward; head level
    for side in ("l", "r"):
        rig.point(J[f"{side}_shoulder"], J[f"{side}_elbow"], np.array([0.15, -1.0, 0.0]))
        rig.point(J[f"{side}_elbow"], J[f"{side}_wrist"], np.array([0.45, -1.0, 0.0]))
    rig.point(J["neck"], J["head"], np.array([0.3, 1.0, 0.0]))
    return rig


def hip_flexor_script(spec: SynthSpec, body: Body) -> Script:
    back = "l" if spec.side == "left" else "r"
    tempo = Tempo(spec.lead_in_s, spec.up_s, spec.hold_s, spec.down_s, spec.rest_s)
    reps, duration_s = rep_timeline(spec.reps, tempo)
    lean = _LEAN_DEG[spec.variant]

    def pose_at(t_s: float) -> MotionFrame:
        level = phase_at(t_s, reps).level
        thigh = _REST_THIGH_DEG + (_STRETCH_THIGH_DEG - _REST_THIGH_DEG) * level
        return MotionFrame(_kneel_rig(body, back, thigh, lean * level))

    # side view from the kneeling side: its body side faces the camera
    lateral = np.array([0.0, 0.0, -1.0 if back == "l" else 1.0])
    front = np.array([1.0, 0.0, 0.0])
    oblique = (lateral + front) / np.linalg.norm(lateral + front)
    views = {"side": lateral, "front": front, "feet": front, "oblique": oblique}
    return Script(
        exercise="hip_flexor_stretch",
        duration_s=duration_s,
        pose_at=pose_at,
        centre=(0.15, 0.55, 0.0),
        view_dirs={k: (float(v[0]), float(v[1]), float(v[2])) for k, v in views.items()},
        side=spec.side,
        reps=reps,
        holds=[HoldTiming(r.top_s, r.top_end_s, spec.side) for r in reps],
        variant=spec.variant,
    )

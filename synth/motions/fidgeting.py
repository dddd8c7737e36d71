"""Fidgeting (a look-alike of the bridge and of belly breathing): lying on the back, knees
bent and feet flat, a person makes small unrelated moves one after another: scratches a
thigh, rests the hands on the belly and back, slides a foot out and back, turns the head,
shuffles the hips a few centimetres sideways. Nothing lifts the pelvis. The order and
sides follow `spec.seed`; the clip lasts `spec.duration_s`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from synth.body import Body
from synth.motions.base import MotionFrame, Script, pose_arm, pose_leg
from synth.motions.lookalike import lookalike_script
from synth.motions.supine import arms_by_sides, supine_rig, supine_setup, supine_views
from synth.motions.timeline import smoothstep
from synth.rig import J, Rig, axis_angle_matrix
from synth.spec import SynthSpec

__all__ = ["FIDGETS", "Fidget", "fidget_schedule", "fidgeting_script"]

Mat = npt.NDArray[np.float64]
FIDGETS = ("scratch", "hands_on_belly", "foot_slide", "head_turn", "hip_shuffle")
_RAMP_S = 0.6  # each fidget eases in and out over this long
_START_S = 1.5
_SCRATCH_HZ = 3.0
_SCRATCH_M = 0.03
_FOOT_SLIDE_M = 0.12  # towards the feet end: the knee opens a little
_HEAD_TURN_DEG = 35.0
_SHUFFLE_M = 0.04
_SHUFFLE_ROLL_DEG = 5.0
_FOOT_DIR = np.array([-0.6, -0.25, 0.0])  # as planted in synth.motions.supine
_UP = np.array([0.0, 1.0, 0.0])


@dataclass(frozen=True, slots=True)
class Fidget:
    kind: str  # one of FIDGETS
    side: str  # "l" or "r"
    start_s: float
    end_s: float

    def level(self, t_s: float) -> float:
        """0 outside, easing to 1 within the fidget."""
        if not self.start_s <= t_s < self.end_s:
            return 0.0
        return min(
            smoothstep((t_s - self.start_s) / _RAMP_S), smoothstep((self.end_s - t_s) / _RAMP_S)
        )


def fidget_schedule(seed: int, duration_s: float) -> list[Fidget]:
    """Fidgets one after another from 1.5 s, each kind once per round (a round lasts at
    most 14 s), ending by the clip's last half second."""
    rng = np.random.default_rng(seed + 202)
    out: list[Fidget] = []
    t = _START_S
    while True:
        for i in rng.permutation(len(FIDGETS)):
            length = float(rng.uniform(1.6, 2.2))
            if t + length > duration_s - 0.5:
                return out
            side = "l" if rng.random() < 0.5 else "r"
            out.append(Fidget(FIDGETS[int(i)], side, t, t + length))
            t += length + float(rng.uniform(0.3, 0.7))


def _hand_to(rig: Rig, side: str, target: Mat, rest: Mat, k: float) -> None:
    sign = 1.0 if side == "l" else -1.0
    wrist = (1.0 - k) * rest + k * target
    pose_arm(rig, side, wrist, bend_dir=np.array([0.0, -0.3, sign]))


def fidgeting_script(spec: SynthSpec, body: Body) -> Script:
    setup = supine_setup(body)
    schedule = fidget_schedule(spec.seed, spec.duration_s)
    rest = supine_rig(body, setup).positions()

    def pose_at(t_s: float) -> MotionFrame:
        now = next((f for f in schedule if f.level(t_s) > 0.0), None)
        k = now.level(t_s) if now else 0.0
        kind, side = (now.kind, now.side) if now else ("", "l")
        sign = 1.0 if side == "l" else -1.0
        roll = -sign * _SHUFFLE_ROLL_DEG * k if kind == "hip_shuffle" else 0.0
        rig = supine_rig(body, setup, roll_deg=roll)
        if kind == "hip_shuffle":
            rig.root_pos = rig.root_pos + np.array([0.0, 0.0, sign * _SHUFFLE_M * k])
            arms_by_sides(rig, setup)
        if kind in ("hip_shuffle", "foot_slide"):
            for s in ("l", "r"):
                ankle = setup.ankles[s].copy()
                if kind == "foot_slide" and s == side:
                    ankle[0] -= _FOOT_SLIDE_M * k
                pose_leg(rig, s, ankle, bend_dir=_UP, foot_dir=_FOOT_DIR)
        if kind == "head_turn":
            rig.turn(J["head"], axis_angle_matrix([1.0, 0.0, 0.0], sign * _HEAD_TURN_DEG * k))
        if kind == "scratch":
            pos = rig.positions()
            thigh = pos[J[f"{side}_knee"]] - pos[J[f"{side}_hip"]]
            rub = _SCRATCH_M * math.sin(2.0 * math.pi * _SCRATCH_HZ * t_s)
            spot = pos[J[f"{side}_hip"]] + (0.4 + rub) * thigh + _UP * 0.08
            _hand_to(rig, side, spot, rest[J[f"{side}_wrist"]], k)
        if kind == "hands_on_belly":
            belly = rest[J["spine1"]] + _UP * 0.14
            for s, z in (("l", 0.08), ("r", -0.08)):
                _hand_to(rig, s, belly + np.array([0.0, 0.0, z]), rest[J[f"{s}_wrist"]], k)
        return MotionFrame(rig)

    centre = (float(setup.root_pos[0]) - 0.15, 0.2, 0.0)
    views = supine_views(setup.root_pos, spec.side)
    return lookalike_script(spec, spec.duration_s, pose_at, centre, views)

"""Bridge: lying on the back, knees bent, lift the pelvis until shoulders-hips-knees line up.

Variants: good; too_low (lifts a third of the way); arched (the chest pitches 14 deg
further than the pelvis: hips pushed high, lumbar arch); hip_drop (the pelvis alone rolls
28 deg at the top, one hip about 6 cm lower); knees_in (both knees turn 16 deg towards the
midline at the top).
"""

from __future__ import annotations

from synth.body import Body
from synth.motions.base import HoldTiming, MotionFrame, Script
from synth.motions.supine import supine_rig, supine_setup, supine_views
from synth.motions.timeline import Tempo, phase_at, rep_timeline
from synth.spec import SynthSpec

__all__ = ["bridge_script"]

_TOP_LIFT_DEG = 23.0  # trunk pivot that brings shoulders, hips and knees into line
_LOW_LIFT_DEG = 9.0
_ARCH_DEG = 14.0
_HIP_DROP_DEG = 28.0  # pelvis roll at the top: one hip about 6 cm lower than the other
_KNEES_IN_DEG = 16.0


def bridge_script(spec: SynthSpec, body: Body) -> Script:
    setup = supine_setup(body)
    tempo = Tempo(spec.lead_in_s, spec.up_s, spec.hold_s, spec.down_s, spec.rest_s)
    reps, duration_s = rep_timeline(spec.reps, tempo)
    variant = spec.variant
    top = _LOW_LIFT_DEG if variant == "too_low" else _TOP_LIFT_DEG

    def pose_at(t_s: float) -> MotionFrame:
        level = phase_at(t_s, reps).level
        rig = supine_rig(
            body,
            setup,
            lift_deg=top * level,
            roll_deg=_HIP_DROP_DEG * level if variant == "hip_drop" else 0.0,
            arch_deg=_ARCH_DEG * level if variant == "arched" else 0.0,
            knee_in_deg=_KNEES_IN_DEG * level if variant == "knees_in" else 0.0,
        )
        return MotionFrame(rig)

    centre = (float(setup.root_pos[0]) - 0.15, 0.2, 0.0)
    holds: list[HoldTiming] = []
    if spec.hold_s >= 1.0:
        holds = [HoldTiming(rep.top_s, rep.top_end_s) for rep in reps]
    return Script(
        exercise="bridge",
        duration_s=duration_s,
        pose_at=pose_at,
        centre=centre,
        view_dirs=supine_views(setup.root_pos, spec.side),
        side=spec.side,
        reps=reps,
        holds=holds,
        variant=variant,
    )

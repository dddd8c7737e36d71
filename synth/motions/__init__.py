"""One motion script per exercise and per look-alike, chosen by name."""

from __future__ import annotations

from collections.abc import Callable

from synth.body import Body
from synth.motions.base import Script
from synth.motions.breathing import breathing_script
from synth.motions.bridge import bridge_script
from synth.motions.clamshell import clamshell_script
from synth.motions.dead_bug import dead_bug_script
from synth.motions.fidgeting import fidgeting_script
from synth.motions.hip_flexor import hip_flexor_script
from synth.motions.knee_rocks import knee_rocks_script
from synth.motions.knee_to_chest import knee_to_chest_script
from synth.motions.lying_still import lying_still_script
from synth.motions.pelvic_tilt import pelvic_tilt_script
from synth.motions.side_leg_raise import side_leg_raise_script
from synth.spec import SynthSpec

__all__ = ["MOTIONS", "build_script"]

MOTIONS: dict[str, Callable[[SynthSpec, Body], Script]] = {
    "bridge": bridge_script,
    "breathing": breathing_script,
    "clamshell": clamshell_script,
    "hip_flexor_stretch": hip_flexor_script,
    # look-alikes (hard negatives), synth.spec.LOOKALIKES
    "dead_bug": dead_bug_script,
    "knee_to_chest": knee_to_chest_script,
    "knee_rocks": knee_rocks_script,
    "side_leg_raise": side_leg_raise_script,
    "pelvic_tilt": pelvic_tilt_script,
    "lying_still": lying_still_script,
    "fidgeting": fidgeting_script,
}


def build_script(spec: SynthSpec, body: Body) -> Script:
    try:
        factory = MOTIONS[spec.exercise]
    except KeyError:
        raise ValueError(
            f"no motion script for {spec.exercise!r}; valid: {', '.join(sorted(MOTIONS))}"
        ) from None
    return factory(spec, body)

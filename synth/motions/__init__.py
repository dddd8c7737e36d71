"""One motion script per exercise, chosen by name."""

from __future__ import annotations

from collections.abc import Callable

from synth.body import Body
from synth.motions.base import Script
from synth.motions.breathing import breathing_script
from synth.motions.bridge import bridge_script
from synth.motions.clamshell import clamshell_script
from synth.motions.hip_flexor import hip_flexor_script
from synth.spec import SynthSpec

__all__ = ["MOTIONS", "build_script"]

MOTIONS: dict[str, Callable[[SynthSpec, Body], Script]] = {
    "bridge": bridge_script,
    "breathing": breathing_script,
    "clamshell": clamshell_script,
    "hip_flexor_stretch": hip_flexor_script,
}


def build_script(spec: SynthSpec, body: Body) -> Script:
    try:
        factory = MOTIONS[spec.exercise]
    except KeyError:
        raise ValueError(
            f"no motion script for {spec.exercise!r}; valid: {', '.join(sorted(MOTIONS))}"
        ) from None
    return factory(spec, body)

"""What the look-alike motions (hard negatives) share: a script whose truth has no reps,
holds or breaths, reps that alternate sides, limbs set in the body's sagittal plane, and
smooth seeded noise."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from synth.motions.base import MotionFrame, Script
from synth.motions.timeline import RepTiming, Tempo, phase_at, rep_timeline
from synth.rig import J, Rig
from synth.spec import SynthSpec

__all__ = [
    "Jitter",
    "alternating",
    "lookalike_script",
    "place_leg",
    "sagittal",
    "spec_timeline",
]

Mat = npt.NDArray[np.float64]


def lookalike_script(
    spec: SynthSpec,
    duration_s: float,
    pose_at: Callable[[float], MotionFrame],
    centre: tuple[float, float, float],
    view_dirs: dict[str, tuple[float, float, float]],
) -> Script:
    """The script of a look-alike: its truth is that nothing was done (no reps or holds)."""
    return Script(
        exercise=spec.exercise,
        duration_s=duration_s,
        pose_at=pose_at,
        centre=centre,
        view_dirs=view_dirs,
        side=spec.side,
        variant=spec.variant,
    )


def spec_timeline(spec: SynthSpec) -> tuple[list[RepTiming], float]:
    """The movement's cycles from the spec's reps and tempo, and the clip duration."""
    tempo = Tempo(spec.lead_in_s, spec.up_s, spec.hold_s, spec.down_s, spec.rest_s)
    return rep_timeline(spec.reps, tempo)


def alternating(t_s: float, cycles: list[RepTiming], first: str) -> tuple[float, str]:
    """Progress 0..1 of the cycle at `t_s` and its side ("l"/"r"): `first` ("left"/"right")
    on even cycles, the other side on odd ones."""
    phase = phase_at(t_s, cycles)
    side = first[0]
    if phase.rep is not None and phase.rep % 2:
        side = "r" if side == "l" else "l"
    return phase.level, side


def sagittal(angle_deg: float) -> Mat:
    """A direction in a lying body's sagittal plane (head to +x): 0 deg = along the floor
    towards the feet, 90 = up to the ceiling, 180 = along the floor past the head."""
    a = math.radians(angle_deg)
    return np.array([-math.cos(a), math.sin(a), 0.0])


def place_leg(rig: Rig, side: str, thigh_dir: Mat, shin_dir: Mat, foot_dir: Mat) -> None:
    """Point the thigh, shin and foot of `side` ("l"/"r") along the given directions."""
    hip, knee, ankle, foot = (J[f"{side}_{part}"] for part in ("hip", "knee", "ankle", "foot"))
    rig.point(hip, knee, thigh_dir)
    rig.point(knee, ankle, shin_dir)
    rig.point(ankle, foot, foot_dir)


class Jitter:
    """Smooth seeded noise: `channels` values at `t_s`, each a sum of three slow sines
    (0.1-0.6 Hz) scaled to about +-`amplitude`."""

    def __init__(self, seed: int, channels: int, amplitude: float) -> None:
        rng = np.random.default_rng(seed)
        self._freq_hz = rng.uniform(0.1, 0.6, size=(channels, 3))
        self._phase = rng.uniform(0.0, 2.0 * math.pi, size=(channels, 3))
        self._amplitude = amplitude / 3.0

    def __call__(self, t_s: float) -> Mat:
        waves = np.sin(2.0 * math.pi * self._freq_hz * t_s + self._phase)
        return np.asarray(self._amplitude * waves.sum(axis=1), dtype=np.float64)

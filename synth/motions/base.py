"""What every motion script provides: a pose per instant plus the ground truth of its timing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from synth.motions.timeline import RepTiming
from synth.rig import J, Rig

__all__ = ["HoldTiming", "MotionFrame", "Script", "leg_ik", "pose_arm", "pose_leg"]

Mat = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class MotionFrame:
    """The body at one instant: rig pose, how far the belly and the chest are pushed out
    (1 = neutral), and whether to lift the body so its lowest point touches the floor."""

    rig: Rig
    belly_scale: float = 1.0
    chest_scale: float = 1.0
    grounded: bool = False


@dataclass(frozen=True, slots=True)
class HoldTiming:
    start_s: float
    end_s: float
    side: str | None = None


@dataclass(frozen=True, slots=True)
class Script:
    """One clip's motion: `pose_at(t_s)` and what truly happened when.

    `view_dirs` maps a view name to the horizontal unit vector from `centre` towards the
    camera; `side` is the working (or camera-facing) side.
    """

    exercise: str
    duration_s: float
    pose_at: Callable[[float], MotionFrame]
    centre: tuple[float, float, float]
    view_dirs: dict[str, tuple[float, float, float]]
    side: str
    reps: list[RepTiming] = field(default_factory=list)
    holds: list[HoldTiming] = field(default_factory=list)
    breaths_s: list[float] = field(default_factory=list)
    breath_rate_bpm: float | None = None
    variant: str = "good"


def leg_ik(hip: Mat, ankle: Mat, thigh_m: float, shin_m: float, bend_dir: Mat) -> Mat:
    """Knee position for a two-bone leg from hip to ankle, bending towards `bend_dir`.

    When the ankle is out of reach the leg is straight towards it.
    """
    d_vec = ankle - hip
    dist = float(np.linalg.norm(d_vec))
    axis = d_vec / dist
    perp = bend_dir - np.dot(bend_dir, axis) * axis
    perp /= max(float(np.linalg.norm(perp)), 1e-9)
    dist = min(dist, thigh_m + shin_m - 1e-6)
    cos_a = (thigh_m**2 + dist**2 - shin_m**2) / (2 * thigh_m * dist)
    cos_a = min(1.0, max(-1.0, cos_a))
    sin_a = float(np.sqrt(1.0 - cos_a**2))
    return np.asarray(hip + thigh_m * (cos_a * axis + sin_a * perp), dtype=np.float64)


def pose_leg(rig: Rig, side: str, ankle_target: Mat, *, bend_dir: Mat, foot_dir: Mat) -> None:
    """Set thigh, shin and foot of `side` ("l"/"r") so the ankle reaches `ankle_target`,
    the knee bending towards `bend_dir` and the foot pointing along `foot_dir`."""
    hip, knee, ankle, foot = (J[f"{side}_{part}"] for part in ("hip", "knee", "ankle", "foot"))
    pos = rig.positions()
    thigh = float(np.linalg.norm(rig.offsets[knee]))
    shin = float(np.linalg.norm(rig.offsets[ankle]))
    knee_pos = leg_ik(pos[hip], ankle_target, thigh, shin, bend_dir)
    rig.point(hip, knee, knee_pos - pos[hip])
    rig.point(knee, ankle, ankle_target - knee_pos)
    rig.point(ankle, foot, foot_dir)


def pose_arm(rig: Rig, side: str, wrist_target: Mat, *, bend_dir: Mat) -> None:
    """Set upper arm and forearm of `side` ("l"/"r") so the wrist reaches `wrist_target`,
    the elbow bending towards `bend_dir` (straight towards the target when out of reach)."""
    shoulder, elbow, wrist = (J[f"{side}_{part}"] for part in ("shoulder", "elbow", "wrist"))
    pos = rig.positions()
    upper = float(np.linalg.norm(rig.offsets[elbow]))
    fore = float(np.linalg.norm(rig.offsets[wrist]))
    elbow_pos = leg_ik(pos[shoulder], wrist_target, upper, fore, bend_dir)
    rig.point(shoulder, elbow, elbow_pos - pos[shoulder])
    rig.point(elbow, wrist, wrist_target - elbow_pos)

"""What the app knows of one exercise: its `ExerciseSpec`, which the exercise's own package
(`exercises/bridge/`, ...) exports as `SPEC` and the registry (`exercises.registry`) collects.

The engine's factory, the clinic's default dose and the fields of it that apply (their
bounds are `exercises.base.PRESCRIPTION_LIMITS`), where it comes in the clinic's order, the
traits (start positions, image signals, one-sided, hold-based, timed), the views it can be
judged from, the key angle and its joints, and its fault and hint codes (the safety ones
among them). The pipeline, the setup check, the overlay, the cues, the summaries and the
page (`/api/exercises`) all read it from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from exercises.base import Exercise, Prescription
from exercises.judgeable import NOT_JUDGED_OUT_OF_FRAME, NOT_JUDGED_TOO_SMALL, ViewLimits
from exercises.mechanics import HINT_INTO_VIEW
from pose.joints import Joint
from pose.view import BodyPosition

__all__ = [
    "COUNTED",
    "HIP_ANGLE",
    "ONE_SIDED",
    "TIMED",
    "Dose",
    "DoseField",
    "ExerciseSpec",
    "KeyAngle",
]

# A field of `exercises.base.Prescription` the therapist sets.
DoseField = Literal[
    "reps",
    "sets",
    "hold_s",
    "rest_s",
    "duration_s",
    "pace_in_s",
    "pace_out_s",
    "side",
    "sessions_per_week",
]
Dose = tuple[DoseField, ...]  # the Prescription fields that apply to an exercise
COUNTED: Dose = ("reps", "sets", "hold_s", "rest_s", "sessions_per_week")
ONE_SIDED: Dose = (*COUNTED[:-1], "side", "sessions_per_week")
TIMED: Dose = ("duration_s", "pace_in_s", "pace_out_s", "sessions_per_week")


@dataclass(frozen=True, slots=True)
class KeyAngle:
    """The angle the overlay draws and the report plots: its name (`ExerciseStatus.
    angle_name`), its three joints, arm-vertex-arm, without the side ("HIP"), and the
    band a good top reaches (`target_deg`, low and high or None; from the engine's own
    config, None when the engine judges the movement's size, not where it ends)."""

    name: str
    joints: tuple[str, str, str]
    target_deg: tuple[float, float | None] | None = None

    def joint_indices(self, side: str) -> list[int]:
        prefix = "LEFT_" if side == "left" else "RIGHT_"
        return [int(Joint[prefix + part]) for part in self.joints]


@dataclass(frozen=True, slots=True)
class ExerciseSpec:
    name: str
    rank: int  # its place in the clinic's order (strengthen, stretch, calm): the page's lists
    factory: Callable[[Prescription], Exercise]
    prescription: Prescription  # the clinic's default dose
    dose: Dose  # the fields of it the therapist sets
    start_positions: tuple[BodyPosition, ...]  # person selection and the setup check
    counts_holds: bool  # reps are completed holds (stretch, breathing)
    one_sided: bool  # counted per side
    view_limits: ViewLimits  # from where it can be judged (exercises.judgeable)
    key_angle: KeyAngle | None
    faults: tuple[str, ...]  # its form-fault codes (the cue catalogue)
    hints: tuple[str, ...]  # its setup-hint codes
    timed: bool = False  # a time in position, not reps: belly breathing (report breaths)
    probes: tuple[str, ...] = ()  # image signals the pipeline measures (pose.signals)
    safety: tuple[str, ...] = ()  # faults that are a safety matter: cued first (exercises.cues)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code this exercise's engine and judge can send, for the catalogue."""
        v = self.view_limits
        judged = (v.wrong_view, *(c for c in (v.lengthwise, v.unseen) if c))
        common = (HINT_INTO_VIEW, NOT_JUDGED_TOO_SMALL, NOT_JUDGED_OUT_OF_FRAME)
        return (*self.faults, *self.hints, *judged, *common)


# The hip angle, arm-vertex-arm without the side: the bridge's, the clamshell's, the stretch's.
HIP_ANGLE: tuple[str, str, str] = ("SHOULDER", "HIP", "KNEE")

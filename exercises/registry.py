"""The exercises, one `ExerciseSpec` each: everything the app knows of an exercise.

The engine's factory, the clinic's default dose and the fields of it that apply (their
bounds are `exercises.base.PRESCRIPTION_LIMITS`), the traits (start positions, image
signals, one-sided, hold-based, timed), the views it can be judged from, the key angle
and its joints, and its fault and hint codes. The pipeline, the setup check, the
overlay, the summaries and the page (`/api/exercises`) all read it from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from exercises import breathing, bridge, clamshell, hip_flexor
from exercises.base import PRESCRIPTION_LIMITS, Exercise, Prescription
from exercises.judgeable import (
    NOT_JUDGED_OUT_OF_FRAME,
    NOT_JUDGED_TOO_SMALL,
    JudgeWatch,
    ViewLimits,
)
from exercises.mechanics import HINT_INTO_VIEW
from pose.joints import Joint
from pose.view import BodyPosition

__all__ = [
    "SPECS",
    "ExerciseSpec",
    "KeyAngle",
    "UnknownExerciseError",
    "create_exercise",
    "create_judge",
    "default_prescription",
    "spec_of",
]

Dose = tuple[str, ...]  # the Prescription fields that apply to an exercise
_COUNTED: Dose = ("reps", "sets", "hold_s", "rest_s", "sessions_per_week")
_ONE_SIDED: Dose = (*_COUNTED[:-1], "side", "sessions_per_week")
_TIMED: Dose = ("duration_s", "pace_in_s", "pace_out_s", "sessions_per_week")


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

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code this exercise's engine and judge can send, for the catalogue."""
        v = self.view_limits
        judged = (v.wrong_view, *(c for c in (v.lengthwise, v.unseen) if c))
        common = (HINT_INTO_VIEW, NOT_JUDGED_TOO_SMALL, NOT_JUDGED_OUT_OF_FRAME)
        return (*self.faults, *self.hints, *judged, *common)

    def to_wire(self) -> dict[str, Any]:
        """What the page needs: the dose and its bounds, the traits, the views, the codes."""
        return {
            "name": self.name,
            "default_prescription": asdict(self.prescription),
            "dose": list(self.dose),
            "limits": {f: list(PRESCRIPTION_LIMITS[f]) for f in self.dose if f != "side"},
            "traits": {
                "start_positions": list(self.start_positions),
                "counts_holds": self.counts_holds,
                "one_sided": self.one_sided,
                "timed": self.timed,
                "probes": list(self.probes),
            },
            "views": sorted(self.view_limits.views),
            "key_angle": None
            if self.key_angle is None
            else {
                "name": self.key_angle.name,
                "joints": list(self.key_angle.joints),
                "target_deg": None
                if self.key_angle.target_deg is None
                else list(self.key_angle.target_deg),
            },
            "faults": list(self.faults),
            "hints": list(self.hints),
        }


# From where each exercise can be judged (measured on the real clips and rendered views,
# README "Not judged"): the bridge and breathing from the side or at up to 45 degrees, not
# from the head or feet end; the clamshell facing the belly or at 45 degrees towards the
# feet, not lengthwise; the stretch side-on only (at 45 degrees the back thigh's swing is
# not seen, from the front the kneeling leg is hidden). Breathing filmed low from the feet
# end finds nobody at all (the raised knees hide the body): said as unseen.
_HIP = ("SHOULDER", "HIP", "KNEE")
_BRIDGE, _STRETCH = bridge.BridgeConfig(), hip_flexor.HipFlexorConfig()  # the defaults

SPECS: dict[str, ExerciseSpec] = {
    "bridge": ExerciseSpec(
        name="bridge",
        factory=bridge.Bridge,
        prescription=bridge.BRIDGE_PRESCRIPTION,
        dose=_COUNTED,
        start_positions=("lying_back",),
        counts_holds=False,
        one_sided=False,
        view_limits=ViewLimits(
            frozenset({"side", "oblique"}),
            frozenset({"lying_back"}),
            wrong_view="bridge_not_judged_view",
            lengthwise="bridge_not_judged_lengthwise",
        ),
        key_angle=KeyAngle(
            bridge.Bridge.angle_name,
            _HIP,
            (_BRIDGE.low_peak_deg, _BRIDGE.arching_deg),
        ),
        faults=bridge.FAULTS,
        hints=bridge.HINTS,
    ),
    "clamshell": ExerciseSpec(
        name="clamshell",
        factory=clamshell.Clamshell,
        prescription=clamshell.CLAMSHELL_PRESCRIPTION,
        dose=_ONE_SIDED,
        start_positions=("lying_side",),
        counts_holds=False,
        one_sided=True,
        view_limits=ViewLimits(
            frozenset({"front", "oblique"}),
            frozenset({"lying_side"}),
            wrong_view="clamshell_not_judged_view",
            lengthwise="clamshell_not_judged_lengthwise",
        ),
        key_angle=KeyAngle(clamshell.Clamshell.angle_name, _HIP),
        faults=clamshell.FAULTS,
        hints=clamshell.HINTS,
    ),
    "hip_flexor_stretch": ExerciseSpec(
        name="hip_flexor_stretch",
        factory=hip_flexor.HipFlexorStretch,
        prescription=hip_flexor.STRETCH_PRESCRIPTION,
        dose=_ONE_SIDED,
        start_positions=("kneeling",),
        counts_holds=True,
        one_sided=True,
        view_limits=ViewLimits(
            frozenset({"side"}), frozenset({"kneeling"}), wrong_view="stretch_not_judged_view"
        ),
        key_angle=KeyAngle("hip_extension", _HIP, (_STRETCH.hip_extension_min_deg, None)),
        faults=hip_flexor.FAULTS,
        hints=hip_flexor.HINTS,
    ),
    "breathing": ExerciseSpec(
        name="breathing",
        factory=breathing.BellyBreathing,
        prescription=breathing.BREATHING_PRESCRIPTION,
        dose=_TIMED,
        start_positions=("lying_back",),
        counts_holds=True,
        one_sided=False,
        view_limits=ViewLimits(
            frozenset({"side", "oblique"}),
            frozenset({"lying_back"}),
            wrong_view="breathing_not_judged_view",
            lengthwise="breathing_not_judged_lengthwise",
            unseen="breathing_not_judged_unseen",
        ),
        key_angle=None,
        faults=breathing.FAULTS,
        hints=breathing.HINTS,
        timed=True,
        probes=breathing.PROBES,
    ),
}


class UnknownExerciseError(ValueError):
    """An exercise name that is not in the registry; the message lists the valid ones."""


def spec_of(name: str) -> ExerciseSpec:
    """The spec of a known exercise; an unknown name fails listing the valid ones."""
    try:
        return SPECS[name]
    except KeyError:
        raise UnknownExerciseError(
            f"unknown exercise {name!r}; valid: {', '.join(SPECS)}"
        ) from None


def default_prescription(name: str) -> Prescription:
    return spec_of(name).prescription


def create_judge(name: str) -> JudgeWatch:
    """A fresh watch on whether `name` can be judged from the view."""
    return JudgeWatch(spec_of(name).view_limits)


def create_exercise(name: str, prescription: Prescription | None = None) -> Exercise:
    """A fresh engine for `name`, with the clinic default unless one is given."""
    spec = spec_of(name)
    return spec.factory(prescription if prescription is not None else spec.prescription)

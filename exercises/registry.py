"""The explicit list of exercise engines, chosen by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exercises.base import Exercise, Prescription
from exercises.breathing import BellyBreathing
from exercises.bridge import BRIDGE_PRESCRIPTION, Bridge
from exercises.clamshell import CLAMSHELL_PRESCRIPTION, Clamshell
from exercises.hip_flexor import HipFlexorStretch
from pose.joints import Joint
from pose.view import BodyPosition

__all__ = [
    "EXERCISES",
    "TRAITS",
    "ExerciseTraits",
    "UnknownExerciseError",
    "create_exercise",
    "default_prescription",
    "traits_of",
]


@dataclass(frozen=True, slots=True)
class ExerciseTraits:
    """What the pipeline and the report need to know of an exercise, engine aside."""

    start_positions: tuple[BodyPosition, ...]  # person selection prefers these
    needed_joints: tuple[Joint, ...]  # must be visible for the framing check
    counts_holds: bool  # reps are completed holds
    one_sided: bool  # counted per side
    breathing: bool = False  # report breaths and rate


_LOWER = (
    Joint.LEFT_SHOULDER,
    Joint.RIGHT_SHOULDER,
    Joint.LEFT_HIP,
    Joint.RIGHT_HIP,
    Joint.LEFT_KNEE,
    Joint.RIGHT_KNEE,
    Joint.LEFT_ANKLE,
    Joint.RIGHT_ANKLE,
)

TRAITS: dict[str, ExerciseTraits] = {
    "bridge": ExerciseTraits(("lying_back",), _LOWER, counts_holds=False, one_sided=False),
    "clamshell": ExerciseTraits(("lying_side",), _LOWER, counts_holds=False, one_sided=True),
    "hip_flexor_stretch": ExerciseTraits(("kneeling",), _LOWER, counts_holds=True, one_sided=True),
    "breathing": ExerciseTraits(
        ("lying_back",), _LOWER, counts_holds=True, one_sided=False, breathing=True
    ),
}


def traits_of(name: str) -> ExerciseTraits:
    """The traits of a known exercise; an unknown name fails listing the valid ones."""
    try:
        return TRAITS[name]
    except KeyError:
        raise UnknownExerciseError(
            f"unknown exercise {name!r}; valid: {', '.join(TRAITS)}"
        ) from None


class UnknownExerciseError(ValueError):
    """An exercise name that is not in the registry; the message lists the valid ones."""


# name -> (factory, the clinic's default prescription). Engines add themselves here.
EXERCISES: dict[str, tuple[Callable[[Prescription], Exercise], Prescription]] = {
    "bridge": (Bridge, BRIDGE_PRESCRIPTION),
    "clamshell": (Clamshell, CLAMSHELL_PRESCRIPTION),
    "hip_flexor_stretch": (
        HipFlexorStretch,
        Prescription(reps=4, sets=1, hold_s=30.0, side="both"),
    ),
    "breathing": (BellyBreathing, Prescription(reps=1, sets=1, duration_s=300.0)),
}


def _entry(name: str) -> tuple[Callable[[Prescription], Exercise], Prescription]:
    try:
        return EXERCISES[name]
    except KeyError:
        valid = ", ".join(sorted(EXERCISES)) or "(none registered)"
        raise UnknownExerciseError(f"unknown exercise {name!r}; valid: {valid}") from None


def default_prescription(name: str) -> Prescription:
    return _entry(name)[1]


def create_exercise(name: str, prescription: Prescription | None = None) -> Exercise:
    """A fresh engine for `name`, with the clinic default unless one is given."""
    factory, default = _entry(name)
    return factory(prescription if prescription is not None else default)

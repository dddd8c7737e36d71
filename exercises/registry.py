"""The explicit list of exercise engines, chosen by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exercises.base import Exercise, Prescription
from exercises.breathing import BellyBreathing
from exercises.bridge import BRIDGE_PRESCRIPTION, Bridge
from exercises.clamshell import CLAMSHELL_PRESCRIPTION, Clamshell
from exercises.hip_flexor import HipFlexorStretch
from exercises.judgeable import JudgeWatch, ViewLimits
from pose.joints import Joint
from pose.view import BodyPosition

__all__ = [
    "EXERCISES",
    "TRAITS",
    "ExerciseTraits",
    "UnknownExerciseError",
    "create_exercise",
    "create_judge",
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
    view_limits: ViewLimits | None = None  # from where it can be judged (exercises.judgeable)


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

# From where each exercise can be judged (measured on the real clips and rendered views,
# README "Not judged"): the bridge and breathing from the side or at up to 45 degrees, not
# from the head or feet end; the clamshell facing the belly or at 45 degrees towards the
# feet, not lengthwise; the stretch side-on only (at 45 degrees the back thigh's swing is
# not seen, from the front the kneeling leg is hidden). Breathing filmed low from the feet
# end finds nobody at all (the raised knees hide the body): said as unseen.
_BRIDGE_VIEWS = ViewLimits(
    frozenset({"side", "oblique"}),
    frozenset({"lying_back"}),
    wrong_view="bridge_not_judged_view",
    lengthwise="bridge_not_judged_lengthwise",
)
_CLAMSHELL_VIEWS = ViewLimits(
    frozenset({"front", "oblique"}),
    frozenset({"lying_side"}),
    wrong_view="clamshell_not_judged_view",
    lengthwise="clamshell_not_judged_lengthwise",
)
_STRETCH_VIEWS = ViewLimits(
    frozenset({"side"}), frozenset({"kneeling"}), wrong_view="stretch_not_judged_view"
)
_BREATHING_VIEWS = ViewLimits(
    frozenset({"side", "oblique"}),
    frozenset({"lying_back"}),
    wrong_view="breathing_not_judged_view",
    lengthwise="breathing_not_judged_lengthwise",
    unseen="breathing_not_judged_unseen",
)

TRAITS: dict[str, ExerciseTraits] = {
    "bridge": ExerciseTraits(
        ("lying_back",), _LOWER, counts_holds=False, one_sided=False, view_limits=_BRIDGE_VIEWS
    ),
    "clamshell": ExerciseTraits(
        ("lying_side",), _LOWER, counts_holds=False, one_sided=True, view_limits=_CLAMSHELL_VIEWS
    ),
    "hip_flexor_stretch": ExerciseTraits(
        ("kneeling",), _LOWER, counts_holds=True, one_sided=True, view_limits=_STRETCH_VIEWS
    ),
    "breathing": ExerciseTraits(
        ("lying_back",),
        _LOWER,
        counts_holds=True,
        one_sided=False,
        breathing=True,
        view_limits=_BREATHING_VIEWS,
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


def create_judge(name: str) -> JudgeWatch | None:
    """A fresh watch on whether `name` can be judged from the view (None: no limits)."""
    limits = traits_of(name).view_limits
    return None if limits is None else JudgeWatch(limits)


def create_exercise(name: str, prescription: Prescription | None = None) -> Exercise:
    """A fresh engine for `name`, with the clinic default unless one is given."""
    factory, default = _entry(name)
    return factory(prescription if prescription is not None else default)

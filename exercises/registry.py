"""The exercises: every package under `exercises/` (`bridge/`, `clamshell/`, ...) is one,
and exports its `SPEC` (`exercises.spec.ExerciseSpec`). They are found here, in the
clinic's order (`ExerciseSpec.rank`), so a new exercise is its own folder and its texts
(`exercises/texts.json`); nothing else in the app names it.

The shared machinery reaches the exercises only through this module.
"""

from __future__ import annotations

import importlib
import pkgutil

import exercises
from exercises.base import Exercise, Prescription
from exercises.judgeable import JudgeWatch
from exercises.spec import ExerciseSpec, KeyAngle

__all__ = [
    "SPECS",
    "ExerciseSpec",
    "KeyAngle",
    "UnknownExerciseError",
    "create_exercise",
    "create_judge",
    "default_prescription",
    "discover",
    "spec_of",
]


def discover() -> dict[str, ExerciseSpec]:
    """Every exercise package's `SPEC` (a folder under `exercises/` with an `__init__.py`),
    by name, in the clinic's order. A package that fails to import fails here."""
    specs: list[ExerciseSpec] = []
    for found in pkgutil.iter_modules(exercises.__path__, "exercises."):
        if not found.ispkg:
            continue  # a shared module (counter, hold, ...), not an exercise
        spec = importlib.import_module(found.name).SPEC
        if not isinstance(spec, ExerciseSpec):
            raise TypeError(f"{found.name}.SPEC is not an ExerciseSpec")
        specs.append(spec)
    ordered = sorted(specs, key=lambda s: (s.rank, s.name))
    names = [s.name for s in ordered]
    if len(set(names)) != len(names):
        raise ValueError(f"two exercise packages share a name: {names}")
    return {s.name: s for s in ordered}


SPECS: dict[str, ExerciseSpec] = discover()


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

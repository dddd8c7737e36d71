"""The explicit list of exercise engines, chosen by name."""

from __future__ import annotations

from collections.abc import Callable

from exercises.base import Exercise, Prescription

__all__ = ["EXERCISES", "UnknownExerciseError", "create_exercise", "default_prescription"]


class UnknownExerciseError(ValueError):
    """An exercise name that is not in the registry; the message lists the valid ones."""


# name -> (factory, the clinic's default prescription). Engines add themselves here.
EXERCISES: dict[str, tuple[Callable[[Prescription], Exercise], Prescription]] = {}


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

"""The HTTP answers about exercises and programmes: every exercise's spec (what the page
takes doses, bounds and traits from) and a patient's programme."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, RootModel

from server.protocol.parts import PrescriptionWire
from server.protocol.wire import Wire

__all__ = [
    "ExerciseTraits",
    "ExerciseWire",
    "Exercises",
    "KeyAngleWire",
    "ProgrammeItemWire",
    "ProgrammeWire",
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


class ExerciseTraits(Wire):
    start_positions: tuple[str, ...]  # the body positions it starts from
    counts_holds: bool  # reps are completed holds (stretch, breathing)
    one_sided: bool  # counted per side
    timed: bool  # a time in position, not reps (belly breathing)
    probes: tuple[str, ...]  # image signals measured besides the pose (pose.signals)


class KeyAngleWire(Wire):
    """The angle the overlay draws and the report plots, its joints and target band."""

    name: str
    joints: tuple[str, str, str]
    target_deg: tuple[float, float | None] | None


class ExerciseWire(Wire):
    """One exercise (`exercises.registry.ExerciseSpec.to_wire`): its default dose, the
    fields of it the therapist sets and their bounds, its traits, the views it is judged
    from, its key angle and its fault and hint codes."""

    name: str
    default_prescription: PrescriptionWire
    dose: tuple[DoseField, ...]
    limits: dict[str, tuple[float, float]]  # dose field -> (min, max)
    traits: ExerciseTraits
    views: tuple[str, ...]
    key_angle: KeyAngleWire | None
    faults: tuple[str, ...]
    hints: tuple[str, ...]


class Exercises(RootModel[dict[str, ExerciseWire]]):
    """Every exercise, by name."""

    model_config = ConfigDict(frozen=True)


class ProgrammeItemWire(Wire):
    """An exercise of a programme (`server.store.programmes.ProgrammeItem`): its dose,
    whether it is switched on, and the therapist's note for the patient."""

    exercise: str
    prescription: PrescriptionWire
    enabled: bool
    note: str


class ProgrammeWire(Wire):
    """A patient's programme; `prescribed` false: nothing was prescribed yet and these
    are the clinic's defaults."""

    prescribed: bool
    items: tuple[ProgrammeItemWire, ...]

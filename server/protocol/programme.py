"""The HTTP answers about exercises and programmes: every exercise's spec (what the page
takes doses, bounds and traits from) and a patient's programme."""

from __future__ import annotations

from pydantic import ConfigDict, RootModel

from exercises.base import PRESCRIPTION_LIMITS
from exercises.spec import DoseField, ExerciseSpec
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
    """One exercise (`exercises.spec.ExerciseSpec`): its default dose, the fields of it
    the therapist sets and their bounds, its traits, the views it is judged from, its key
    angle and its fault and hint codes."""

    name: str
    default_prescription: PrescriptionWire
    dose: tuple[DoseField, ...]
    limits: dict[str, tuple[float, float]]  # dose field -> (min, max)
    traits: ExerciseTraits
    views: tuple[str, ...]
    key_angle: KeyAngleWire | None
    faults: tuple[str, ...]
    hints: tuple[str, ...]

    @classmethod
    def of_spec(cls, spec: ExerciseSpec) -> ExerciseWire:
        """What the page needs of `spec`."""
        key = spec.key_angle
        return cls(
            name=spec.name,
            default_prescription=spec.prescription,
            dose=spec.dose,
            limits={f: PRESCRIPTION_LIMITS[f] for f in spec.dose if f != "side"},
            traits=ExerciseTraits(
                start_positions=spec.start_positions,
                counts_holds=spec.counts_holds,
                one_sided=spec.one_sided,
                timed=spec.timed,
                probes=spec.probes,
            ),
            views=tuple(sorted(spec.view_limits.views)),
            key_angle=None
            if key is None
            else KeyAngleWire(name=key.name, joints=key.joints, target_deg=key.target_deg),
            faults=spec.faults,
            hints=spec.hints,
        )


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

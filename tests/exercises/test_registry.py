"""exercises.registry: one ExerciseSpec per exercise package, whole and consistent, found
on disk, so that a new exercise is its own folder and its texts."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import exercises
from exercises.base import PRESCRIPTION_LIMITS, Prescription
from exercises.cues import cue_text
from exercises.events import FormFault, PrescriptionDone
from exercises.registry import SPECS, UnknownExerciseError, create_exercise, discover, spec_of
from exercises.run import ExerciseRun
from exercises.texts import catalogue
from tests.exercises.builders import bridge_sequence
from tests.test_architecture import exercise_package_breaks, exercise_packages

FIELDS = {f.name for f in dataclasses.fields(Prescription)}


@pytest.mark.parametrize("name", SPECS)
def test_a_spec_is_whole(name: str) -> None:
    spec = SPECS[name]
    assert spec.name == name
    assert set(spec.dose) <= FIELDS
    assert spec.one_sided == ("side" in spec.dose)
    assert spec.timed == ("duration_s" in spec.dose)
    assert spec.view_limits.positions == frozenset(spec.start_positions)
    engine = create_exercise(name)
    assert engine.one_sided == spec.one_sided
    if spec.key_angle is not None:
        assert len(spec.key_angle.joint_indices("left")) == 3


@pytest.mark.parametrize("name", SPECS)
def test_every_code_an_exercise_can_send_has_a_text(name: str) -> None:
    for code in SPECS[name].codes:
        for lang in ("nl", "en"):
            text = cue_text(code, lang)
            assert text != code, f"{name}: {code} has no {lang} text"
            assert text.strip()


def test_limits_are_the_prescriptions_own() -> None:
    for field, (low, high) in PRESCRIPTION_LIMITS.items():
        at: dict[str, Any] = {field: low}
        Prescription(**at)
        at[field] = high
        Prescription(**at)
        at[field] = high + 1
        with pytest.raises(ValueError, match=field):
            Prescription(**at)


def test_an_unknown_exercise_lists_the_known_ones() -> None:
    with pytest.raises(UnknownExerciseError, match="bridge"):
        spec_of("squat")


# A fifth exercise, whole: a lift of the hips read as the plain shoulder-hip-knee angle,
# built from the shared machinery and `pose` alone. Its folder is all the code it needs.
_FIFTH = """
from typing import ClassVar

from exercises.base import Prescription
from exercises.counter import CounterConfig
from exercises.judgeable import ViewLimits
from exercises.mechanics import RepEngine
from exercises.rep_context import Fault, Reading, RepContext
from exercises.spec import COUNTED, HIP_ANGLE, ExerciseSpec, KeyAngle
from pose.geometry import angle_deg
from pose.joints import Joint
from pose.types import PoseFrame

__all__ = ["SPEC"]

FAULT_LOW = "hip_lift_too_low"


class HipLift(RepEngine):
    name: ClassVar[str] = "hip_lift"
    angle_name: ClassVar[str] = "hip_angle"

    def __init__(self, prescription: Prescription) -> None:
        super().__init__(prescription, CounterConfig(prior_range=40.0, min_range=15.0))

    def read(self, pose: PoseFrame) -> Reading:
        side = (Joint.LEFT_SHOULDER, Joint.LEFT_HIP, Joint.LEFT_KNEE)
        value = angle_deg(*(pose.px(j) for j in side))
        return Reading(visible=True, position="back", start_position=value < 140.0, value=value)

    def judge(self, context: RepContext) -> list[Fault]:
        return [(FAULT_LOW, context.rep.peak)] if context.rep.peak < 160.0 else []


SPEC = ExerciseSpec(
    name="hip_lift",
    rank=50,
    factory=HipLift,
    prescription=Prescription(reps=2, sets=2, hold_s=0.0, rest_s=0.0),
    dose=COUNTED,
    start_positions=("lying_back",),
    counts_holds=False,
    one_sided=False,
    view_limits=ViewLimits(
        frozenset({"side"}), frozenset({"lying_back"}), wrong_view="hip_lift_not_judged_view"
    ),
    key_angle=KeyAngle("hip_angle", HIP_ANGLE),
    faults=(FAULT_LOW,),
    hints=(),
)
"""


@pytest.fixture
def fifth(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """`exercises/hip_lift/`, written in a folder of its own that `exercises` also spans
    (as a new folder beside bridge/ would be), and the registry as it finds it then."""
    folder = tmp_path / "hip_lift"
    folder.mkdir()
    (folder / "__init__.py").write_text(_FIFTH, encoding="utf-8")
    monkeypatch.setattr(exercises, "__path__", [*exercises.__path__, str(tmp_path)])
    found = discover()
    monkeypatch.setitem(SPECS, "hip_lift", found["hip_lift"])
    yield folder
    sys.modules.pop("exercises.hip_lift", None)


def test_a_new_exercise_is_its_folder_and_its_texts(fifth: Path) -> None:
    """The registry finds the new folder, after the four in the clinic's order; it obeys
    the import rules; the whole frame step runs it with nothing else changed; and the
    only things it lacks are its texts in the catalogue."""
    assert list(discover())[-1] == "hip_lift"
    assert list(discover())[:4] == ["bridge", "clamshell", "hip_flexor_stretch", "breathing"]
    others = exercise_packages() - {"hip_lift"}
    assert exercise_package_breaks(fifth, others) == []
    spec = spec_of("hip_lift")
    assert spec.key_angle is not None
    assert spec.key_angle.joints == ("SHOULDER", "HIP", "KNEE")

    run = ExerciseRun("hip_lift", spec.prescription)
    for obs in bridge_sequence(reps=4, top_deg=150.0):
        run.step(obs)
    run.finish()
    totals = run.summary.totals()
    assert totals.reps == 4
    assert sum(isinstance(e, PrescriptionDone) for e in run.summary.events) == 1
    faults = [e.code for e in run.summary.events if isinstance(e, FormFault)]
    assert faults == ["hip_lift_too_low"] * 4

    # What it still lacks is its texts: its name and how-to for the page, its own codes.
    wanted = {*spec.codes, "ex_hip_lift", "how_hip_lift"}
    untold = wanted - set(catalogue())
    assert untold == {"ex_hip_lift", "how_hip_lift", "hip_lift_too_low", "hip_lift_not_judged_view"}


def test_an_exercise_folder_that_fails_to_import_fails_the_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "__init__.py").write_text("from exercises.nowhere import SPEC\n", encoding="utf-8")
    monkeypatch.setattr(exercises, "__path__", [*exercises.__path__, str(tmp_path)])
    with pytest.raises(ModuleNotFoundError, match=r"exercises\.nowhere"):
        discover()
    sys.modules.pop("exercises.broken", None)

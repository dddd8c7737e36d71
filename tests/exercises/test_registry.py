"""exercises.registry: one ExerciseSpec per exercise, whole and consistent."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from exercises.base import PRESCRIPTION_LIMITS, Prescription
from exercises.bridge import BridgeConfig
from exercises.cues import cue_text
from exercises.registry import SPECS, UnknownExerciseError, create_exercise, spec_of

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


def test_the_wire_carries_the_dose_bounds_and_traits() -> None:
    wire = SPECS["breathing"].to_wire()
    assert wire["traits"]["timed"] is True
    assert wire["dose"] == ["duration_s", "pace_in_s", "pace_out_s", "sessions_per_week"]
    assert wire["limits"]["duration_s"] == list(PRESCRIPTION_LIMITS["duration_s"])
    clam = SPECS["clamshell"].to_wire()
    assert "side" in clam["dose"]
    assert "side" not in clam["limits"]
    assert clam["traits"]["one_sided"] is True
    assert clam["key_angle"] == {
        "name": "thigh_opening",
        "joints": ["SHOULDER", "HIP", "KNEE"],
        "target_deg": None,  # the clamshell judges how far the knee opens, not where it ends
    }
    config = BridgeConfig()  # the band a good bridge top reaches is the engine's own
    bridge = SPECS["bridge"].to_wire()
    assert bridge["key_angle"]["target_deg"] == [config.low_peak_deg, config.arching_deg]


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

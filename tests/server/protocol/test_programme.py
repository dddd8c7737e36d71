"""Every exercise as the page gets it (`ExerciseWire.of_spec`): the dose and its bounds,
the traits, the key angle, all from the exercise's own spec."""

from __future__ import annotations

from typing import Any

from exercises.base import PRESCRIPTION_LIMITS
from exercises.bridge.engine import BridgeConfig
from exercises.registry import SPECS
from server.protocol.programme import ExerciseWire


def _wire(name: str) -> dict[str, Any]:
    wire: dict[str, Any] = ExerciseWire.of_spec(SPECS[name]).model_dump(mode="json")
    return wire


def test_the_wire_carries_the_dose_bounds_and_traits() -> None:
    wire = _wire("breathing")
    assert wire["traits"]["timed"] is True
    assert wire["dose"] == ["duration_s", "pace_in_s", "pace_out_s", "sessions_per_week"]
    assert wire["limits"]["duration_s"] == list(PRESCRIPTION_LIMITS["duration_s"])
    clam = _wire("clamshell")
    assert "side" in clam["dose"]
    assert "side" not in clam["limits"]
    assert clam["traits"]["one_sided"] is True
    assert clam["key_angle"] == {
        "name": "thigh_opening",
        "joints": ["SHOULDER", "HIP", "KNEE"],
        "target_deg": None,  # the clamshell judges how far the knee opens, not where it ends
    }
    config = BridgeConfig()  # the band a good bridge top reaches is the engine's own
    bridge = _wire("bridge")
    assert bridge["key_angle"]["target_deg"] == [config.low_peak_deg, config.arching_deg]

"""Belly breathing as prescribed: the pacer comes from the therapist's prescription."""

from __future__ import annotations

import itertools

import pytest

from exercises.base import Prescription, run_stream
from exercises.breathing.engine import BellyBreathing
from exercises.events import FormFault
from exercises.registry import create_exercise
from tests.exercises.builders_hold import BreathSpec, breathing_sequence


def breathing(pace_in_s: float, pace_out_s: float) -> Prescription:
    return Prescription(
        reps=1, sets=1, duration_s=300.0, pace_in_s=pace_in_s, pace_out_s=pace_out_s
    )


def phase_changes(
    engine: BellyBreathing, spec: BreathSpec, seconds: float
) -> list[tuple[int, str]]:
    """(timestamp_ms, phase) at each change of the engine's live phase."""
    changes: list[tuple[int, str]] = []
    for obs in breathing_sequence(spec, seconds):
        engine.update(obs)
        phase = engine.status.phase
        if not changes or changes[-1][1] != phase:
            changes.append((obs.timestamp_ms, phase))
    return changes


@pytest.mark.parametrize(("pace_in_s", "pace_out_s"), [(3.0, 3.0), (2.0, 5.0), (4.0, 6.0)])
def test_live_phase_follows_the_prescribed_pacer(pace_in_s: float, pace_out_s: float) -> None:
    engine = BellyBreathing(breathing(pace_in_s, pace_out_s))
    changes = phase_changes(engine, BreathSpec(), 45)
    assert changes[0][1] == "setup"
    paced = changes[1:]
    assert [p for _, p in paced[:4]] == ["breathe_in", "breathe_out", "breathe_in", "breathe_out"]
    frame_ms = 1000 / 15
    for (t0, p0), (t1, _) in itertools.pairwise(paced):
        want_s = pace_in_s if p0 == "breathe_in" else pace_out_s
        assert (t1 - t0) / 1000 == pytest.approx(want_s, abs=frame_ms / 1000 + 1e-9)


@pytest.mark.parametrize(
    ("pace_in_s", "pace_out_s", "too_fast"),
    [(4.0, 8.0, True), (3.0, 3.0, False)],  # 5/min: 10/min is twice it; 10/min: on pace
)
def test_too_fast_is_judged_against_the_prescribed_pace(
    pace_in_s: float, pace_out_s: float, too_fast: bool
) -> None:
    spec = BreathSpec(2.5, 3.5)  # 10 breaths a minute
    events = run_stream(
        BellyBreathing(breathing(pace_in_s, pace_out_s)), breathing_sequence(spec, 60)
    )
    faults = [e for e in events if isinstance(e, FormFault)]
    assert ("breathing_too_fast" in [f.code for f in faults]) is too_fast
    for fault in faults:
        if fault.code == "breathing_too_fast":
            assert fault.value == pytest.approx(10.0, abs=1.0)  # the rate it measured, per minute


def test_registry_engine_takes_the_pace_from_the_prescription() -> None:
    engine = create_exercise("breathing", breathing(3.0, 5.0))
    assert isinstance(engine, BellyBreathing)
    assert (engine.pacer.inhale_s, engine.pacer.exhale_s) == (3.0, 5.0)
    assert engine.pacer.rate_bpm == pytest.approx(7.5)


def test_default_pace_is_four_in_six_out() -> None:
    p = Prescription()
    assert (p.pace_in_s, p.pace_out_s) == (4.0, 6.0)


@pytest.mark.parametrize(
    ("field", "value"),
    [("pace_in_s", 0.5), ("pace_in_s", 16.0), ("pace_out_s", 0.0), ("pace_out_s", 30.0)],
)
def test_pace_outside_one_to_fifteen_seconds_is_refused(field: str, value: float) -> None:
    with pytest.raises(ValueError, match=rf"Prescription\.{field} must be 1-15 s, got {value}"):
        Prescription(**{field: value})  # type: ignore[arg-type]

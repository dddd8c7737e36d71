"""exercises.run: the frame step's run; when the prescription is done is the engine's
progress (tests/exercises/test_progress.py)."""

from __future__ import annotations

from exercises.base import Prescription
from exercises.events import (
    Event,
    PrescriptionDone,
)
from exercises.run import ExerciseRun
from tests.exercises.builders import bridge_sequence


def test_the_run_steps_the_engine_and_keeps_every_event_in_the_summary() -> None:
    """A built two-set bridge: each step's events are the summary's, the run counts the
    reps, and the prescription is done after the last set, once."""
    run = ExerciseRun("bridge", Prescription(reps=2, sets=2, hold_s=1.0, rest_s=0.0))
    stepped: list[Event] = []
    for obs in bridge_sequence(reps=4):
        step = run.step(obs)
        assert step.status == run.status
        stepped += step.events
    stepped += run.finish()
    assert stepped == run.summary.events
    assert run.summary.totals().reps == 4
    assert sum(isinstance(e, PrescriptionDone) for e in stepped) == 1

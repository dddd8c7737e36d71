"""exercises.run: the frame step's run, and when the whole prescription is done."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from exercises.base import Prescription
from exercises.events import (
    Event,
    HoldReached,
    PrescriptionDone,
    SetCompleted,
    SideName,
)
from exercises.registry import default_prescription
from exercises.run import ExerciseRun, PrescriptionWatch
from tests.exercises.builders import bridge_sequence


def _set(t: int, index: int, side: SideName | None, reps: int = 10) -> SetCompleted:
    return SetCompleted(timestamp_ms=t, set_index=index, reps=reps, side=side, rest_s=60.0)


def _done(watch: PrescriptionWatch, events: list[Event]) -> list[PrescriptionDone]:
    return [e for e in watch.observe(events) if isinstance(e, PrescriptionDone)]


def test_a_two_sided_exercise_is_done_after_its_last_set() -> None:
    watch = PrescriptionWatch("bridge", Prescription(reps=10, sets=3))
    assert not _done(watch, [_set(1, 1, None), _set(2, 2, None)])
    done = _done(watch, [_set(3, 3, None)])
    assert [(d.timestamp_ms, d.sets) for d in done] == [(3, 3)]
    assert not _done(watch, [_set(4, 4, None)])  # said once


def test_both_sides_must_do_their_sets() -> None:
    watch = PrescriptionWatch("clamshell", Prescription(reps=15, sets=2, side="both"))
    events: list[Event] = [_set(1, 1, "left"), _set(2, 2, "left"), _set(3, 1, "right")]
    assert not _done(watch, events)
    assert _done(watch, [_set(4, 2, "right")])


def test_one_prescribed_side_ends_it() -> None:
    """A clamshell for the right side ends after the right side's sets (no "other side")."""
    watch = PrescriptionWatch("clamshell", Prescription(reps=15, sets=2, side="right"))
    assert not _done(watch, [_set(1, 1, "right")])
    assert _done(watch, [_set(2, 2, "right")])


def test_sets_over_both_sides_count_for_both() -> None:
    """The stretch closes a set when both sides held (side None)."""
    watch = PrescriptionWatch("hip_flexor_stretch", Prescription(reps=3, sets=2, side="both"))
    assert not _done(watch, [_set(1, 1, None, reps=6)])
    assert _done(watch, [_set(2, 2, None, reps=6)])


def test_breathing_is_done_when_its_time_is_reached() -> None:
    p = replace(default_prescription("breathing"), duration_s=300.0)
    watch = PrescriptionWatch("breathing", p)
    reached = HoldReached(timestamp_ms=300_000, side=None, hold_s=300.0, target_s=300.0)
    assert [d.timestamp_ms for d in _done(watch, [reached])] == [300_000]


@given(st.integers(1, 5), st.sampled_from(["left", "right", "both"]), st.permutations(range(10)))
def test_done_exactly_when_every_prescribed_side_has_its_sets(
    sets: int, side: str, order: list[int]
) -> None:
    """Sets arriving in any interleaving of the two sides: done at the first moment every
    prescribed side has closed `sets` sets, and never before."""
    p = Prescription(reps=5, sets=sets, side=side)  # type: ignore[arg-type]
    watch = PrescriptionWatch("clamshell", p)
    needed = ("left", "right") if side == "both" else (side,)
    seq = [("left" if i % 2 else "right") for i in order]
    closed = {"left": 0, "right": 0}
    said: list[int] = []
    expected: int | None = None
    for t, s in enumerate(seq, start=1):
        closed[s] += 1
        said += [d.timestamp_ms for d in _done(watch, [_set(t, closed[s], s)])]  # type: ignore[arg-type]
        if expected is None and all(closed[n] >= sets for n in needed):
            expected = t
    assert said == ([] if expected is None else [expected])


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

"""The shared pieces: ready gate, sets and rest, continuity filter."""

from __future__ import annotations

import pytest

from exercises.base import Prescription
from exercises.continuity import ContinuityFilter
from exercises.events import SetCompleted
from exercises.gates import GateConfig, PositionGate
from exercises.sets import SetTracker
from tests.exercises.builders import bridge_body, make_pose

# (position key or None, start position?) per 100 ms frame -> the gate's changes.
GATE_CASES = [
    ("settles after 500 ms", [("back", True)] * 7, [None] * 5 + ["ready", None]),
    ("no start position seen", [("back", False)] * 8, [None] * 8),
    (
        "start seen at the beginning only",
        [("back", True)] + [("back", False)] * 6,
        [None] * 5 + ["ready", None],
    ),
    (
        "a wobble does not leave",
        [("back", True)] * 6 + [(None, False)] * 3 + [("back", False)] * 2,
        [None] * 5 + ["ready"] + [None] * 5,
    ),
    (
        "getting up leaves",
        [("back", True)] * 6 + [(None, False)] * 8,
        [None] * 5 + ["ready"] + [None] * 7 + ["left"],
    ),
    (
        "a new side settles again",
        [("left", True)] * 6 + [("right", True)] * 14,
        [None] * 5 + ["ready"] + [None] * 7 + ["left"] + [None] * 4 + ["ready", None],
    ),
]


@pytest.mark.parametrize(("name", "frames", "expected"), GATE_CASES, ids=[c[0] for c in GATE_CASES])
def test_gate(name: str, frames: list[tuple[str | None, bool]], expected: list[str | None]) -> None:
    gate = PositionGate(GateConfig(settle_ms=500, leave_ms=700))
    got = [gate.update(i * 100, key, start) for i, (key, start) in enumerate(frames)]
    assert got == expected, name


def test_sets_count_per_side_and_close_at_the_prescription() -> None:
    sets = SetTracker(Prescription(reps=2, sets=2, hold_s=0.0, rest_s=30.0, side="both"))
    numbers = []
    closed = []
    for i, side in enumerate(["left", "left", "left", "right"]):
        number, events = sets.rep_done(side, i * 2000)  # type: ignore[arg-type]
        numbers.append((number.index, number.set_index, number.rep_in_set))
        closed += [(e.side, e.set_index, e.reps) for e in events if isinstance(e, SetCompleted)]
    assert numbers == [(1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 1, 1)]
    assert closed == [("left", 1, 2)]
    assert sets.by_side == {"left": 3, "right": 1}


def test_a_long_pause_closes_an_incomplete_set() -> None:
    sets = SetTracker(Prescription(reps=10, sets=3, hold_s=5.0, rest_s=60.0))
    sets.rep_done(None, 0)
    assert sets.tick(20_000) == []
    (done,) = sets.tick(30_000)
    assert isinstance(done, SetCompleted)
    assert (done.set_index, done.reps, done.rest_s) == (1, 1, 60.0)
    number, _ = sets.rep_done(None, 40_000)
    assert (number.set_index, number.rep_in_set) == (2, 1)
    assert done.full is False  # 1 of 10 reps: closed, but not a completed set


def test_only_a_set_with_the_prescribed_reps_is_full() -> None:
    """Issue 14: stopped at 1 of 12 reps, the summary said "1 set"."""
    sets = SetTracker(Prescription(reps=2, sets=2, hold_s=0.0, rest_s=30.0))
    _, first = sets.rep_done(None, 0)
    _, second = sets.rep_done(None, 2000)
    sets.rep_done(None, 4000)
    (stopped,) = sets.close_all(5000)
    assert first == []
    assert [(e.set_index, e.reps, e.full) for e in second if isinstance(e, SetCompleted)] == [
        (1, 2, True)
    ]
    assert isinstance(stopped, SetCompleted)
    assert (stopped.set_index, stopped.reps, stopped.full) == (2, 1, False)


def test_continuity_drops_a_ghost_skeleton_but_adopts_a_real_move() -> None:
    f = ContinuityFilter()
    here = make_pose(0, bridge_body(130.0), body_px=100.0, origin_px=(200.0, 300.0))
    assert f(0, here) is not None
    ghost = make_pose(33, bridge_body(130.0), body_px=100.0, origin_px=(320.0, 260.0))
    assert f(33, ghost) is None
    assert f(66, here.with_timestamp(66)) is not None
    moved = [
        f(t, make_pose(t, bridge_body(130.0), body_px=100.0, origin_px=(320.0, 260.0)))
        for t in range(100, 1300, 33)
    ]
    assert moved[0] is None
    assert moved[-1] is not None
    assert f(1300, None) is None


def test_continuity_forgets_after_the_pose_was_lost() -> None:
    f = ContinuityFilter()
    assert (
        f(0, make_pose(0, bridge_body(130.0), body_px=100.0, origin_px=(200.0, 300.0))) is not None
    )
    assert f(400, None) is None
    moved = make_pose(500, bridge_body(175.0), body_px=100.0, origin_px=(320.0, 260.0))
    assert f(500, moved) is not None

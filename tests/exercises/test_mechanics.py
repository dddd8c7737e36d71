"""The shared pieces: ready gate, sets and rest, continuity filter."""

from __future__ import annotations

import pytest

from exercises.continuity import ContinuityFilter
from exercises.gates import GateConfig, PositionGate
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

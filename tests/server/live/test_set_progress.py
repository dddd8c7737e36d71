"""Reps in the current set from whole-session counts (table-driven)."""

from __future__ import annotations

import pytest

from exercises.base import ExerciseStatus
from exercises.events import RepCompleted, SetCompleted
from server.live.set_progress import SetProgress


def _status(
    reps: int, side: str | None = None, by_side: dict[str, int] | None = None
) -> ExerciseStatus:
    return ExerciseStatus(
        phase="rest",
        ready=True,
        angle_deg=None,
        angle_name=None,
        reps=reps,
        set_index=1,
        hold_s=0.0,
        side=side,  # type: ignore[arg-type]
        reps_by_side=by_side,
    )


def _closed(reps: int, side: str | None = None) -> SetCompleted:
    return SetCompleted(timestamp_ms=1, set_index=1, reps=reps, side=side, rest_s=60.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("closed", "status", "expected"),
    [
        ([], _status(3), 3),
        ([_closed(10)], _status(10), 0),
        ([_closed(10)], _status(13), 3),
        ([_closed(10), _closed(10)], _status(21), 1),
        ([_closed(15, "left")], _status(17, "right", {"left": 15, "right": 2}), 2),
        ([_closed(15, "left")], _status(16, "left", {"left": 16, "right": 0}), 1),
    ],
    ids=["first set", "set just closed", "into set 2", "into set 3", "other side", "same side"],
)
def test_reps_in_set(closed: list[SetCompleted], status: ExerciseStatus, expected: int) -> None:
    progress = SetProgress()
    progress.observe(closed)
    assert progress.reps_in_set(status) == expected


def _rep(side: str) -> RepCompleted:
    return RepCompleted(
        timestamp_ms=1,
        index=1,
        set_index=1,
        rep_in_set=1,
        side=side,  # type: ignore[arg-type]
        start_s=0.0,
        peak_s=15.0,
        end_s=30.0,
        hold_s=30.0,
        peak_angle_deg=20.0,
    )


def test_a_set_closed_for_both_sides_resets_each_side() -> None:
    """The stretch: two holds a side make one set (side None); the next hold on the left
    is the first of set 2, not the third."""
    progress = SetProgress()
    progress.observe([_rep("left"), _rep("left"), _rep("right"), _rep("right"), _closed(4)])
    assert progress.reps_in_set(_status(4, "left", {"left": 2, "right": 2})) == 0
    progress.observe([_rep("left")])
    assert progress.reps_in_set(_status(5, "left", {"left": 3, "right": 2})) == 1
    assert progress.reps_in_set(_status(5, "right", {"left": 3, "right": 2})) == 0

"""Reps in the current set from whole-session counts (table-driven)."""

from __future__ import annotations

import pytest

from exercises.base import ExerciseStatus
from exercises.events import SetCompleted
from server.set_progress import SetProgress


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

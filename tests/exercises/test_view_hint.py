"""exercises.view_hint: the poses of a wait vote on the camera view."""

from __future__ import annotations

import pytest

from exercises.view_hint import ViewTally
from pose.view import estimate_view
from tests.exercises.builders_hold import BreathSpec

SIDE = estimate_view(BreathSpec().pose(0))  # lying, filmed from the side
END = estimate_view(
    BreathSpec(yaw_deg=90, pitch_deg=25).pose(0)
)  # filmed from the feet end, from above


def test_most_of_the_wait_decides() -> None:
    tally = ViewTally(frozenset({"end"}))
    assert not tally.mostly  # nothing seen yet: no vote
    for view in (END, END, SIDE):
        tally.add(view)
    assert tally.mostly
    tally.add(SIDE)
    assert not tally.mostly  # a tie is not "mostly"


def test_reset_starts_a_new_wait() -> None:
    tally = ViewTally(frozenset({"end"}))
    tally.add(END)
    tally.reset()
    tally.add(SIDE)
    assert not tally.mostly


def test_counts_any_of_its_views() -> None:
    tally = ViewTally(frozenset({"front", "oblique", "end"}))
    tally.add(END)
    assert tally.mostly
    side_only = ViewTally(frozenset({"side"}))
    side_only.add(SIDE)
    assert side_only.mostly


def test_needs_a_view() -> None:
    with pytest.raises(ValueError, match="at least one view"):
        ViewTally(frozenset())


def test_no_pose_is_no_vote() -> None:
    tally = ViewTally(frozenset({"end"}))
    tally.add(END)
    tally.add(None)
    assert tally.mostly

"""The safety advice on a workout's pain scores (issue 25: pain 9 of 10 before exercising
went straight to the camera, with nothing said), by table."""

from __future__ import annotations

import pytest

from server.progress.pain_advice import PainAdviceRules, pain_advice


@pytest.mark.parametrize(
    ("before", "after", "advice"),
    [
        (9, None, "pain_high_before"),
        (7, None, "pain_high_before"),  # 7 or more
        (6, None, None),
        (None, None, None),
        (3, 5, "pain_rose_after"),  # up 2 or more
        (3, 4, None),  # up 1
        (5, 2, None),  # down
        (7, 9, "pain_rose_after"),  # a rise is the newer news
        (8, 8, "pain_high_before"),  # went on after the advice: still too much pain
        (None, 9, None),  # no score before (a resumed session): no rise to read
    ],
)
def test_pain_advice(before: int | None, after: int | None, advice: str | None) -> None:
    assert pain_advice(before, after) == advice


def test_the_rules_are_points_on_the_scale() -> None:
    assert pain_advice(5, None, PainAdviceRules(high_before=5)) == "pain_high_before"
    with pytest.raises(ValueError, match="points in 1-10"):
        PainAdviceRules(high_before=11)

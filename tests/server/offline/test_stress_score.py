"""Scoring a run against its truth: right, holds, unsure and confidently wrong."""

from __future__ import annotations

from typing import Any

import pytest

from server.offline.stress_score import score_report
from server.offline.stress_set import StressRun
from synth.spec import SynthSpec

BRIDGE = StressRun("b", SynthSpec("bridge"), "bridge")
STRETCH = StressRun("s", SynthSpec("hip_flexor_stretch"), "hip_flexor_stretch")
BREATHING = StressRun("r", SynthSpec("breathing"), "breathing")
LOOKALIKE = StressRun("l", SynthSpec("dead_bug"), "bridge")
TWO_HOLDS = {"count": 2, "holds_ms": [[2000, 4000], [7000, 9000]]}


def _rep(start_s: float, end_s: float, hold_s: float, **extra: Any) -> dict[str, Any]:
    return {"start_s": start_s, "end_s": end_s, "hold_s": hold_s, **extra}


def _report(
    reps: int, rep_events: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "reps": reps,
        "rep_events": rep_events or [],
        "holds": [],
        "breaths": None,
        "not_judged": None,
        **extra,
    }


NONE: dict[str, Any] = {"count": 0, "holds_ms": []}
R = _rep  # short names keep the table one case a line

# (run, truth, report, (count right, holds within 0.5 s, confidently wrong))
CASES: list[tuple[StressRun, dict[str, Any], dict[str, Any] | None, tuple[bool, int, bool]]] = [
    # right count, holds within 0.5 s
    (BRIDGE, TWO_HOLDS, _report(2, [R(1, 5, 2.3), R(6, 10, 1.8)]), (True, 2, False)),
    # a hold 0.8 s off, sure: confidently wrong; marked unsure: not
    (BRIDGE, TWO_HOLDS, _report(2, [R(1, 5, 2.8), R(6, 10, 2.0)]), (True, 1, True)),
    (BRIDGE, TWO_HOLDS, _report(2, [R(1, 5, 2.8, unsure=True), R(6, 10, 2)]), (True, 1, False)),
    # one rep missed: sure is confidently wrong; count_unsure or not_judged is not
    (BRIDGE, TWO_HOLDS, _report(1, [R(1, 5, 2.0)]), (False, 1, True)),
    (BRIDGE, TWO_HOLDS, _report(1, [R(1, 5, 2.0)], count_unsure=True), (False, 1, False)),
    (BRIDGE, TWO_HOLDS, _report(1, [R(1, 5, 2)], not_judged={"code": "v"}), (False, 1, False)),
    # nobody found: declined, never confidently wrong; on a look-alike it is right
    (BRIDGE, TWO_HOLDS, None, (False, 0, False)),
    (LOOKALIKE, NONE, None, (True, 0, False)),
    (LOOKALIKE, NONE, _report(1), (False, 0, True)),
    # an extra short rep is not matched to a real hold
    (
        BRIDGE,
        TWO_HOLDS,
        _report(3, [R(0.5, 1.5, 0.1), R(1.5, 5, 2), R(6, 10, 2)]),
        (False, 2, True),
    ),
]


@pytest.mark.parametrize(("run", "truth", "report", "expected"), CASES)
def test_score_report(
    run: StressRun,
    truth: dict[str, Any],
    report: dict[str, Any] | None,
    expected: tuple[bool, int, bool],
) -> None:
    score = score_report(run, truth, report)
    assert (score.right, score.holds_within, score.confidently_wrong) == expected, score.what


def test_the_stretch_is_scored_on_its_holds_and_breathing_on_breaths() -> None:
    holds = [{"start_s": 2.1, "end_s": 6.0, "duration_s": 3.9}]
    stretch = score_report(
        STRETCH, {"count": 1, "holds_ms": [[2000, 6000]]}, {**_report(1), "holds": holds}
    )
    assert (stretch.right, stretch.holds_within) == (True, 1)
    breaths = score_report(BREATHING, {"count": 3, "holds_ms": []}, {**_report(0), "breaths": 3})
    assert breaths.right
    assert (
        "counted 2 for 3"
        in score_report(BREATHING, {"count": 3, "holds_ms": []}, {**_report(0), "breaths": 2}).what
    )

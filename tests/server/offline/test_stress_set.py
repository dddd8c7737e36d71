"""The stress set's sample: fixed, large enough, and spread over every factor."""

from __future__ import annotations

from collections import Counter

from server.offline.stress_set import FACTORS, factor_levels, stress_runs
from synth.spec import EXERCISE_MOTIONS, LOOKALIKES, PROPS, SECOND_PEOPLE


def test_the_sample_is_the_same_every_time() -> None:
    assert stress_runs() == stress_runs()


def test_the_sample_covers_the_issues_ask() -> None:
    runs = stress_runs()
    assert len(runs) >= 200
    assert len({r.name for r in runs}) == len(runs)
    motions = Counter(r.spec.exercise for r in runs)
    assert set(motions) == {*EXERCISE_MOTIONS, *LOOKALIKES}
    for run in runs:
        expected = LOOKALIKES.get(run.spec.exercise, (run.spec.exercise,))
        assert run.engine in expected, run.name
    assert {r.spec.prop for r in runs} == {None, *PROPS}
    assert {r.spec.second for r in runs} == {None, *SECOND_PEOPLE}


def test_every_factor_has_several_levels() -> None:
    levels = [factor_levels(r.spec) for r in stress_runs()]
    for factor in FACTORS:
        assert len({lv[factor] for lv in levels}) >= 2, factor


def test_the_first_runs_are_a_fair_sample() -> None:
    """Runs are shuffled, so a partial recording still spans the exercises."""
    first = {r.spec.exercise for r in stress_runs()[:40]}
    assert set(EXERCISE_MOTIONS) <= first

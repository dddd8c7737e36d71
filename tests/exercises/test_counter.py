"""RepCounter: table-driven "signal -> reps" cases and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises.counter import CounterConfig, RepCounter, RepResult

CONFIG = CounterConfig(prior_range=35.0, min_range=12.0)


def wave(
    rest: float,
    tops: list[float],
    *,
    fps: float = 30.0,
    up_s: float = 1.0,
    top_s: float = 1.0,
    rest_s: float = 1.5,
    lead_s: float = 1.0,
) -> list[float | None]:
    """Rest, then one cosine rise-hold-fall per top."""
    out: list[float | None] = [rest] * round(lead_s * fps)
    for top in tops:
        n = round(up_s * fps)
        out += [rest + (top - rest) * (1 - math.cos(math.pi * i / n)) / 2 for i in range(n)]
        out += [top] * round(top_s * fps)
        out += [top - (top - rest) * (1 - math.cos(math.pi * i / n)) / 2 for i in range(n)]
        out += [rest] * round(rest_s * fps)
    return out


def count(values: list[float | None], fps: float = 30.0, finish: bool = True) -> list[RepResult]:
    counter = RepCounter(CONFIG)
    reps = []
    t = 0
    for i, v in enumerate(values):
        t = round(i * 1000 / fps)
        rep = counter.update(t, v)
        if rep is not None:
            reps.append(rep)
    if finish:
        last = counter.finish(t)
        if last is not None:
            reps.append(last)
    return reps


def jitter(values: list[float | None], amplitude: float) -> list[float | None]:
    """Alternating +-amplitude: the worst case for a single threshold."""
    return [
        None if v is None else v + (amplitude if i % 2 else -amplitude)
        for i, v in enumerate(values)
    ]


CASES = [
    ("three full reps", wave(130, [175, 175, 175]), 3),
    ("still patient", [130.0] * 200, 0),
    ("jitter of 4 deg at rest", jitter([130.0] * 300, 4.0), 0),
    ("jitter at the entry threshold", jitter([147.5] * 300, 3.0), 0),
    ("jitter on every rep", jitter(wave(130, [175, 175]), 4.0), 2),
    ("a twitch under the noise floor", wave(130, [140]), 0),
    ("a stiff hip: 22 deg reps", wave(130, [152, 152, 152]), 3),
    ("a two-thirds rep among full ones counts", wave(130, [175, 160, 175]), 3),
    ("a short rep of 18 deg among full ones counts", wave(130, [175, 148, 175]), 3),
    ("a wobble under the noise floor among reps does not", wave(130, [175, 140, 175]), 2),
    ("a spike of two frames", [130.0] * 30 + [175.0, 175.0] + [130.0] * 30, 0),
    ("fast reps, no hold", wave(125, [178] * 5, up_s=0.4, top_s=0.1, rest_s=0.4), 5),
]


@pytest.mark.parametrize(("name", "values", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sequence_gives_expected_reps(name: str, values: list[float | None], expected: int) -> None:
    assert len(count(values)) == expected, name


def test_rest_level_drifting_up_between_reps_still_counts() -> None:
    values = wave(20, [55]) + wave(28, [56, 57, 55], lead_s=0.3)
    assert len(count(values)) == 4


def test_short_pose_loss_mid_rep_neither_makes_nor_breaks_it() -> None:
    values = wave(130, [175, 175])
    top = round(1.0 * 30) + round(1.0 * 30) + 10
    gapped = [None if top <= i < top + 20 else v for i, v in enumerate(values)]
    assert len(count(gapped)) == 2


def test_long_pose_loss_mid_rep_drops_that_rep() -> None:
    values = wave(130, [175], top_s=3.0) + wave(130, [175])
    start = round(1.0 * 30) + round(1.0 * 30)
    gapped = [None if start <= i < start + 60 else v for i, v in enumerate(values)]
    assert len(count(gapped)) == 1


def test_pose_lost_alone_never_makes_a_rep() -> None:
    assert count([130.0] * 30 + [None] * 100 + [130.0] * 30) == []


def test_finish_counts_a_rep_coming_down_but_not_one_at_the_top() -> None:
    down = wave(130, [175], rest_s=0.0)[:-12]  # cut while lowering, 60% of the way down
    assert len(count(down)) == 1
    at_top = wave(130, [175])[: round(2.5 * 30)]
    assert count(at_top) == []


def test_rep_reports_peak_and_timing() -> None:
    (rep,) = count(wave(130, [175], up_s=1.0, top_s=2.0, lead_s=1.0))
    assert rep.peak == pytest.approx(175.0)
    assert rep.baseline == pytest.approx(130.0)
    assert 1.0 <= rep.start_ms / 1000 <= 1.3
    assert rep.end_ms / 1000 == pytest.approx(4.5, abs=0.15)  # half-way down the lowering
    assert 0.2 < rep.lift_s < 0.5
    assert rep.lower_s == pytest.approx(rep.lift_s, abs=0.07)


def test_range_is_learned_from_the_reps() -> None:
    counter = RepCounter(CONFIG)
    assert counter.reference_range == CONFIG.prior_range
    for i, v in enumerate(wave(130, [150, 150, 150])):
        counter.update(i * 33, v)
    assert counter.reference_range == pytest.approx(20.0, abs=0.5)


def test_time_must_not_go_back() -> None:
    counter = RepCounter(CONFIG)
    counter.update(100, 130.0)
    with pytest.raises(ValueError, match="time order"):
        counter.update(50, 130.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"prior_range": 10.0, "min_range": 12.0}, "min_range"),
        ({"prior_range": 30.0, "min_range": 10.0, "enter_frac": 1.5}, "enter_frac"),
    ],
)
def test_bad_config_is_refused(kwargs: dict[str, float], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        CounterConfig(**kwargs)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    reps=st.integers(min_value=1, max_value=6),
    excursion=st.floats(min_value=25.0, max_value=60.0),
    up_s=st.floats(min_value=0.3, max_value=2.0),
    top_s=st.floats(min_value=0.0, max_value=3.0),
    rest_s=st.floats(min_value=0.3, max_value=2.0),
    noise=st.floats(min_value=0.0, max_value=3.0),
    fps=st.sampled_from([10.0, 24.0, 30.0, 60.0]),
)
def test_reps_counted_equal_reps_made(
    *,
    reps: int,
    excursion: float,
    up_s: float,
    top_s: float,
    rest_s: float,
    noise: float,
    fps: float,
) -> None:
    values = wave(130.0, [130.0 + excursion] * reps, fps=fps, up_s=up_s, top_s=top_s, rest_s=rest_s)
    assert len(count(jitter(values, noise), fps)) == reps


def test_a_rep_unlearned_does_not_set_the_range() -> None:
    """A movement the engine dropped (a misread top of 86 deg over rest) does not teach
    the range: the real reps of 28 deg after it still leave rest."""
    counter = RepCounter(CONFIG)
    values = wave(120.0, [206.0])
    t, first = 0, None
    for i, v in enumerate(values):
        t = round(i * 1000 / 30.0)
        first = counter.update(t, v) or first
    assert first is not None
    taught = counter.reference_range
    counter.unlearn(first)
    assert counter.reference_range == CONFIG.prior_range < taught

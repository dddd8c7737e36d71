from __future__ import annotations

import os

import pytest

from server.bench.stats import machine_facts, median_of_runs, percentile, rss_mb, slope


@pytest.mark.parametrize(
    ("values", "q", "want"),
    [
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([4.0, 1.0, 3.0, 2.0], 50, 2.5),  # order does not matter
        ([5.0], 95, 5.0),
        (list(map(float, range(1, 101))), 95, 95.05),
        ([10.0, 20.0], 0, 10.0),
        ([10.0, 20.0], 100, 20.0),
    ],
)
def test_percentile_interpolates_between_ranks(values: list[float], q: float, want: float) -> None:
    assert percentile(values, q) == pytest.approx(want)


@pytest.mark.parametrize(("values", "q"), [([], 50), ([1.0], 101), ([1.0], -1)])
def test_percentile_refuses_what_has_none(values: list[float], q: float) -> None:
    with pytest.raises(ValueError, match="percentile"):
        percentile(values, q)


def test_median_of_runs_is_per_key_and_ignores_one_slow_run() -> None:
    runs = [{"a": 1.0, "b": 10.0}, {"a": 100.0, "b": 11.0}, {"a": 2.0, "b": 12.0}]
    assert median_of_runs(runs) == {"a": 2.0, "b": 11.0}
    with pytest.raises(ValueError, match="no runs"):
        median_of_runs([])


def test_slope_is_the_cost_of_one_more() -> None:
    assert slope([1, 2, 3, 4], [300, 340, 380, 420]) == pytest.approx(40)
    assert slope([1, 2], [500, 450]) == pytest.approx(-50)
    with pytest.raises(ValueError, match="two distinct"):
        slope([3], [100])
    with pytest.raises(ValueError, match="two distinct"):
        slope([2, 2], [100, 200])


def test_rss_and_machine_facts_read_this_machine() -> None:
    assert 1 < rss_mb() < 100_000
    assert rss_mb(os.getpid()) == pytest.approx(rss_mb(), rel=0.5)
    facts = machine_facts()
    assert facts["cores"] == os.cpu_count()
    assert len(facts["load_avg"]) == 3
    assert facts["mediapipe"]

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pose.smoothing import OneEuroConfig, OneEuroFilter


def test_reduces_jitter_of_a_still_point() -> None:
    rng = np.random.default_rng(0)
    f = OneEuroFilter()
    raw = 0.5 + rng.normal(0, 0.01, size=300)
    out = np.array([f(np.array([v]), i * 33)[0] for i, v in enumerate(raw)])
    assert np.std(out[30:]) < 0.5 * np.std(raw[30:])


def test_follows_a_slow_rep_without_large_lag() -> None:
    f = OneEuroFilter()
    t = np.arange(0, 6000, 33)
    signal = 0.5 + 0.1 * np.sin(2 * np.pi * t / 3000.0)  # a 3 s rep
    out = np.array([f(np.array([v]), int(ts))[0] for ts, v in zip(t, signal, strict=True)])
    peak_in, peak_out = t[np.argmax(signal[:90])], t[np.argmax(out[:90])]
    assert abs(int(peak_out) - int(peak_in)) <= 250
    assert out[:90].max() > 0.59


def test_gap_resets_the_filter() -> None:
    f = OneEuroFilter(OneEuroConfig(reset_after_ms=500))
    f(np.array([0.0]), 0)
    assert f(np.array([1.0]), 2000)[0] == 1.0


@given(st.floats(-10, 10), st.integers(1, 50))
def test_constant_input_stays_constant(value: float, n: int) -> None:
    f = OneEuroFilter()
    for i in range(n):
        out = f(np.array([value, value]), i * 40)
    assert out.tolist() == pytest.approx([value, value])


def test_config_is_validated() -> None:
    with pytest.raises(ValueError, match="positive cutoffs"):
        OneEuroConfig(min_cutoff_hz=0)

"""The stream resamplers the frame-rate tests use (pose/streams.py)."""

from __future__ import annotations

import pytest

from pose.streams import bursts, decimate, jitter, max_gap_ms
from pose.types import Observation


def _stream(fps: float = 30.0, seconds: float = 10.0) -> list[Observation]:
    return [Observation(round(i * 1000 / fps), None) for i in range(round(seconds * fps) + 1)]


@pytest.mark.parametrize(("fps", "interval_ms"), [(15, 67), (10, 100), (8, 134)])
def test_decimate_keeps_one_frame_per_tick(fps: float, interval_ms: int) -> None:
    got = decimate(_stream(), fps)
    assert len(got) == pytest.approx(10 * fps + 1, abs=1)
    assert max_gap_ms(got) <= interval_ms
    assert got[0].timestamp_ms == 0
    assert got[-1].timestamp_ms == 10_000


def test_jitter_drops_about_its_share_and_replays() -> None:
    source = _stream()
    got = jitter(source, drop=0.3, seed=7)
    assert len(got) == pytest.approx(0.7 * len(source), rel=0.1)
    assert got == jitter(source, drop=0.3, seed=7)
    assert (got[0], got[-1]) == (source[0], source[-1])
    assert [o.timestamp_ms for o in got] == sorted(o.timestamp_ms for o in got)


def test_bursts_leave_stalls_of_their_length() -> None:
    got = bursts(_stream(), gap_s=0.6, every_s=2.0, seed=3)
    assert 600 <= max_gap_ms(got) <= 700
    assert (got[0].timestamp_ms, got[-1].timestamp_ms) == (0, 10_000)


def test_resamplers_refuse_impossible_settings() -> None:
    with pytest.raises(ValueError, match="fps > 0"):
        decimate(_stream(), 0)
    with pytest.raises(ValueError, match="0 <= drop < 1"):
        jitter(_stream(), 1.0)
    with pytest.raises(ValueError, match="gap_s < every_s"):
        bursts(_stream(), 2.0, 1.0)

from __future__ import annotations

import numpy as np

from pose.adaptive import AdaptiveConfig, AdaptiveEstimator
from pose.types import Frame, PoseFrame

from .builders import pose_from_points


class Scripted:
    """A fake estimator that returns `people[t]` poses for the frame at t ms."""

    def __init__(self, people: dict[int, int]) -> None:
        self.people = people
        self.calls: list[int] = []
        self.closed = False

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        self.calls.append(frame.timestamp_ms)
        n = self.people.get(frame.timestamp_ms, 1)
        return [pose_from_points({}, timestamp_ms=frame.timestamp_ms) for _ in range(n)]

    def close(self) -> None:
        self.closed = True


def _frames(n: int, step_ms: int = 100) -> list[Frame]:
    img = np.zeros((32, 32, 3), np.uint8)
    return [Frame(img, i * step_ms, i) for i in range(n)]


def test_one_person_switches_to_single_tracking_and_probes() -> None:
    single, multi = Scripted({}), Scripted({})
    est = AdaptiveEstimator(single, multi, AdaptiveConfig(calm_after_ms=500, probe_every_ms=300))
    for f in _frames(20):
        assert len(est.estimate(f)) == 1
    assert est.mode == "single"
    assert multi.calls[:6] == [0, 100, 200, 300, 400, 500]
    assert multi.calls[6:] == [800, 1100, 1400, 1700]  # probes only
    assert single.calls == list(range(600, 2000, 100))


def test_a_second_person_brings_back_multi_tracking() -> None:
    single = Scripted({})
    multi = Scripted(dict.fromkeys(range(1100, 3000, 100), 2))
    est = AdaptiveEstimator(single, multi, AdaptiveConfig(calm_after_ms=500, probe_every_ms=300))
    out = [len(est.estimate(f)) for f in _frames(20)]
    assert est.mode == "multi"
    assert out[11:] == [2] * 9
    assert 1100 in multi.calls
    assert max(single.calls) == 1100  # the probing frame; none after the switch


def test_two_people_keep_multi_mode() -> None:
    single, multi = Scripted({}), Scripted(dict.fromkeys(range(0, 5000, 100), 2))
    est = AdaptiveEstimator(single, multi)
    for f in _frames(40):
        est.estimate(f)
    assert est.mode == "multi"
    assert single.calls == []
    with est:
        pass
    assert single.closed
    assert multi.closed

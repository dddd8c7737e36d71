from __future__ import annotations

import threading

import numpy as np
import pytest

from pose.adaptive import AdaptiveConfig, AdaptiveEstimator, LockedEstimator, distinct_people
from pose.joints import Joint
from pose.types import Frame, PoseFrame

from .builders import pose_from_points


def _person(x: float, timestamp_ms: int = 0) -> PoseFrame:
    """A lying person whose hips are at image x `x` (a body 0.4 wide)."""
    points = {
        Joint.LEFT_SHOULDER: (x - 0.2, 0.5),
        Joint.LEFT_HIP: (x, 0.55),
        Joint.LEFT_ANKLE: (x + 0.2, 0.6),
    }
    return pose_from_points(points, timestamp_ms=timestamp_ms)


class Scripted:
    """A fake estimator that returns `people[t]` poses for the frame at t ms."""

    def __init__(self, people: dict[int, int]) -> None:
        self.people = people
        self.calls: list[int] = []
        self.closed = False

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        self.calls.append(frame.timestamp_ms)
        n = self.people.get(frame.timestamp_ms, 1)
        return [_person(0.3 + 0.45 * k, frame.timestamp_ms) for k in range(n)]

    def close(self) -> None:
        self.closed = True


class Multis:
    """The multi-person landmarkers an AdaptiveEstimator makes, all scripted alike."""

    def __init__(self, people: dict[int, int]) -> None:
        self.people = people
        self.made: list[Scripted] = []

    def __call__(self) -> Scripted:
        self.made.append(Scripted(self.people))
        return self.made[-1]


def _frames(n: int, step_ms: int = 100) -> list[Frame]:
    img = np.zeros((32, 32, 3), np.uint8)
    return [Frame(img, i * step_ms, i) for i in range(n)]


_FAST = AdaptiveConfig(calm_after_ms=500, probe_every_ms=300)


def test_one_person_switches_to_single_tracking_and_looks() -> None:
    single, look, multis = Scripted({}), Scripted({}), Multis({})
    est = AdaptiveEstimator(single, look, multis, _FAST)
    for f in _frames(20):
        assert len(est.estimate(f)) == 1
    assert est.mode == "single"
    (multi,) = multis.made
    assert multi.calls == [0, 100, 200, 300, 400, 500]
    assert multi.closed  # freed once calm: a tracking stream holds one landmarker
    assert look.calls == [800, 1100, 1400, 1700]  # looks only
    assert single.calls == list(range(600, 2000, 100))


def test_a_second_person_brings_back_a_multi_person_landmarker() -> None:
    crowd = dict.fromkeys(range(1100, 3000, 100), 2)
    single, look, multis = Scripted({}), Scripted(crowd), Multis(crowd)
    est = AdaptiveEstimator(single, look, multis, _FAST)
    out = [len(est.estimate(f)) for f in _frames(20)]
    assert est.mode == "multi"
    assert out[11:] == [2] * 9
    assert look.calls[-1] == 1100  # the look that saw two people
    assert len(multis.made) == 2  # the first, closed when calm, and a fresh one
    assert multis.made[1].calls == list(range(1200, 2000, 100))
    assert max(single.calls) == 1100  # the looking frame; none after the switch


def test_two_people_keep_multi_mode_and_close_closes_what_it_owns() -> None:
    crowd = dict.fromkeys(range(0, 5000, 100), 2)
    single, look, multis = Scripted({}), Scripted({}), Multis(crowd)
    est = AdaptiveEstimator(single, look, multis)
    for f in _frames(40):
        est.estimate(f)
    assert est.mode == "multi"
    assert single.calls == []
    with est:
        pass
    assert single.closed
    assert multis.made[0].closed
    assert look.closed


def test_a_shared_look_stays_open_for_the_other_streams() -> None:
    look = LockedEstimator(Scripted({}))
    with AdaptiveEstimator(Scripted({}), look, Multis({}), _FAST, owns_look=False) as est:
        for f in _frames(10):
            est.estimate(f)
    assert not look._inner.closed  # type: ignore[attr-defined]


def test_a_locked_estimator_runs_one_call_at_a_time() -> None:
    inside = 0
    most = 0
    guard = threading.Lock()

    class Slow(Scripted):
        def estimate(self, frame: Frame) -> list[PoseFrame]:
            nonlocal inside, most
            with guard:
                inside += 1
                most = max(most, inside)
            threading.Event().wait(0.002)
            with guard:
                inside -= 1
            return super().estimate(frame)

    locked = LockedEstimator(Slow({}))
    threads = [
        threading.Thread(target=lambda: [locked.estimate(f) for f in _frames(20)]) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == 1


@pytest.mark.parametrize(
    ("hips_x", "people"),
    [
        ([], 0),
        ([0.3], 1),
        ([0.3, 0.75], 2),  # side by side
        ([0.3, 0.32], 1),  # one person found twice, a twentieth of the body apart
        ([0.3, 0.32, 0.75], 2),
    ],
)
def test_a_double_of_one_person_is_not_a_second(hips_x: list[float], people: int) -> None:
    assert distinct_people([_person(x) for x in hips_x]) == people


def test_a_look_that_finds_one_person_twice_keeps_single_tracking() -> None:
    class Double(Scripted):
        def estimate(self, frame: Frame) -> list[PoseFrame]:
            self.calls.append(frame.timestamp_ms)
            return [_person(0.3, frame.timestamp_ms), _person(0.31, frame.timestamp_ms)]

    look = Double({})
    est = AdaptiveEstimator(Scripted({}), look, Multis({}), _FAST)
    for f in _frames(20):
        est.estimate(f)
    assert look.calls  # it looked, and saw no second person
    assert est.mode == "single"

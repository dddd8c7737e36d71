"""HoldTimer: table-driven sequences -> expected holds, plus properties over random streams."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises.events import Event, HoldEnded, HoldProgress, HoldReached, HoldStarted
from exercises.hold import HoldConfig, HoldTimer

Verdict = bool | None
Segment = tuple[Verdict, float]  # (verdict, seconds)


def verdict_stream(segments: Sequence[Segment], fps: float = 30.0) -> list[tuple[int, Verdict]]:
    """(timestamp_ms, verdict) at `fps`, segment after segment, starting at 0 ms."""
    out: list[tuple[int, Verdict]] = []
    t_s = 0.0
    step_s = 1.0 / fps
    for verdict, length_s in segments:
        end_s = t_s + length_s
        while t_s < end_s - 1e-9:
            out.append((round(t_s * 1000), verdict))
            t_s += step_s
    return out


def run(
    segments: Sequence[Segment],
    target_s: float = 5.0,
    fps: float = 30.0,
    config: HoldConfig | None = None,
) -> list[Event]:
    timer = HoldTimer(target_s, config)
    events: list[Event] = []
    stream = verdict_stream(segments, fps)
    for t_ms, verdict in stream:
        events += timer.update(t_ms, verdict, side="left")
    events += timer.end(stream[-1][0] if stream else 0)
    return events


def ended(events: Sequence[Event]) -> list[HoldEnded]:
    return [e for e in events if isinstance(e, HoldEnded)]


FRAME_S = 1 / 30

# (name, segments, target_s, expected [(duration_s, completed)], tolerance_s)
CASES: list[tuple[str, list[Segment], float, list[tuple[float, bool]]]] = [
    ("steady hold past target", [(True, 7.0)], 5.0, [(7.0, True)]),
    ("short of target", [(True, 3.0)], 5.0, [(3.0, False)]),
    ("pass-through is no hold", [(False, 1.0), (True, 0.3), (False, 2.0)], 5.0, []),
    ("never in position", [(False, 3.0), (None, 3.0)], 5.0, []),
    ("brief wobble bridged", [(True, 3.0), (False, 0.3), (True, 3.0)], 5.0, [(6.0, True)]),
    ("long release splits", [(True, 3.0), (False, 1.5), (True, 3.0)], 5.0, [(3.0, False)] * 2),
    ("lost pose pauses", [(True, 3.0), (None, 0.9), (True, 2.5)], 5.0, [(5.5, True)]),
    ("long loss ends", [(True, 3.0), (None, 2.0), (True, 3.0)], 5.0, [(3.0, False)] * 2),
    (
        "out then lost ends",
        [(True, 3.0), (False, 0.3), (None, 0.5), (True, 3.0)],
        5.0,
        [(3.0, False)] * 2,
    ),
    ("two full holds", [(True, 6.0), (False, 2.0), (True, 6.0)], 5.0, [(6.0, True)] * 2),
    ("zero target reached at start", [(True, 1.0)], 0.0, [(1.0, True)]),
]


@pytest.mark.parametrize(
    ("name", "segments", "target_s", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_hold_sequences(
    name: str, segments: list[Segment], target_s: float, expected: list[tuple[float, bool]]
) -> None:
    holds = ended(run(segments, target_s))
    assert len(holds) == len(expected), name
    for hold, (duration_s, completed) in zip(holds, expected, strict=True):
        # Accrual skips the frame intervals that touch a dropout: at most 2 frames per gap.
        assert hold.duration_s == pytest.approx(duration_s, abs=3 * FRAME_S)
        assert hold.completed is completed
        assert hold.side == "left"
        assert hold.end_s - hold.start_s >= hold.duration_s - 1e-9


def test_start_is_backdated_and_events_in_order() -> None:
    events = run([(False, 1.0), (True, 6.5), (False, 2.0)], target_s=5.0)
    kinds = [type(e) for e in events]
    # Reached fires within target_tolerance_s of 5 s, just before the 5th whole second.
    assert kinds == [HoldStarted, *[HoldProgress] * 4, HoldReached, *[HoldProgress] * 2, HoldEnded]
    started = events[0]
    assert isinstance(started, HoldStarted)
    assert started.timestamp_ms == pytest.approx(1500, abs=40)  # after min_hold_s
    hold = ended(events)[0]
    assert hold.start_s == pytest.approx(1.0, abs=FRAME_S)  # but the hold began at 1.0 s
    assert hold.end_s == pytest.approx(7.5, abs=2 * FRAME_S)
    progress = [e.hold_s for e in events if isinstance(e, HoldProgress)]
    assert progress == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


def test_low_frame_rate_hold_counts() -> None:
    """A 2 fps stream (an animated GIF) still times a hold."""
    holds = ended(run([(True, 3.5)], target_s=30.0, fps=2.0))
    assert len(holds) == 1
    assert holds[0].duration_s == pytest.approx(3.0)
    assert not holds[0].completed


def test_frames_out_of_order_fail_loudly() -> None:
    timer = HoldTimer(5.0)
    timer.update(1000, True)
    with pytest.raises(ValueError, match="time order"):
        timer.update(900, True)


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_bad_config_fails_loudly(bad: float) -> None:
    with pytest.raises(ValueError, match="grace_s"):
        HoldConfig(grace_s=bad)
    with pytest.raises(ValueError, match="target_s"):
        HoldTimer(bad)


def test_running_and_hold_s_reflect_state() -> None:
    timer = HoldTimer(5.0)
    assert not timer.running
    for t_ms in range(0, 2000, 100):
        timer.update(t_ms, True, side="right")
    assert timer.running
    assert timer.side == "right"
    assert timer.hold_s == pytest.approx(1.9)
    timer.end(2000)
    assert not timer.running
    assert timer.hold_s == 0.0


segments_strategy = st.lists(
    st.tuples(st.sampled_from([True, False, None]), st.floats(0.05, 4.0)), max_size=12
)


@settings(max_examples=150, deadline=None)
@given(
    segments=segments_strategy, target_s=st.floats(0.0, 8.0), fps=st.sampled_from([2.0, 10.0, 30.0])
)
def test_hold_invariants(segments: list[Segment], target_s: float, fps: float) -> None:
    events = run(segments, target_s, fps)
    stream = verdict_stream(segments, fps)
    in_position_ms = sum(
        b[0] - a[0] for a, b in itertools.pairwise(stream) if a[1] is True and b[1] is True
    )
    holds = ended(events)
    # Every started hold ends exactly once, in order, and never overlaps the next.
    assert sum(isinstance(e, HoldStarted) for e in events) == len(holds)
    assert sum(h.duration_s for h in holds) <= in_position_ms / 1000 + 1e-6
    for hold, nxt in itertools.pairwise(holds):
        assert hold.end_s < nxt.start_s
    for hold in holds:
        assert hold.duration_s >= HoldConfig().min_hold_s
        assert hold.duration_s <= hold.end_s - hold.start_s + 1e-9
        assert hold.completed == (hold.duration_s >= target_s - HoldConfig().target_tolerance_s)
    assert sum(isinstance(e, HoldReached) for e in events) == sum(h.completed for h in holds)
    # Time stamps never go backwards.
    stamps = [e.timestamp_ms for e in events]
    assert stamps == sorted(stamps)


@settings(max_examples=60, deadline=None)
@given(hold_s=st.floats(0.6, 40.0), fps=st.sampled_from([10.0, 15.0, 30.0]))
def test_steady_hold_is_timed_to_one_frame(hold_s: float, fps: float) -> None:
    holds = ended(run([(False, 0.5), (True, hold_s), (False, 1.0)], 30.0, fps))
    assert len(holds) == 1
    assert holds[0].duration_s == pytest.approx(hold_s, abs=2.0 / fps)


@settings(max_examples=60, deadline=None)
@given(segments=segments_strategy)
def test_no_in_position_no_events(segments: list[Segment]) -> None:
    no_true = [(v if v is not True else False, s) for v, s in segments]
    assert run(no_true) == []

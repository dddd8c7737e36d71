"""exercises.progress: the one tracker of sets, sides and done, by table and by property,
and its replay of a stored stream giving the live value."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exercises.base import Prescription
from exercises.events import (
    Event,
    HoldEnded,
    HoldReached,
    PrescriptionDone,
    RepCompleted,
    SetCompleted,
    SideName,
)
from exercises.progress import ProgressKind, ProgressTracker, replay
from exercises.progress_text import progress_text


def _rep(t_ms: int, side: SideName | None = None) -> RepCompleted:
    return RepCompleted(
        timestamp_ms=t_ms, index=0, set_index=0, rep_in_set=0, side=side,
        start_s=0.0, peak_s=0.0, end_s=0.0, hold_s=0.0, peak_angle_deg=90.0,
    )  # fmt: skip


def _feed(
    tracker: ProgressTracker, reps: list[tuple[int, SideName | None]]
) -> list[tuple[object, list[Event]]]:
    return [tracker.rep(side, t) for t, side in reps]


def test_a_bridge_stopped_after_one_of_twelve_reps_has_no_set_done() -> None:
    """Issue 23: the report said "1 / 3" sets, the summary none. One rule: 0 sets."""
    tracker = ProgressTracker(Prescription(reps=12, sets=3), False, "reps")
    tracker.rep(None, 1000)
    p = tracker.progress()
    assert (p.sets_done, p.reps_done, p.done) == (0, 1, False)
    assert (p.current.set_index, p.current.reps_in_set, p.current.under_way) == (1, 1, True)
    assert progress_text(p, "en") == "0 of 3 sets done, 1 of 12 reps in set 1"
    assert progress_text(p, "nl") == "0 van 3 sets klaar, 1 van 12 herhalingen in set 1"


def test_sets_count_per_side_and_the_done_set_stays_shown_until_the_next_rep() -> None:
    tracker = ProgressTracker(Prescription(reps=2, sets=2, rest_s=30.0, side="both"), True, "reps")
    numbers, closed = [], []
    for number, events in _feed(tracker, [(0, "left"), (2000, "left")]):
        numbers.append(number)
        closed += [(e.side, e.set_index, e.reps) for e in events if isinstance(e, SetCompleted)]
    assert closed == [("left", 1, 2)]
    shown = tracker.progress("left")
    assert (shown.current.set_index, shown.current.reps_in_set) == (1, 2)  # 2 of 2, set 1
    assert shown.next_side == "right"  # the left side is a set ahead
    assert tracker.progress("right").next_side is None  # on it now
    number, _ = tracker.rep("left", 4000)
    assert (number.index, number.set_index, number.rep_in_set) == (3, 2, 1)
    number, _ = tracker.rep("right", 6000)
    assert (number.index, number.set_index, number.rep_in_set) == (4, 1, 1)


def test_a_long_pause_leaves_a_rep_set_short_and_the_next_rep_starts_it_afresh() -> None:
    tracker = ProgressTracker(Prescription(reps=10, sets=3, rest_s=60.0), False, "reps")
    tracker.rep(None, 0)
    number, events = tracker.rep(None, 29_999)  # within half the rest: the same set
    assert (number.set_index, number.rep_in_set, events) == (1, 2, [])
    number, _ = tracker.rep(None, 60_000)  # 30 s later: a rest, the short set is no set
    assert (number.set_index, number.rep_in_set) == (1, 1)
    p = tracker.progress()
    assert (p.sets_done, p.reps_done, p.current.reps_in_set) == (0, 3, 1)


def test_a_holds_set_is_not_cut_by_a_pause() -> None:
    """A 30 s stretch is itself a long pause between two counted holds."""
    tracker = ProgressTracker(Prescription(reps=3, sets=1, hold_s=30.0), True, "holds")
    for t in (0, 60_000, 120_000):
        tracker.rep("left", t)
    assert tracker.progress().of_side("left").sets_done == 1


def test_one_prescribed_side_never_asks_for_the_other() -> None:
    tracker = ProgressTracker(Prescription(reps=1, sets=3, side="right"), True, "reps")
    for t in range(3):
        tracker.rep("right", t * 1000)
        assert tracker.progress("right").next_side is None
    assert tracker.done
    assert [s.side for s in tracker.progress().sides] == ["right"]


def test_a_side_not_prescribed_counts_in_no_set() -> None:
    tracker = ProgressTracker(Prescription(reps=1, sets=1, side="right"), True, "reps")
    number, events = tracker.rep("left", 0)
    assert (number.set_index, events) == (0, [])
    assert tracker.progress().sets_done == 0


def test_prescription_done_is_said_once() -> None:
    tracker = ProgressTracker(Prescription(reps=1, sets=2), False, "reps")
    said = [e for _, ev in _feed(tracker, [(0, None), (1, None), (2, None)]) for e in ev]
    done = [e for e in said if isinstance(e, PrescriptionDone)]
    assert [(d.timestamp_ms, d.sets, d.reps) for d in done] == [(1, 2, 2)]


def test_breathing_is_done_when_its_time_is_reached_and_says_its_time() -> None:
    p = Prescription(reps=1, sets=1, duration_s=300.0)
    tracker = ProgressTracker(p, False, "time")
    tracker.time(61.0)
    cut_short = tracker.progress(running_s=10.0)
    assert (cut_short.time_s, cut_short.done, cut_short.next_side) == (71.0, False, None)
    assert progress_text(cut_short, "en") == "1:11 of 5:00 in position"
    assert progress_text(cut_short, "nl") == "1:11 van 5:00 in de houding"
    (done,) = tracker.reached(300_000)
    assert isinstance(done, PrescriptionDone)
    assert tracker.progress().done


def test_an_unknown_kind_fails_naming_the_kinds() -> None:
    with pytest.raises(ValueError, match="reps"):
        ProgressTracker(Prescription(), False, "laps")  # type: ignore[arg-type]


def test_a_one_sided_session_switched_mid_way_reads_per_side() -> None:
    p = Prescription(reps=4, sets=1, side="both")
    events: list[Event] = [_rep(1, "left"), _rep(2, "left"), _rep(3, "right")]
    got = replay(p, one_sided=True, kind="holds", events=events)
    assert progress_text(got, "en") == (
        "left: 0 of 1 sets done, 2 of 4 holds in set 1; "
        "right: 0 of 1 sets done, 1 of 4 holds in set 1"
    )


def test_replay_of_breathing_sums_its_holds_and_reads_reached() -> None:
    p = Prescription(reps=1, sets=1, duration_s=120.0)

    def hold(t_ms: int, duration_s: float, completed: bool) -> HoldEnded:
        return HoldEnded(
            timestamp_ms=t_ms, side=None, start_s=0.0, end_s=duration_s,
            duration_s=duration_s, target_s=120.0, completed=completed,
        )  # fmt: skip

    short = replay(p, one_sided=False, kind="time", events=[hold(1, 30.0, False)])
    assert (short.time_s, short.done) == (30.0, False)
    reached = HoldReached(timestamp_ms=2, side=None, hold_s=90.0, target_s=90.0)
    full = replay(
        p, one_sided=False, kind="time", events=[hold(1, 30.0, False), reached, hold(3, 90.0, True)]
    )
    assert (full.time_s, full.done) == (120.0, True)


_SIDES = st.sampled_from(["left", "right"])
_STREAM = st.lists(st.tuples(st.integers(1, 40_000), _SIDES), max_size=40)


@given(
    reps=st.integers(1, 5),
    sets=st.integers(1, 4),
    prescribed=st.sampled_from(["left", "right", "both"]),
    kind=st.sampled_from(["reps", "holds"]),
    steps=_STREAM,
)
def test_properties_of_any_stream(
    reps: int, sets: int, prescribed: str, kind: ProgressKind, steps: list[tuple[int, str]]
) -> None:
    """Any reps at any gaps on any side: a set is done exactly when it holds its reps; the
    set shown never holds more; done exactly when every prescribed side has its sets,
    said once and then; the replay of the events gives the live value."""
    p = Prescription(reps=reps, sets=sets, rest_s=30.0, side=prescribed)  # type: ignore[arg-type]
    tracker = ProgressTracker(p, True, kind)
    prescribed_sides = p.sides(one_sided=True)
    t, done_at = 0, []
    stream: list[Event] = []
    for gap, side in steps:
        t += gap
        number, events = tracker.rep(side, t)  # type: ignore[arg-type]
        stream.append(replace(_rep(t, side), index=number.index))  # type: ignore[arg-type]
        stream += events
        done_at += [e.timestamp_ms for e in events if isinstance(e, PrescriptionDone)]
        for e in events:
            if isinstance(e, SetCompleted):
                assert e.reps == reps
        now = tracker.progress()
        for s in now.sides:
            assert 0 <= s.reps_in_set <= reps
            assert s.sets_done <= s.reps // reps
            assert s.done == (s.sets_done >= sets)
        assert now.done == all(s.sets_done >= sets for s in now.sides)
        assert now.reps_done == sum(
            1 for e in stream if isinstance(e, RepCompleted) and e.side in prescribed_sides
        )
    first = next((e.timestamp_ms for e in stream if isinstance(e, PrescriptionDone)), None)
    assert done_at == ([] if first is None else [first])
    assert replay(p, one_sided=True, kind=kind, events=stream) == tracker.progress()


@given(reps=st.integers(1, 5), sets=st.integers(1, 4), n=st.integers(0, 30))
def test_without_pauses_sets_done_is_whole_sets_of_the_reps(reps: int, sets: int, n: int) -> None:
    tracker = ProgressTracker(Prescription(reps=reps, sets=sets), False, "reps")
    for i in range(n):
        tracker.rep(None, i * 1000)
    p = tracker.progress()
    assert p.sets_done == n // reps
    assert p.current.reps_in_set == (n % reps or (reps if n else 0))
    assert p.done == (n // reps >= sets)

"""How sure a count is: reps and holds marked with their doubts, the run's Doubted, and
the summary's marks (exercises.doubt, the engines' margins, exercises.summary)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises.doubt import (
    DOUBT_IDENTITY,
    DOUBT_MARGIN,
    DOUBT_OTHERS,
    DOUBT_POSITION,
    DOUBT_TRACKING,
    DOUBT_UNSTEADY,
    DOUBT_VIEW,
    DOUBTS,
    DoubtWatch,
)
from exercises.events import Doubted, Event, RepCompleted
from exercises.run import ExerciseRun
from exercises.summary import SourceFacts
from exercises.texts import catalogue
from pose.signals import OTHERS_IN_VIEW
from pose.types import Observation, PoseFrame
from tests.exercises.builders import (
    bridge_sequence,
    chain,
    constant,
    make_pose,
    rep_event,
    standing_body,
)

FACTS = SourceFacts("test", 30.0, 0, 0.0, 0)


def _run(observations: list[Observation]) -> tuple[ExerciseRun, list[Event]]:
    run = ExerciseRun("bridge")
    events: list[Event] = []
    for obs in observations:
        events += run.step(obs).events
    events += run.finish()
    return run, events


def _reps(events: list[Event]) -> list[RepCompleted]:
    return [e for e in events if isinstance(e, RepCompleted)]


def _with_others(observations: list[Observation], at: set[int] | None = None) -> list[Observation]:
    return [
        replace(o, signals={**o.signals, OTHERS_IN_VIEW: 1.0}, view=None)
        if at is None or i in at
        else o
        for i, o in enumerate(observations)
    ]


def _faint(observations: list[Observation], visibility: float) -> list[Observation]:
    out = []
    for o in observations:
        p = o.pose
        if p is None:
            out.append(o)
            continue
        vis = np.full_like(p.visibility, visibility)
        pose = PoseFrame(p.timestamp_ms, p.xyz_norm, p.xyz_world, vis, p.image_size_px)
        out.append(Observation(o.timestamp_ms, pose, o.signals))
    return out


def test_a_clean_bridge_is_sure() -> None:
    run, events = _run(bridge_sequence(reps=3))
    assert [r.doubts for r in _reps(events)] == [(), (), ()]
    report = run.summary.report(FACTS).to_json()
    assert report["count_unsure"] is False
    assert report["doubts"] == []
    assert all(r["unsure"] is False and r["doubts"] == [] for r in report["rep_events"])
    assert not any(isinstance(e, Doubted) for e in events)


def test_someone_else_in_view_marks_every_rep_and_the_run_but_counts_the_same() -> None:
    run, events = _run(_with_others(bridge_sequence(reps=3)))
    reps = _reps(events)
    assert len(reps) == 3
    assert all(DOUBT_OTHERS in r.doubts for r in reps)
    said = [e for e in events if isinstance(e, Doubted)]
    assert [e.code for e in said] == [DOUBT_OTHERS]  # once for the run
    report = run.summary.report(FACTS).to_json()
    assert report["count_unsure"] is True
    assert report["doubts"] == [DOUBT_OTHERS]
    assert all(r["unsure"] for r in report["rep_events"])
    assert run.summary.totals().reps_unsure == 3


def test_a_passer_by_for_a_moment_is_no_doubt() -> None:
    stream = bridge_sequence(reps=2)
    _, events = _run(_with_others(stream, at=set(range(10))))  # the lead-in's first third s
    assert [r.doubts for r in _reps(events)] == [(), ()]
    assert not any(isinstance(e, Doubted) for e in events)


def test_faint_joints_are_doubted_as_tracking() -> None:
    watch = DoubtWatch()
    stream = _faint(bridge_sequence(reps=1), visibility=0.3)
    rep = rep_event(stream[-1].timestamp_ms, start_s=1.5, end_s=4.5)
    out: list[Event] = []
    for obs in stream[:-1]:
        out += watch.update(obs, [], verdict=None, engaged=True)
    out += watch.update(stream[-1], [rep], verdict=None, engaged=True)
    (marked,) = _reps(out)
    assert DOUBT_TRACKING in marked.doubts
    assert any(isinstance(e, Doubted) and e.code == DOUBT_TRACKING for e in out)


def test_a_rep_at_the_edge_of_its_range_is_counted_unsure() -> None:
    # Rest 130 deg; a 14 deg rise sits within a quarter of the 12 deg smallest rep.
    _, events = _run(bridge_sequence(reps=2, top_deg=144.0))
    small = _reps(events)
    assert small
    assert all(DOUBT_MARGIN in r.doubts for r in small)
    _, full = _run(bridge_sequence(reps=2))
    assert all(DOUBT_MARGIN not in r.doubts for r in _reps(full))


def test_a_reported_angle_is_never_past_straight() -> None:
    _, events = _run(bridge_sequence(reps=2, top_deg=200.0))
    reps = _reps(events)
    assert reps
    assert all(0.0 <= r.peak_angle_deg <= 180.0 for r in reps)
    assert all("bridge_arching" in r.faults for r in reps)  # the fault still reads past it


def test_every_doubt_code_has_its_text() -> None:
    texts = catalogue()
    for code in DOUBTS:
        assert set(texts[code]) == {"nl", "en"}, code
    assert DOUBT_VIEW in DOUBTS


@settings(max_examples=25, deadline=None)
@given(st.sets(st.integers(min_value=0, max_value=400), max_size=400))
def test_doubts_never_make_or_break_a_rep(frames: set[int]) -> None:
    stream = bridge_sequence(reps=2)
    _, plain = _run(stream)
    _, doubted = _run(_with_others(stream, at=frames))
    got, want = _reps(doubted), _reps(plain)
    assert [(r.start_s, r.end_s, r.hold_s) for r in got] == [
        (r.start_s, r.end_s, r.hold_s) for r in want
    ]


def test_a_rep_seen_from_a_view_the_exercise_is_not_judged_from_is_doubted() -> None:
    watch = DoubtWatch()
    stream = bridge_sequence(reps=1)
    rep = rep_event(stream[-1].timestamp_ms, start_s=1.5, end_s=4.5)
    out: list[Event] = []
    for obs in stream[:-1]:
        out += watch.update(obs, [], verdict="bridge_not_judged_view", engaged=True)
    out += watch.update(stream[-1], [rep], verdict="bridge_not_judged_view", engaged=True)
    (marked,) = _reps(out)
    assert marked.doubts == (DOUBT_VIEW,)
    assert [e.code for e in out if isinstance(e, Doubted)] == [DOUBT_VIEW]


def test_someone_seen_but_never_in_the_position_makes_the_zero_unsure() -> None:
    """Standing about for 5 s on a bridge: 0 reps, but nothing was measured (a therapist
    sitting beside the patient followed instead of her reads the same)."""
    run, events = _run(constant(standing_body(), 5.0))
    assert _reps(events) == []
    assert [e.code for e in events if isinstance(e, Doubted)] == [DOUBT_POSITION]
    report = run.summary.report(FACTS).to_json()
    assert (report["reps"], report["count_unsure"], report["doubts"]) == (0, True, [DOUBT_POSITION])
    _, glimpse = _run(constant(standing_body(), 2.0))  # under the 3 s span: no word
    assert not any(isinstance(e, Doubted) for e in glimpse)


def _flip_flopping(observations: list[Observation], every: int) -> list[Observation]:
    """Every `every`-th frame read as someone standing (a ball between the knees misread,
    a second person followed in turns): the position flips and flips back."""
    out = []
    for i, o in enumerate(observations):
        if i % every == 0 and o.pose is not None:
            t = o.timestamp_ms
            pose = make_pose(t, standing_body(), body_px=120.0, origin_px=(320.0, 240.0))
            out.append(Observation(t, pose, o.signals))
        else:
            out.append(o)
    return out


def test_a_position_read_flip_flopping_marks_the_rep_and_the_run() -> None:
    watch = DoubtWatch()  # any position: the builder's side-on bridge reads as it reads
    stream = _flip_flopping(bridge_sequence(reps=1), every=10)
    rep = rep_event(stream[-1].timestamp_ms, start_s=1.5, end_s=4.5)
    out: list[Event] = []
    for obs in stream[:-1]:
        out += watch.update(obs, [], verdict=None, engaged=True)
    out += watch.update(stream[-1], [rep], verdict=None, engaged=True)
    (marked,) = _reps(out)
    assert DOUBT_UNSTEADY in marked.doubts
    # A body there one frame and standing elsewhere the next also jumped as no body can.
    said = [e.code for e in out if isinstance(e, Doubted)]
    assert sorted(said) == [DOUBT_IDENTITY, DOUBT_UNSTEADY]
    # Flips between positions none of which is the exercise's are someone else's
    # exercise (a standing person read standing and kneeling in turns): no evidence of
    # unsteadiness (the jumps still are: they keep an engine from counting).
    other = DoubtWatch(positions=frozenset({"lying_side"}))
    for obs in stream:
        found = other.update(obs, [], verdict=None, engaged=False)
        assert DOUBT_UNSTEADY not in [e.code for e in found if isinstance(e, Doubted)]
    assert other.finish([], stream[-1].timestamp_ms)[-1] == Doubted(
        timestamp_ms=stream[-1].timestamp_ms, code=DOUBT_POSITION
    )


def test_getting_up_once_is_not_unsteady() -> None:
    """Lying down after standing, then bridging: one change of position, no doubt."""
    _, events = _run(chain(constant(standing_body(), 2.0), bridge_sequence(reps=2)))
    assert len(_reps(events)) == 2
    assert all(DOUBT_UNSTEADY not in r.doubts for r in _reps(events))
    assert DOUBT_UNSTEADY not in [e.code for e in events if isinstance(e, Doubted)]


def _nobody(seconds: float, fps: float = 30.0) -> list[Observation]:
    return [Observation(round(i * 1000 / fps), None) for i in range(round(seconds * fps))]


def test_a_stream_mostly_unseen_makes_the_count_unsure() -> None:
    """Found for the last 8 s of a 20 s clip: its count speaks for what was not seen,
    though the engine saw nothing doubtful while it had the patient in position."""
    stream = chain(_nobody(12.0), bridge_sequence(reps=2))
    run, events = _run(stream)
    assert len(_reps(events)) == 2
    assert [e.code for e in events if isinstance(e, Doubted)] == [DOUBT_TRACKING]
    assert run.summary.report(FACTS).to_json()["count_unsure"] is True
    # Nobody for 2 s of a 10 s stream is under a third of it and under the 3 s span.
    _, short = _run(chain(_nobody(2.0), bridge_sequence(reps=2)))
    assert not any(isinstance(e, Doubted) for e in short)

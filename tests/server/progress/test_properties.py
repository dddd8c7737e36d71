"""Properties of progress over any history: the order sessions and workouts arrive in
changes nothing, a day or a week is never more than planned, an empty history raises no
flag, and a session today never leaves the patient flagged as idle."""

from __future__ import annotations

import random
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from server.progress.build import build_progress
from server.progress.model import FLAG_CODES, PlanItem, ProgressInput, SessionFacts, WorkoutPain
from tests.server.progress.builders import BRIDGE_BAND, TODAY, TZ, at_ms

EXERCISES = ("bridge", "clamshell", "hip_flexor_stretch")

facts = st.builds(
    lambda i, ex, days, hour, reps, peak, hold: SessionFacts(
        f"s{i}", ex, at_ms(days, hour), reps, None, hold, peak, 0.0
    ),
    st.integers(0, 10_000),
    st.sampled_from(EXERCISES),
    st.integers(0, 70),
    st.integers(0, 23),
    st.integers(0, 30),
    st.none() | st.floats(0.0, 200.0),
    st.none() | st.floats(0.0, 60.0),
)
pains = st.builds(
    lambda i, days, before, after: WorkoutPain(i, at_ms(days, 9), before, after),
    st.integers(0, 10_000),
    st.integers(0, 70),
    st.none() | st.integers(0, 10),
    st.none() | st.integers(0, 10),
)
plans = st.lists(
    st.builds(
        lambda ex, n: PlanItem(ex, n, BRIDGE_BAND if ex == "bridge" else None),
        st.sampled_from(EXERCISES),
        st.integers(1, 14),
    ),
    unique_by=lambda p: p.exercise,
    max_size=3,
)
red_flags = st.lists(st.sampled_from([f"advice_{i}" for i in range(1, 7)]), max_size=3)


def _unique(sessions: list[SessionFacts]) -> list[SessionFacts]:
    return list({s.session_id: s for s in sessions}.values())


def _inputs(
    sessions: list[SessionFacts],
    workouts: list[WorkoutPain],
    plan: list[PlanItem],
    ticked: list[str],
) -> ProgressInput:
    """Ids unique, as the database's are."""
    unique_workouts = list({w.workout_id: w for w in workouts}.values())
    return ProgressInput(_unique(sessions), unique_workouts, plan, ticked, TODAY, TZ)


@settings(max_examples=150, deadline=None)
@given(st.lists(facts, max_size=25), st.lists(pains, max_size=10), plans, red_flags, st.randoms())
def test_the_order_of_the_input_changes_nothing(
    sessions: list[SessionFacts], workouts: list[WorkoutPain], plan: list[PlanItem],
    ticked: list[str], rnd: random.Random,
) -> None:  # fmt: skip
    data = _inputs(sessions, workouts, plan, ticked)
    shuffled_s, shuffled_w, shuffled_r = list(data.sessions), list(data.workouts), list(ticked)
    for seq in (shuffled_s, shuffled_w, shuffled_r):
        rnd.shuffle(seq)
    again = ProgressInput(shuffled_s, shuffled_w, plan, shuffled_r, TODAY, TZ)
    assert build_progress(again) == build_progress(data)


@settings(max_examples=150, deadline=None)
@given(st.lists(facts, max_size=30), plans)
def test_never_more_than_planned(sessions: list[SessionFacts], plan: list[PlanItem]) -> None:
    p = build_progress(_inputs(sessions, [], plan, []))
    for week in p.weeks:
        assert 0 <= week.done <= week.planned
        assert 0.0 <= week.adherence <= 1.0
        assert week.planned <= sum(i.sessions_per_week for i in plan)
        for day in week.days:
            assert day.done >= 0
            assert day.done <= day.planned or (day.planned == 0 and day.done <= len(plan))
            assert not day.future or day.planned == 0


@settings(max_examples=100, deadline=None)
@given(plans, st.integers(-400, 400))
def test_an_empty_history_raises_no_flag(plan: list[PlanItem], shift_days: int) -> None:
    data = ProgressInput([], [], plan, [], TODAY + timedelta(days=shift_days), TZ)
    p = build_progress(data)
    assert p.flags == ()
    assert all(w.done == 0 == w.planned for w in p.weeks)


@settings(max_examples=150, deadline=None)
@given(st.lists(facts, max_size=25), st.lists(pains, max_size=10), plans, red_flags)
def test_flags_come_in_order_and_once_each(
    sessions: list[SessionFacts],
    workouts: list[WorkoutPain],
    plan: list[PlanItem],
    ticked: list[str],
) -> None:
    flags = build_progress(_inputs(sessions, workouts, plan, ticked)).flags
    order = [FLAG_CODES.index(f.code) for f in flags]
    assert order == sorted(order)
    keys = [(f.code, f.exercise) for f in flags]
    assert len(keys) == len(set(keys))
    assert ("red_flags", None) in keys if ticked else ("red_flags", None) not in keys


@settings(max_examples=100, deadline=None)
@given(st.lists(facts, max_size=25), plans)
def test_a_session_today_is_never_idle(sessions: list[SessionFacts], plan: list[PlanItem]) -> None:
    today = SessionFacts("today", "bridge", at_ms(0), 5, None, None, None, 0.0)
    flags = build_progress(_inputs([*sessions, today], [], plan, [])).flags
    assert "no_session" not in [f.code for f in flags]

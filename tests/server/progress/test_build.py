"""Adherence against the plan, week by week and day by day, the series over time, and a
session's facts from its events."""

from __future__ import annotations

import json
from datetime import date

from exercises.events import Event, HoldEnded, RepCompleted
from server.progress.build import CALENDAR_WEEKS, build_progress, session_facts
from server.progress.model import ADHERENCE_WEEKS, PlanItem
from tests.server.progress.builders import TODAY, at_ms, daily, history, session, workout

# TODAY is Tuesday 1 December: Monday 23 November to Sunday 29 is the last full week,
# 2 to 8 days ago.
LAST_WEEK = range(2, 9)


def test_a_full_daily_week_is_seven_of_seven_and_twice_a_day_counts_once() -> None:
    sessions = [session(d) for d in LAST_WEEK] + [session(4, hour=18)]
    weeks = build_progress(history(sessions)).weeks
    assert len(weeks) == CALENDAR_WEEKS
    last = weeks[-2]
    assert last.monday == date(2026, 11, 23)
    assert (last.done, last.planned, last.partial, last.adherence) == (7, 7, False, 1.0)
    assert [d.done for d in last.days] == [1] * 7


def test_more_than_planned_is_still_one_hundred_percent() -> None:
    plan = [PlanItem("bridge", 3)]
    weeks = build_progress(history([session(d) for d in LAST_WEEK], plan=plan)).weeks
    assert (weeks[-2].done, weeks[-2].planned) == (3, 3)


def test_the_running_week_plans_its_share_of_days_so_far() -> None:
    """Monday and Tuesday gone: 2 of a daily plan, 1 of three a week (rounded up)."""
    plan = [PlanItem("bridge", 7), PlanItem("clamshell", 3)]
    sessions = [session(0), session(1, "clamshell"), session(9)]
    week = build_progress(history(sessions, plan=plan)).weeks[-1]
    assert week.monday == date(2026, 11, 30)
    assert (week.done, week.planned, week.partial) == (2, 3, True)
    assert [d.future for d in week.days] == [False, False] + [True] * 5
    assert [(d.done, d.planned, d.daily) for d in week.days[:2]] == [(1, 2, 1), (1, 2, 1)]


def test_nothing_is_planned_before_the_first_session() -> None:
    weeks = build_progress(history([session(4)])).weeks  # Friday 27 November
    assert all(w.planned == 0 for w in weeks[:-2])
    last = weeks[-2]
    assert (last.done, last.planned) == (1, 3)  # Friday, Saturday, Sunday
    assert [d.planned for d in last.days] == [0, 0, 0, 0, 1, 1, 1]


def test_an_exercise_not_in_the_plan_has_a_series_but_no_adherence() -> None:
    sessions = [session(2, "clamshell"), session(3)]
    p = build_progress(history(sessions, plan=daily("bridge")))
    assert [s.exercise for s in p.series] == ["bridge", "clamshell"]
    assert p.weeks[-2].done == 1
    assert max(d.done for w in p.weeks for d in w.days) == 1


def test_series_are_oldest_first_and_skip_empty_sessions() -> None:
    sessions = [
        session(1, peak_deg=170),
        session(5, peak_deg=160),
        session(3, reps=0, peak_deg=None),
    ]
    p = build_progress(history(sessions, plan=daily("bridge", "clamshell")))
    bridge, clamshell = p.series
    assert [s.peak_angle_deg for s in bridge.sessions] == [160, 170]
    assert clamshell.sessions == ()
    assert p.last_session_ms == at_ms(1)


def test_pain_points_are_the_scored_workouts_in_time_order() -> None:
    p = build_progress(
        history(workouts=[workout(1, 3, 4), workout(3, None, None), workout(5, 2, None)])
    )
    assert [(x.before, x.after) for x in p.pain] == [(2, None), (3, 4)]


def test_session_facts_take_medians_of_the_reps_and_holds() -> None:
    def rep(i: int, peak: float) -> RepCompleted:
        return RepCompleted(
            timestamp_ms=1000 * i, index=i, set_index=1, rep_in_set=i, side=None,
            start_s=i - 1.0, peak_s=i - 0.5, end_s=float(i), hold_s=2.0, peak_angle_deg=peak,
        )  # fmt: skip

    def hold(i: int, seconds: float) -> HoldEnded:
        return HoldEnded(
            timestamp_ms=1000 * i, side=None, start_s=0.0, end_s=seconds,
            duration_s=seconds, target_s=5.0, completed=seconds >= 5.0,
        )  # fmt: skip

    events: list[Event] = [
        rep(1, 170.0),
        hold(1, 4.0),
        rep(2, 180.0),
        hold(2, 6.0),
        rep(3, 150.0),
        hold(3, 5.5),
    ]
    f = session_facts("s1", "bridge", at_ms(0), events)
    assert (f.reps, f.peak_angle_deg, f.hold_s, f.counted) == (3, 170.0, 5.5, True)
    empty = session_facts("s2", "bridge", at_ms(0), [])
    assert (empty.reps, empty.peak_angle_deg, empty.hold_s, empty.counted) == (0, None, None, False)


def test_the_wire_names_days_as_dates() -> None:
    typed = build_progress(history([session(0)])).to_wire("Europe/Amsterdam")
    wire = json.loads(typed.model_dump_json())
    assert wire["today"] == TODAY.isoformat()
    assert wire["timezone"] == "Europe/Amsterdam"
    assert wire["weeks"][-1]["days"][1] == {
        "day": "2026-12-01",
        "done": 1,
        "planned": 1,
        "daily": 1,
        "future": False,
    }
    assert wire["series"][0]["sessions"][0]["peak_angle_deg"] == 175.0
    assert wire["flags"] == []


def test_adherence_is_the_last_weeks_of_the_calendar_added_up() -> None:
    """TODAY is a Tuesday: a bridge a day from 9 days ago, three missed; the last four
    weeks of the calendar summed (the running week so far), never more than planned."""
    done = [session(d) for d in range(10) if d not in (2, 5, 6)]
    p = build_progress(history(done))
    a = p.adherence()
    recent = p.weeks[-ADHERENCE_WEEKS:]
    assert (a.done, a.planned, a.weeks) == (7, 10, ADHERENCE_WEEKS)
    assert (a.done, a.planned) == (sum(w.done for w in recent), sum(w.planned for w in recent))
    assert a.share == 0.7
    assert p.adherence(weeks=1).planned == 2  # Monday and today
    assert build_progress(history()).adherence().share is None  # never started: no share

"""The flags' rules, table by table: the pain advice given, pain rising, range of motion
falling, no session for a week, red flags ticked; none on an empty history."""

from __future__ import annotations

import pytest

from server.progress.build import build_progress
from server.progress.flags import NOT_ASKED, RULES, FlagRules, first_look, rom_threshold_deg
from server.progress.model import Flag, ProgressInput, WorkoutPain
from tests.server.progress.builders import BRIDGE_BAND, daily, history, session, workout


def flags(data: ProgressInput) -> list[Flag]:
    return list(build_progress(data).flags)


def codes(data: ProgressInput) -> list[str]:
    return [f.code for f in flags(data)]


def test_an_empty_history_has_no_flags() -> None:
    assert flags(history()) == []
    assert flags(history(plan=daily("bridge", "clamshell", "breathing"))) == []


def test_ticked_red_flags_come_first_even_without_sessions() -> None:
    data = history(
        [session(9)], red_flags=["advice_3", "advice_1", "advice_3"]
    )  # and a week without a session
    got = flags(data)
    assert [f.code for f in got] == ["red_flags", "no_session"]
    assert got[0].keys == ("advice_1", "advice_3")
    assert codes(history(red_flags=["advice_2"])) == ["red_flags"]


@pytest.mark.parametrize(
    ("scores", "rising"),
    [
        ([(None, 2), (None, 3), (None, 4)], (2, 4)),  # after the workout, up 2
        ([(None, 2), (None, 3), (None, 3)], None),  # up 1 only
        ([(None, 5), (None, 3), (None, 2)], None),  # falling
        ([(None, 1), (None, 6)], None),  # two workouts: too few to call a trend
        ([(2, None), (3, None), (5, None)], (2, 5)),  # before, when after was not asked
        ([(None, 8), (None, 2), (None, 3), (None, 4)], (2, 4)),  # the last three only
        ([(1, 2), (1, 2), (2, 3)], None),  # after is read when asked: 2 -> 3
        ([(None, 4), (None, None), (None, 5), (None, 6)], (4, 6)),  # an unscored one skipped
    ],
)
def test_pain_rising(
    scores: list[tuple[int | None, int | None]], rising: tuple[int, int] | None
) -> None:
    n = len(scores)
    workouts = [workout(n - i, before, after) for i, (before, after) in enumerate(scores)]
    sessions = [session(0)]  # today: no week-long gap
    got = [f for f in flags(history(sessions, workouts)) if f.code == "pain_rising"]
    if rising is None:
        assert got == []
    else:
        [flag] = got
        assert dict(flag.values) == {"from": rising[0], "to": rising[1], "n": 3}


@pytest.mark.parametrize(
    ("workouts", "values"),
    [
        ([workout(1, 9, None, advice="pain_high_before")], {"before": 9, "after": NOT_ASKED}),
        ([workout(1, 3, 6, advice="pain_rose_after")], {"before": 3, "after": 6}),
        # A later workout without the advice: the therapist saw it in its time.
        ([workout(2, 9, None, advice="pain_high_before"), workout(1, 2, 2)], None),
        # A later workout without a score changes nothing.
        (
            [workout(2, 9, None, advice="pain_high_before"), workout(1, None, None)],
            {"before": 9, "after": NOT_ASKED},
        ),
        ([workout(1, 9, None)], None),  # scores alone: the flag reads the advice given
    ],
)
def test_pain_advice(workouts: list[WorkoutPain], values: dict[str, object] | None) -> None:
    got = [f for f in flags(history([session(0)], workouts)) if f.code == "pain_advice"]
    if values is None:
        assert got == []
    else:
        [flag] = got
        assert dict(flag.values) == values
        assert flags(history([session(0)], workouts))[0] == flag  # first, after red flags


@pytest.mark.parametrize(
    ("exercise", "peaks", "falling"),
    [
        ("bridge", [180, 181, 179, 170, 171, 169], (180, 170)),  # 10 deg >= 7 (20 % of 35)
        ("bridge", [180, 180, 180, 174, 174, 174], None),  # 6 deg: inside the band's spread
        ("clamshell", [40, 40, 40, 34, 34, 34], (40, 34)),  # no band: 5 deg is enough
        ("clamshell", [40, 40, 36, 36, 36], None),  # five sessions: too few
        ("clamshell", [30, 30, 30, 40, 40, 40], None),  # rising
        ("clamshell", [50, 40, 40, 40, 40, 40, 40], None),  # the fall is older than the windows
        ("clamshell", [40, 40, 40, 40, 10, 40], None),  # one bad session: the median holds
    ],
)
def test_rom_falling(exercise: str, peaks: list[float], falling: tuple[int, int] | None) -> None:
    n = len(peaks)
    sessions = [session(n - 1 - i, exercise, peak_deg=p) for i, p in enumerate(peaks)]
    got = [f for f in flags(history(sessions, plan=daily(exercise))) if f.code == "rom_falling"]
    if falling is None:
        assert got == []
    else:
        [flag] = got
        assert flag.exercise == exercise
        assert (dict(flag.values)["from_deg"], dict(flag.values)["to_deg"]) == falling


def test_sessions_without_an_angle_do_not_count_for_range() -> None:
    peaks = [180, None, 180, 180, None, 170, 170, 170]
    sessions = [session(8 - i, peak_deg=p) for i, p in enumerate(peaks)]
    assert codes(history(sessions)) == ["rom_falling"]


@pytest.mark.parametrize(
    ("band", "threshold"),
    [(None, 5.0), ((10.0, None), 5.0), (BRIDGE_BAND, 7.0), ((100.0, 110.0), 5.0)],
)
def test_the_range_threshold_follows_the_band(
    band: tuple[float, float | None] | None, threshold: float
) -> None:
    assert rom_threshold_deg(band, RULES) == pytest.approx(threshold)


@pytest.mark.parametrize(("days_ago", "flagged"), [(0, False), (6, False), (7, True), (30, True)])
def test_no_session_for_a_week(days_ago: int, flagged: bool) -> None:
    got = flags(history([session(days_ago)]))
    assert [f.code for f in got] == (["no_session"] if flagged else [])
    if flagged:
        assert dict(got[0].values) == {"days": days_ago}


def test_an_empty_session_is_not_a_session_done() -> None:
    """Opened and closed without a rep: the week-long gap stays."""
    data = history([session(8), session(1, reps=0, peak_deg=None, hold_s=None)])
    assert [(f.code, dict(f.values)) for f in flags(data)] == [("no_session", {"days": 8})]


def test_days_are_the_clinics_days() -> None:
    """00:30 in Amsterdam six days ago is 23:30 UTC seven days ago: six days, no flag."""
    assert codes(history([session(6, hour=0)])) == []
    assert codes(history([session(7, hour=23)])) == ["no_session"]


def test_the_rules_can_be_tightened_in_one_place() -> None:
    data = history([session(3)])
    assert build_progress(data).flags == ()
    assert [f.code for f in build_progress(data, FlagRules(quiet_days=3)).flags] == ["no_session"]
    with pytest.raises(ValueError, match="FlagRules"):
        FlagRules(pain_window=1)


def test_first_look_ranks_by_the_most_urgent_flag() -> None:
    red, quiet = Flag("red_flags", keys=("advice_4",)), Flag("no_session", values=(("days", 9),))
    advice = Flag("pain_advice")
    assert first_look([red, quiet]) < first_look([advice]) < first_look([quiet]) < first_look([])
    assert first_look([quiet, red]) == first_look([red])  # the most urgent decides

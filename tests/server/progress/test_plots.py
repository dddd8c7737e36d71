"""The progress plots: an SVG per exercise with its measures, and one of pain on 0-10,
all on one date axis (the first day with data to today), every axis labelled with its
unit in the viewer's language; none when there is nothing to plot."""

from __future__ import annotations

import re
from statistics import median

import pytest

from exercises.texts import catalogue
from server.progress.build import build_progress
from server.progress.plots import Plots, per_day, plots_of, span_of
from server.report.texts import Texts
from tests.server.progress.builders import TODAY, TZ, at_ms, history, session, workout


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_exercise_plot_names_its_axes_and_dates(language: str) -> None:
    sessions = [session(d, peak_deg=170 + d) for d in (1, 3, 8)]
    svg = plots_of(build_progress(history(sessions)), Texts(language), TZ).exercises["bridge"]
    assert svg.startswith("<svg")
    texts = catalogue()
    for key in (
        "progress_axis_peak",
        "progress_axis_hold",
        "progress_axis_reps",
        "progress_axis_date",
    ):
        assert texts[key][language] in svg, key
    assert texts["ex_bridge"][language] in svg
    ticks = re.findall(r"\b\d\d-\d\d\b", svg)
    assert ticks[-1] == "02-12"  # today's margin day: the axis runs to today


def test_every_plot_shares_the_date_axis_from_the_first_day_to_today() -> None:
    p = build_progress(
        history(
            [session(2, "clamshell", peak_deg=None, hold_s=None), session(9)], [workout(5, 2, 3)]
        )
    )
    assert span_of(p, TZ) == ((TODAY.toordinal() - 9), TODAY.toordinal())
    plots = plots_of(p, Texts("nl"), TZ)
    ticks = r">(\d\d-\d\d)<"  # a date tick's text (a bar's id holds its date too)
    axes = {name: re.findall(ticks, svg) for name, svg in plots.exercises.items()}
    assert plots.pain is not None
    assert axes["bridge"] == axes["clamshell"] == re.findall(ticks, plots.pain)


def test_only_the_measures_a_series_has_are_drawn() -> None:
    sessions = [session(d, "clamshell", peak_deg=None, hold_s=None) for d in (1, 2)]
    plots = plots_of(build_progress(history(sessions)), Texts("nl"), TZ)
    assert set(plots.exercises) == {"clamshell"}  # the bridge: never done, no plot
    svg = plots.exercises["clamshell"]
    assert "Herhalingen" in svg
    assert "Piekhoek" not in svg
    assert "Houden" not in svg
    assert plots.pain is None


def test_the_pain_plot_is_zero_to_ten_before_and_after() -> None:
    p = build_progress(history(workouts=[workout(2, 3, 5), workout(1, 4, None)]))
    svg = plots_of(p, Texts("en"), TZ).pain
    assert svg is not None
    for words in ("Pain (0-10)", "before the workout", "after the workout"):
        assert words in svg
    assert plots_of(build_progress(history()), Texts("en"), TZ) == Plots(None, {})


def test_the_same_progress_gives_the_same_svg() -> None:
    p = build_progress(history([session(1), session(2)]))
    assert plots_of(p, Texts("nl"), TZ) == plots_of(p, Texts("nl"), TZ)


def test_one_days_sessions_are_one_point_summed_or_their_median() -> None:
    """Sessions hours apart on a weeks-long axis fell on one another (issue 25): a day is
    one point, at its noon; amounts (reps) summed, measures (angle, hold) the median."""
    values = [(at_ms(1, 9), 10.0), (at_ms(1, 11), 12.0), (at_ms(1, 20), 30.0), (at_ms(3), 5.0)]
    day = TODAY.toordinal()
    assert per_day(values, TZ, sum) == [(day - 3, 5.0), (day - 1, 52.0)]
    assert per_day(values, TZ, median) == [(day - 3, 5.0), (day - 1, 12.0)]
    assert per_day([(at_ms(2), None)], TZ, sum) == []  # no value: no point


def test_a_days_sessions_are_one_bar_named_by_its_date() -> None:
    sessions = [session(1, hour=h, sid=f"s{h}") for h in (8, 9, 10)] + [session(4)]
    svg = plots_of(build_progress(history(sessions)), Texts("nl"), TZ).exercises["bridge"]
    bars = re.findall(r'id="(bridge-day-[0-9-]+)"', svg)
    assert bars == ["bridge-day-2026-11-27", "bridge-day-2026-11-30"]


@pytest.mark.parametrize(("language", "mark", "other"), [("nl", ",", "."), ("en", ".", ",")])
def test_the_y_axis_writes_numbers_as_the_language_does(
    language: str, mark: str, other: str
) -> None:
    """Holds under a second: the hold axis ticks in tenths, 0,2 in Dutch, 0.2 in English."""
    sessions = [session(d, hold_s=h) for d, h in ((1, 0.6), (2, 0.8), (3, 0.7))]
    svg = plots_of(build_progress(history(sessions)), Texts(language), TZ).exercises["bridge"]
    ticks = re.findall(r">(\d[.,]\d)<", svg)
    assert ticks, "no decimal tick"
    assert all(mark in tick and other not in tick for tick in ticks), ticks

"""The progress plots: an SVG per exercise with its measures, and one of pain on 0-10,
all on one date axis (the first day with data to today), every axis labelled with its
unit in the viewer's language; none when there is nothing to plot."""

from __future__ import annotations

import re

import pytest

from exercises.texts import catalogue
from server.progress.build import build_progress
from server.progress.plots import Plots, plots_of, span_of
from server.report.texts import Texts
from tests.server.progress.builders import TODAY, TZ, history, session, workout


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
    axes = {name: re.findall(r"\b\d\d-\d\d\b", svg) for name, svg in plots.exercises.items()}
    assert plots.pain is not None
    assert axes["bridge"] == axes["clamshell"] == re.findall(r"\b\d\d-\d\d\b", plots.pain)


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

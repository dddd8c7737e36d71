"""Progress over time as inline SVG, in the session report's style (`server.report.plots`):
per exercise its median peak angle (with the target band), median hold and reps, a
point per session; the workouts' pain before and after. Dates on the x axis, day-month
in the clinic's time zone; every axis says its unit, in the viewer's language."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from exercises.registry import spec_of
from server.progress.model import ExerciseSeries, PainPoint, Progress, SessionFacts
from server.report.plots import BAND, FAULT, INK, LINE, to_svg
from server.report.texts import ANGLE_KEYS, Texts

__all__ = ["Plots", "Span", "exercise_svg", "pain_svg", "plots_of", "span_of"]

_PANEL_IN = 1.15  # each panel's height, inches
_WIDTH_IN = 7.2  # the session report's width
# Fixed margins, not a layout engine: every plot's axes start and end at the same x, so
# the patient's plots read against each other down the page.
_LEFT_IN, _RIGHT_IN, _TOP_IN, _BOTTOM_IN = 0.8, 0.15, 0.35, 0.5
Span = tuple[int, int]  # first and last day on the axis, as date ordinals


def _x(ms: int, tz: tzinfo) -> float:
    """A time as days on the axis: the local day's ordinal plus the fraction of it gone."""
    local = datetime.fromtimestamp(ms / 1000, tz)
    return local.toordinal() + (local.hour * 3600 + local.minute * 60 + local.second) / 86400


def span_of(p: Progress, tz: tzinfo) -> Span | None:
    """From the first day with a session or a pain score to today: one date axis for all
    of a patient's plots, so they read against each other. None with nothing to plot."""
    times = [f.started_ms for s in p.series for f in s.sessions] + [x.started_ms for x in p.pain]
    if not times:
        return None
    first = math.floor(_x(min(times), tz))
    return min(first, p.today.toordinal()), p.today.toordinal()


def _new_figure(height_in: float) -> Figure:
    fig = Figure(figsize=(_WIDTH_IN, height_in))
    fig.subplots_adjust(
        left=_LEFT_IN / _WIDTH_IN,
        right=1 - _RIGHT_IN / _WIDTH_IN,
        top=1 - _TOP_IN / height_in,
        bottom=_BOTTOM_IN / height_in,
        hspace=0.18,  # between stacked panels, of a panel's height
    )
    return fig


def _dates(ax: Axes, span: Span) -> None:
    """Day-month ticks at each day's noon, at most about eight, a day's margin either
    side (one session is not a point at an edge)."""
    first, last = span[0] - 1, span[1] + 1
    step = max(1, math.ceil((last - first + 1) / 8))
    days = list(range(last, first - 1, -step))[::-1]  # today's tick always shown
    ax.set_xticks([d + 0.5 for d in days], [date.fromordinal(d).strftime("%d-%m") for d in days])
    ax.set_xlim(first, last + 1)
    ax.grid(axis="y", color="#e3e8ee", lw=0.6)


Metric = Callable[[SessionFacts], float | None]


@dataclass(frozen=True, slots=True)
class _Panel:
    label: str  # the axis label, with its unit
    value: Metric  # a session's value, None when it has none
    bars: bool = False  # counts as bars, measures as a line
    from_zero: bool = False  # the y axis starts at 0 (amounts; an angle's does not)
    band: tuple[float, float | None] | None = None  # the target band to shade


def _panels(s: ExerciseSeries, t: Texts) -> list[_Panel]:
    """A panel for each measure this series has."""
    out = [
        _Panel(t("progress_axis_peak"), lambda f: f.peak_angle_deg, band=s.target_deg),
        _Panel(t("progress_axis_hold"), lambda f: f.hold_s, from_zero=True),
    ]
    if any(f.breaths is not None for f in s.sessions):
        out.append(
            _Panel(t("progress_axis_minutes"), lambda f: f.time_in_position_s / 60, True, True)
        )
    else:
        out.append(_Panel(t("progress_axis_reps"), lambda f: float(f.reps), True, True))
    return [p for p in out if any(p.value(f) is not None for f in s.sessions)]


def _draw(ax: Axes, panel: _Panel, xs: list[float], ys: list[float]) -> None:
    if panel.bars:
        ax.bar(xs, ys, width=0.6, color=LINE)
    else:
        ax.plot(xs, ys, "o-", color=LINE, ms=4, lw=1.2)
    if panel.from_zero:  # counts and seconds: a steady 5 s hold is a flat line, not noise
        ax.set_ylim(0, max(ys) * 1.25 or 1.0)
    if panel.band is not None:
        low, high = panel.band
        top = high if high is not None else max(*ys, low) + 10.0
        ax.axhspan(low, top, color=BAND, alpha=0.5, lw=0, zorder=0)
    ax.set_ylabel(panel.label)


def exercise_svg(s: ExerciseSeries, t: Texts, tz: tzinfo, span: Span) -> str | None:
    """One stacked panel per measure, sharing the date axis; None without sessions."""
    if not s.sessions:
        return None
    panels = _panels(s, t)
    fig = _new_figure(_TOP_IN + _BOTTOM_IN + _PANEL_IN * len(panels))
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    times = [_x(f.started_ms, tz) for f in s.sessions]
    for ax, panel in zip(axes, panels, strict=True):
        points = [
            (x, v)
            for x, f in zip(times, s.sessions, strict=True)
            if (v := panel.value(f)) is not None
        ]
        _draw(ax, panel, [x for x, _ in points], [v for _, v in points])
        _dates(ax, span)
    fig.align_ylabels(axes)
    axes[-1].set_xlabel(t("progress_axis_date"))
    key = spec_of(s.exercise).key_angle
    title = t.exercise(s.exercise)
    if key is not None and any(f.peak_angle_deg is not None for f in s.sessions):
        title += " · " + t(ANGLE_KEYS.get(key.name, "report_angle"))
    axes[0].set_title(title, loc="left", fontsize=9, color=INK)
    return to_svg(fig)


def pain_svg(pain: Sequence[PainPoint], t: Texts, tz: tzinfo, span: Span) -> str | None:
    """Pain before and after each workout (0-10); None without scores."""
    if not pain:
        return None
    fig = _new_figure(_TOP_IN + _BOTTOM_IN + _PANEL_IN)
    ax = fig.add_subplot()
    times = [_x(p.started_ms, tz) for p in pain]
    for attr, style, key in (
        ("before", "o--", "progress_pain_before"),
        ("after", "s-", "progress_pain_after"),
    ):
        points = [
            (x, v) for x, p in zip(times, pain, strict=True) if (v := getattr(p, attr)) is not None
        ]
        if points:
            color = FAULT if attr == "after" else LINE
            ax.plot(
                [x for x, _ in points],
                [v for _, v in points],
                style,
                color=color,
                ms=4,
                label=t(key),
            )
    ax.set_ylim(-0.5, 10.5)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel(t("progress_axis_pain"))
    ax.set_xlabel(t("progress_axis_date"))
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, frameon=False, fontsize=8)
    ax.set_title(t("progress_pain"), loc="left", fontsize=9, color=INK)
    _dates(ax, span)
    return to_svg(fig)


@dataclass(frozen=True, slots=True)
class Plots:
    """A patient's progress drawn, as inline SVG: pain (None without scores) and each
    exercise with sessions, by name."""

    pain: str | None
    exercises: dict[str, str]


def plots_of(p: Progress, t: Texts, tz: tzinfo) -> Plots:
    """The plots (exercises with sessions only), on one date axis."""
    span = span_of(p, tz)
    if span is None:
        return Plots(None, {})
    shown = {s.exercise: exercise_svg(s, t, tz, span) for s in p.series}
    return Plots(
        pain_svg(p.pain, t, tz, span),
        {name: svg for name, svg in shown.items() if svg is not None},
    )

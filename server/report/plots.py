"""The report's plots as inline SVG (matplotlib, Agg backend; text kept as text).

The key angle over time with each rep and hold marked and the target band; the holds
against their target; the faults on a time line; breathing's rate against the pacer.
"""

from __future__ import annotations

import io
import re

import matplotlib as mpl

mpl.use("Agg")  # no display: files only, whatever the machine has
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from server.report.model import SessionReport
from server.report.texts import ANGLE_KEYS, Texts

__all__ = [
    "BAND",
    "FAULT",
    "INK",
    "LINE",
    "angle_svg",
    "breath_svg",
    "faults_svg",
    "figure",
    "holds_svg",
    "to_svg",
]

INK, LINE, _REP, _HOLD, BAND, FAULT = (
    "#1b2430",
    "#0b5cad",
    "#e6ebf2",
    "#c3d3e8",
    "#7fd1a4",
    "#c0392b",
)
mpl.rcParams.update(
    {
        "svg.fonttype": "none",
        "font.size": 9,
        "axes.edgecolor": "#8a96a5",
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "svg.hashsalt": "formcheck",  # the same report gives the same SVG
    }
)


def figure(height_in: float) -> tuple[Figure, Axes]:
    """A report-wide figure (7.2 in) of `height_in`, in the report's style."""
    fig = Figure(figsize=(7.2, height_in), layout="constrained")
    return fig, fig.add_subplot()


_STYLE_ATTR = re.compile(r'style="([^"]*)"')
# matplotlib's one <style> sets these for every element; on the root they are inherited.
_DEFAULT_STYLE = '<style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>'


def _attributes(match: re.Match[str]) -> str:
    pairs = (p.split(":", 1) for p in match.group(1).split(";") if p.strip())
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in pairs)


def _presentation_attributes(svg: str) -> str:
    """matplotlib's SVG with each `style="a: b; ..."` as attributes `a="b"` and its
    <style> gone: the page's CSP allows no inline style. Every property matplotlib
    writes (fill, stroke*, opacity, font-*, text-anchor) is an SVG presentation attribute."""
    if _DEFAULT_STYLE not in svg:
        raise ValueError("matplotlib's SVG changed: its <style> element was not found")
    svg = svg.replace(_DEFAULT_STYLE, "").replace(
        "<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1
    )
    return _STYLE_ATTR.sub(_attributes, svg)


def to_svg(fig: Figure) -> str:
    """The figure as inline SVG, the same bytes for the same figure, its styles as
    attributes (the page's CSP allows no inline style)."""
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    return _presentation_attributes(text[text.index("<svg") :])  # inline: no XML prologue


def _span_s(r: SessionReport) -> tuple[float, float]:
    times = [p.t_s for p in r.angle] or [0.0, r.duration_s or 1.0]
    return min(times), max(times[-1], times[0] + 1.0)


def angle_svg(r: SessionReport, t: Texts) -> str | None:
    """The key angle over the session, or None when the exercise has none or no frame had it."""
    if r.angle_name is None or not r.angle:
        return None
    fig, ax = figure(2.6)
    for rep in r.reps:
        ax.axvspan(rep.start_s, rep.end_s, color=_REP, lw=0, zorder=0)
    for hold in r.analysis.holds:
        ax.axvspan(hold.start_s, hold.end_s, color=_HOLD, lw=0, zorder=0)
    angles = [p.angle_deg for p in r.angle]
    low, high = min(angles), max(angles)
    if r.target_deg is not None:
        lo, hi = r.target_deg
        top = hi if hi is not None else max(high, lo) + 10.0
        ax.axhspan(lo, top, color=BAND, alpha=0.55, lw=0, zorder=1)
        low, high = min(low, lo), max(high, min(top, high + 10.0))
    ax.plot([p.t_s for p in r.angle], angles, color=LINE, lw=1.2, zorder=3)
    for rep in r.reps:
        ax.annotate(
            str(rep.index), (rep.peak_s, high), ha="center", va="bottom", fontsize=8,
            annotation_clip=False,
        )  # fmt: skip
    for f in r.faults:
        ax.plot([f.t_s], [low], marker="v", color=FAULT, ms=6, clip_on=False)
    ax.set_xlim(*_span_s(r))
    ax.set_ylim(low - 5.0, high + 8.0)
    ax.set_xlabel(t("report_time_axis"))
    ax.set_ylabel(t("report_degrees_axis"))
    ax.set_title(t(ANGLE_KEYS.get(r.angle_name, "report_angle")), loc="left", fontsize=9)
    return to_svg(fig)


def holds_svg(r: SessionReport, t: Texts) -> str | None:
    """Each hold's time as a bar, the target as a line; None without holds."""
    holds = r.analysis.holds
    if not holds or r.pacer_bpm is not None:  # breathing's one hold is its time in position
        return None
    fig = Figure(figsize=(max(3.0, 0.6 * len(holds) + 1.5), 1.7), layout="constrained")
    ax = fig.add_subplot()
    xs = list(range(1, len(holds) + 1))
    reached = [h.duration_s >= h.target_s for h in holds]
    colors = [LINE if ok else FAULT for ok in reached]
    ax.bar(xs, [h.duration_s for h in holds], color=colors, width=0.6, label=t("report_held"))
    targets = [h.target_s for h in holds]
    ax.hlines(
        targets,
        [x - 0.4 for x in xs],
        [x + 0.4 for x in xs],
        color=INK,
        lw=1.5,
        label=t("report_target"),
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    ax.set_ylim(0, max(*targets, *(h.duration_s for h in holds)) * 1.15)
    ax.set_xticks(xs)
    ax.set_ylabel("s")
    ax.set_title(t("report_holds"), loc="left", fontsize=9)
    return to_svg(fig)


def faults_svg(r: SessionReport, t: Texts) -> str | None:
    """One row per fault, a mark at each time it was seen; None without faults."""
    if not r.faults:
        return None
    texts = sorted({f.text for f in r.faults})
    fig, ax = figure(0.5 + 0.3 * len(texts))
    for f in r.faults:
        ax.plot([f.t_s], [texts.index(f.text)], marker="|", color=FAULT, ms=12, mew=2)
    ax.set_yticks(range(len(texts)), [s if len(s) < 48 else s[:46] + "…" for s in texts])
    ax.set_ylim(-0.6, len(texts) - 0.4)
    ax.set_xlim(*_span_s(r))
    ax.set_xlabel(t("report_time_axis"))
    return to_svg(fig)


def breath_svg(r: SessionReport, t: Texts) -> str | None:
    """Each breath's rate at its end, the pacer's rate as a line; None for other exercises."""
    if r.pacer_bpm is None or not r.breaths:
        return None
    fig, ax = figure(2.2)
    ax.axhline(r.pacer_bpm, color=INK, lw=1, ls="--", label=t("report_pacer"))
    ax.plot([b.t_s for b in r.breaths], [b.rate_bpm for b in r.breaths], "o-", color=LINE, ms=4)
    ax.set_ylim(0, max(r.pacer_bpm, *(b.rate_bpm for b in r.breaths)) * 1.3)
    ax.set_xlabel(t("report_time_axis"))
    ax.set_ylabel(t("report_rate_axis"))
    ax.legend(loc="lower right", frameon=False)
    return to_svg(fig)

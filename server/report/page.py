"""The report as one HTML page (Jinja2, autoescaped): the app's page, the PDF's source and
the file `formcheck analyze --report` writes are this one template."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from server.report import plots
from server.report.model import SessionReport
from server.report.skeleton import skeleton_svg, strip_svg
from server.report.texts import STATUS_KEYS, Texts

__all__ = ["Links", "page_css", "render_page"]


@dataclass(frozen=True, slots=True)
class Links:
    """Where the page's downloads and its replay player fetch from (None: a file, no server)."""

    pdf: str
    csv: str
    json: str
    reps: str  # "<reps>/<n>/landmarks" gives rep n's poses
    style: str = "/report.css"  # `page_css()`, served by the app


@functools.cache
def page_css() -> str:
    """The page's stylesheet (report.css beside the template)."""
    return (Path(__file__).parent / "report.css").read_text(encoding="utf-8")


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("server.report", "."),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _date(started_ms: int | None, timezone: str) -> str:
    """Day-month-year and time in the clinic's zone, with the zone's abbreviation."""
    if started_ms is None:
        return ""
    local = datetime.fromtimestamp(started_ms / 1000, ZoneInfo(timezone))
    return local.strftime("%d-%m-%Y %H:%M %Z")


def _svg(text: str | None) -> Markup | None:
    return None if text is None else Markup(text)  # noqa: S704 - our own SVG, its text escaped by matplotlib


def _legend(r: SessionReport, t: Texts) -> str:
    """What the angle plot marks, of what this session has."""
    parts = [
        ("report_legend_reps", bool(r.reps)),
        ("report_legend_holds", bool(r.analysis.holds)),
        ("report_legend_band", r.target_deg is not None),
        ("report_legend_faults", bool(r.faults)),
    ]
    return "; ".join(t(key) for key, shown in parts if shown)


def render_page(r: SessionReport, links: Links | None = None, *, for_pdf: bool = False) -> str:
    """The page; `links` None for a file (no downloads, no replay player), `for_pdf`
    shows each rep's strip of frames in the player's place."""
    t = Texts(r.language)
    label = t.exercise(r.exercise)
    pictures = [
        (t(key, n=pic.rep_index), Markup(skeleton_svg(pic, label=label)))  # noqa: S704
        for key, pic in (("report_best", r.best), ("report_worst", r.worst))
        if pic is not None
    ]
    strips = {
        n: Markup(strip_svg(frames, label=f"{label} {n}"))  # noqa: S704
        for n, frames in r.strips.items()
        if frames
    }
    return (
        _environment()
        .get_template("report.html")
        .render(
            r=r,
            t=t,
            status_text=t(STATUS_KEYS[r.status]),
            date=_date(r.started_ms, r.timezone),
            angle=_svg(plots.angle_svg(r, t)),
            legend=_legend(r, t),
            holds=_svg(plots.holds_svg(r, t)),
            faults=_svg(plots.faults_svg(r, t)),
            breathing=_svg(plots.breath_svg(r, t)),
            pictures=pictures,
            strips=strips,
            links=links,
            css=Markup(page_css()),  # noqa: S704 - our own file, raw text in <style>
            for_pdf=for_pdf,
            pct=round(100 * r.analysis.pose_coverage),
        )
    )

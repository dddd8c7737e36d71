"""A self-contained HTML form report of one analysis, for the therapist."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

__all__ = ["render_html_report", "write_html_report"]

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b2430}
h1{font-size:1.6rem} table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border-bottom:1px solid #d5dbe3;padding:.4rem .6rem;text-align:left}
th{background:#eef2f7} .big{font-size:2.4rem;font-weight:700} .muted{color:#5a6675}
.not-judged{border-left:.3rem solid #c47f00;background:#fff6e5;padding:.6rem .8rem}
"""


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    if not rows:
        return "<p class='muted'>none</p>"
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_fmt(r.get(c)))}</td>" for c in columns) + "</tr>"
        for r in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "-"
    return str(value)


def _breath_lengths(breaths: list[dict[str, Any]]) -> str:
    """ ", breathing in 4.1 s and out 5.9 s on average" (nothing without breaths)."""
    if not breaths:
        return ""
    inhale = sum(float(b["inhale_s"]) for b in breaths) / len(breaths)
    exhale = sum(float(b["exhale_s"]) for b in breaths) / len(breaths)
    return f", breathing in {inhale:.1f} s and out {exhale:.1f} s on average"


def _not_judged(p: dict[str, Any]) -> str:
    """The view could not judge the exercise: why, and what to change (or nothing)."""
    nj = p.get("not_judged")
    if not nj:
        return ""
    return (
        "<p class='not-judged'><strong>Not judged from this camera view.</strong> "
        f"{escape(nj['message'])} <span class='muted'>({escape(nj['code'])})</span></p>"
    )


def render_html_report(p: dict[str, Any]) -> str:
    by_side = p.get("reps_by_side")
    side_text = f" (left {by_side['left']}, right {by_side['right']})" if by_side else ""
    breath = (
        f"<p>Breaths: {p['breaths']}, rate {_fmt(p['breath_rate_bpm'])} per minute"
        f"{_breath_lengths(p.get('breath_events') or [])}</p>"
        if p.get("breaths") is not None
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Formcheck report: {escape(p["exercise"])}</title>
<style>{_STYLE}</style></head><body>
<h1>Formcheck report: {escape(p["exercise"])}</h1>
<p class="muted">{escape(p["source"])}: {p["frames"]} frames, {p["duration_s"]} s,
person tracked in {round(100 * p["pose_coverage"])}% of frames</p>{_not_judged(p)}
<p><span class="big">{p["reps"]}</span> reps{escape(side_text)}</p>{breath}
<h2>Repetitions</h2>
{
        _table(
            p["rep_events"],
            ["index", "side", "start_s", "peak_s", "end_s", "hold_s", "peak_angle_deg", "faults"],
        )
    }
<h2>Holds</h2>
{_table(p["holds"], ["side", "start_s", "end_s", "duration_s", "target_s"])}
<h2>Form faults</h2>
{_table(p["faults"], ["t_s", "code", "message"])}
</body></html>
"""


def write_html_report(path: Path, payload: dict[str, Any]) -> None:
    path.write_text(render_html_report(payload), encoding="utf-8")

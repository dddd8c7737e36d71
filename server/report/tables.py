"""The report as data: a CSV with a row per rep, and JSON (the analyze contract plus the
prescription, pain and side: `SessionReport.to_json`)."""

from __future__ import annotations

import csv
import io

from server.report.model import SessionReport

__all__ = ["CSV_COLUMNS", "render_csv"]

CSV_COLUMNS = (
    "index",
    "set_index",
    "rep_in_set",
    "side",
    "start_s",
    "peak_s",
    "end_s",
    "peak_angle_deg",
    "hold_s",
    "hold_target_s",
    "lift_s",
    "lower_s",
    "faults",
    "doubts",
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def render_csv(r: SessionReport) -> str:
    """A header, then one row per rep (per hold for the stretch); fault codes joined by ;,
    and so are the doubt codes of a rep marked unsure (empty: sure)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rep in r.reps:
        writer.writerow(_cell(getattr(rep, c)) for c in CSV_COLUMNS)
    return out.getvalue()

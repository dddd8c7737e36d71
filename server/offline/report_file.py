"""`formcheck analyze --report`: the session report's page (the app's one template) as a
file, from the analysed stream, so a file's report and a live session's look alike."""

from __future__ import annotations

from pathlib import Path

from exercises.base import Prescription
from exercises.summary import AnalysisReport
from server.report.build import build_report
from server.report.page import render_page
from server.report.recorder import ReportRecorder

__all__ = ["write_report_file"]


def write_report_file(
    path: Path,
    recorder: ReportRecorder,
    result: AnalysisReport,
    prescription: Prescription,
    *,
    language: str,
    timezone: str,
) -> None:
    """The report of `result` (its stream kept by `recorder`), its texts in `language`,
    its times in `timezone`."""
    src = recorder.source(result.exercise, prescription, result.facts)
    page = render_page(build_report(src, language, timezone=timezone))
    path.write_text(page, encoding="utf-8")

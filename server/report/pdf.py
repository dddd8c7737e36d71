"""The report as PDF: WeasyPrint renders the page's own HTML (print media, A4)."""

from __future__ import annotations

from weasyprint import HTML

from server.report.model import SessionReport
from server.report.page import render_page

__all__ = ["render_pdf"]


def render_pdf(r: SessionReport) -> bytes:
    """The PDF of the report: the same template, each rep's replay as a strip of frames."""
    pdf = HTML(string=render_page(r, for_pdf=True)).write_pdf()
    if pdf is None:  # write_pdf returns the bytes when no target is given
        raise RuntimeError("WeasyPrint wrote no PDF")
    return bytes(pdf)

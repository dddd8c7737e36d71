"""A recorded pose drawn as a small SVG skeleton (`pose.joints.BONES`), cropped to the body."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from pose.joints import BONES
from server.report.model import Skeleton

__all__ = ["MIN_VISIBILITY", "skeleton_svg", "strip_svg"]

MIN_VISIBILITY = 0.4  # a landmark seen less surely than this is not drawn (as the overlay)
_MARGIN = 0.08  # of the body's larger extent, around it


def _box(pictures: Sequence[Skeleton]) -> tuple[float, float, float, float]:
    """(x0, y0, width, height) in image-width units around every drawn point."""
    xs, ys = [], []
    for pic in pictures:
        for i, (x, y, v) in enumerate(pic.points):
            if v >= MIN_VISIBILITY and (i == 0 or i >= 11):
                xs.append(x * pic.aspect)
                ys.append(y)
    if not xs:
        return 0.0, 0.0, 1.0, 1.0
    size = max(max(xs) - min(xs), max(ys) - min(ys), 0.05)
    pad = size * _MARGIN
    return min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad


def _lines(pic: Skeleton, dx: float) -> str:
    pts = [(x * pic.aspect + dx, y, v) for x, y, v in pic.points]
    out = []
    for a, b in BONES:
        (xa, ya, va), (xb, yb, vb) = pts[a], pts[b]
        if va >= MIN_VISIBILITY and vb >= MIN_VISIBILITY:
            out.append(f'<line x1="{xa:.4f}" y1="{ya:.4f}" x2="{xb:.4f}" y2="{yb:.4f}"/>')
    dots = "".join(
        f'<circle cx="{x:.4f}" cy="{y:.4f}" r="0.008"/>'
        for x, y, v in pts[11:]
        if v >= MIN_VISIBILITY
    )
    return f'<g>{"".join(out)}</g><g stroke="none">{dots}</g>'


def _svg(
    body: str, box: tuple[float, float, float, float], width_px: int, label: str, line: float
) -> str:
    x0, y0, w, h = box
    height_px = round(width_px * h / w)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.4f} {y0:.4f} {w:.4f} {h:.4f}" '
        f'width="{width_px}" height="{height_px}" role="img" aria-label="{escape(label)}">'
        f'<rect x="{x0:.4f}" y="{y0:.4f}" width="{w:.4f}" height="{h:.4f}" fill="#f4f6f9"/>'
        # Presentation attributes, not a <style>: a style in an inline SVG would apply to
        # every SVG of the page.
        f'<g stroke="#0b5cad" stroke-width="{line:.4f}" stroke-linecap="round" fill="#00806f">'
        f"{body}</g></svg>"
    )


def skeleton_svg(pic: Skeleton, width_px: int = 260, label: str = "") -> str:
    box = _box([pic])
    return _svg(_lines(pic, 0.0), box, width_px, label, box[2] / 70)


def strip_svg(frames: Sequence[Skeleton], width_px: int = 640, label: str = "") -> str:
    """The frames side by side, each in the same box (so the movement shows)."""
    if not frames:
        return ""
    x0, y0, w, h = _box(frames)
    step = w * 1.05
    body = "".join(_lines(pic, i * step) for i, pic in enumerate(frames))
    return _svg(body, (x0, y0, step * len(frames), h), width_px, label, w / 50)

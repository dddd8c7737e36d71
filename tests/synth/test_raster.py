"""The software rasteriser: coverage, depth order and back-face culling, by table."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from synth.raster import rasterise

W, H = 64, 48


def _tri(points: list[tuple[float, float]], depth: float) -> tuple[np.ndarray, np.ndarray]:
    # y-down pixels; clockwise on screen = negative area = front-facing here
    return np.array([points], dtype=np.float64), np.full((1, 3), depth)


@pytest.mark.parametrize(
    "points",
    [
        [(5.0, 5.0), (5.0, 40.0), (50.0, 20.0)],
        [(1.2, 1.7), (3.9, 6.2), (6.5, 2.1)],  # a few pixels, the common case on a mesh
        [(-30.0, -10.0), (-30.0, 90.0), (120.0, 20.0)],  # clipped by the image border
    ],
)
def test_covers_what_opencv_covers(points: list[tuple[float, float]]) -> None:
    px, depth = _tri(points, 2.0)
    frags = rasterise(px, depth, W, H, cull_back=False)
    ours = np.zeros(W * H, dtype=bool)
    ours[frags.pixel] = True
    ref = np.zeros((H, W), dtype=np.uint8)
    cv2.fillConvexPoly(ref, np.round(px[0] - 0.5).astype(np.int32), 1)
    differ = np.sum(ours.reshape(H, W) != ref.astype(bool))
    perimeter = sum(np.hypot(*np.subtract(points[i], points[i - 1])) for i in range(3))
    # both agree inside; they may differ by about one pixel along the edges
    assert differ <= perimeter + 4
    assert ours.sum() > 0


def test_the_nearer_triangle_wins_each_pixel() -> None:
    square = [(10.0, 10.0), (10.0, 30.0), (30.0, 20.0)]
    px = np.array([square, square], dtype=np.float64)
    depth = np.array([[3.0, 3.0, 3.0], [2.0, 2.0, 2.0]])
    frags = rasterise(px, depth, W, H, cull_back=False)
    assert set(frags.face.tolist()) == {1}
    assert np.allclose(frags.depth, 2.0)


def test_depth_is_interpolated_across_a_sloped_triangle() -> None:
    px = np.array([[(0.0, 0.0), (0.0, 48.0), (64.0, 24.0)]], dtype=np.float64)
    depth = np.array([[1.0, 1.0, 3.0]])
    dmap = rasterise(px, depth, W, H, cull_back=False).depth_map(W, H)
    row = dmap[24]
    seen = row[np.isfinite(row)]
    assert seen[0] == pytest.approx(1.0, abs=0.05)
    assert np.all(np.diff(seen) > 0)  # further right is further away


def test_back_faces_are_culled_and_triangles_behind_the_camera_dropped() -> None:
    front = [(5.0, 5.0), (5.0, 40.0), (50.0, 20.0)]
    back = [front[0], front[2], front[1]]
    px, depth = _tri(front, 2.0)
    assert len(rasterise(px, depth, W, H).pixel) > 0
    px, depth = _tri(back, 2.0)
    assert len(rasterise(px, depth, W, H).pixel) == 0
    px, depth = _tri(front, -1.0)
    assert len(rasterise(px, depth, W, H, cull_back=False).pixel) == 0

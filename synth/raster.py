"""A vectorised numpy z-buffer triangle rasteriser (no OpenGL, no GPU).

Triangles are grouped by the size of their pixel bounding box; each group tests every
pixel centre of its boxes at once (barycentric coordinates), and the nearest fragment per
pixel wins. Dense meshes have tiny triangles, so almost all work happens in a few large
numpy operations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Fragments", "rasterise"]

Mat = npt.NDArray[np.float64]
_BOX_SIZES = (2, 3, 4, 6, 8, 12, 16, 32, 64, 128, 256, 512)
_MAX_CANDIDATES = 4_000_000  # pixel tests per numpy batch, bounds memory


@dataclass(frozen=True, slots=True)
class Fragments:
    """The winning fragment per covered pixel: flat pixel index, face index and depth (m)."""

    pixel: npt.NDArray[np.int64]
    face: npt.NDArray[np.int64]
    depth: Mat

    def depth_map(self, width_px: int, height_px: int) -> Mat:
        """(H, W) depth in metres; +inf where no triangle covers the pixel."""
        out = np.full(width_px * height_px, np.inf)
        out[self.pixel] = self.depth
        return out.reshape(height_px, width_px)


def _group_fragments(
    tri: Mat, inv_z: Mat, idx: npt.NDArray[np.int64], size: int, shape_wh: tuple[int, int]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], Mat]:
    width, height = shape_wh
    x0 = np.floor(tri[:, :, 0].min(axis=1)).astype(np.int64)
    y0 = np.floor(tri[:, :, 1].min(axis=1)).astype(np.int64)
    oy, ox = np.divmod(np.arange(size * size), size)
    px = x0[:, None] + ox[None, :]
    py = y0[:, None] + oy[None, :]
    cx = px + 0.5
    cy = py + 0.5
    a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]

    def edge(p: Mat, q: Mat) -> Mat:
        return np.asarray(
            (q[:, None, 0] - p[:, None, 0]) * (cy - p[:, None, 1])
            - (q[:, None, 1] - p[:, None, 1]) * (cx - p[:, None, 0]),
            dtype=np.float64,
        )

    area = (b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0])
    w0 = edge(b, c) / area[:, None]
    w1 = edge(c, a) / area[:, None]
    w2 = 1.0 - w0 - w1
    inside = (w0 >= 0) & (w1 >= 0) & (w2 >= -1e-9)
    inside &= (px >= 0) & (px < width) & (py >= 0) & (py < height)
    iz = w0 * inv_z[:, 0, None] + w1 * inv_z[:, 1, None] + w2 * inv_z[:, 2, None]
    rows, cols = np.nonzero(inside)
    pixel = py[rows, cols] * width + px[rows, cols]
    return pixel, idx[rows], iz[rows, cols]


def rasterise(
    tri_px: Mat, tri_depth: Mat, width_px: int, height_px: int, cull_back: bool = True
) -> Fragments:
    """Nearest triangle per pixel.

    `tri_px` (F, 3, 2) pixel positions, `tri_depth` (F, 3) camera depths (> 0; triangles
    with a vertex behind the camera are dropped). Degenerate triangles are skipped, and
    with `cull_back` so are triangles facing away (outward counter-clockwise winding, which
    shows as a negative area in y-down pixels). Boxes over 512 px are not drawn.
    """
    keep = np.all(tri_depth > 0.05, axis=1)
    lo = tri_px.min(axis=1)
    hi = tri_px.max(axis=1)
    keep &= (hi[:, 0] >= 0) & (lo[:, 0] < width_px) & (hi[:, 1] >= 0) & (lo[:, 1] < height_px)
    ab = tri_px[:, 1] - tri_px[:, 0]
    ac = tri_px[:, 2] - tri_px[:, 0]
    area = ab[:, 0] * ac[:, 1] - ab[:, 1] * ac[:, 0]
    keep &= (area < -1e-9) if cull_back else (np.abs(area) > 1e-9)
    idx_all = np.nonzero(keep)[0]
    span = (np.ceil(hi) - np.floor(lo)).max(axis=1)[idx_all] + 1
    pixels, faces, inv_depths = [], [], []
    prev = 0
    for size in _BOX_SIZES:
        group = idx_all[(span > prev) & (span <= size)]
        prev = size
        step = max(1, _MAX_CANDIDATES // (size * size))
        for start in range(0, len(group), step):
            g = group[start : start + step]
            p, f, iz = _group_fragments(
                tri_px[g], 1.0 / tri_depth[g], g, size, (width_px, height_px)
            )
            pixels.append(p)
            faces.append(f)
            inv_depths.append(iz)
    if not pixels:
        empty = np.zeros(0, dtype=np.int64)
        return Fragments(empty, empty, np.zeros(0))
    pixel = np.concatenate(pixels)
    face = np.concatenate(faces)
    inv_depth = np.concatenate(inv_depths)
    order = np.lexsort((-inv_depth, pixel))
    pixel, face, inv_depth = pixel[order], face[order], inv_depth[order]
    first = np.ones(len(pixel), dtype=bool)
    first[1:] = pixel[1:] != pixel[:-1]
    return Fragments(pixel[first], face[first], 1.0 / inv_depth[first])

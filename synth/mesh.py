"""Simple shaded meshes besides the body (props): a sphere, a capped cylinder, a ribbon
loop, and joining meshes into one for the rasteriser.

Closed shapes are wound outward counter-clockwise, as the rasteriser's back-face culling
expects; a ribbon is open, so it carries each triangle in both windings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Mesh", "cylinder", "join", "ribbon_loop", "sphere"]

Mat = npt.NDArray[np.float64]
Faces = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Mesh:
    """Scene-metre `vertices` (V, 3), `faces` (F, 3) and RGB 0-1 per face (F, 3)."""

    vertices: Mat
    faces: Faces
    face_rgb: Mat


def _coloured(vertices: Mat, faces: Faces, rgb: tuple[int, int, int]) -> Mesh:
    colour = np.repeat(np.asarray(rgb, dtype=np.float64)[None] / 255.0, len(faces), axis=0)
    return Mesh(vertices, faces, colour)


def _outward(vertices: Mat, faces: Faces, centre: Mat) -> Faces:
    """Each face wound so its normal points away from `centre` (a convex shape's middle)."""
    tri = vertices[faces]
    normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    inward = np.sum(normal * (tri.mean(axis=1) - centre), axis=1) < 0
    out = faces.copy()
    out[inward] = out[inward][:, ::-1]
    return out


def _grid_faces(rows: int, cols: int, *, wrap: bool) -> Faces:
    """Two triangles per cell of a rows x cols vertex grid (columns wrap around)."""
    faces: list[tuple[int, int, int]] = []
    last = cols if wrap else cols - 1
    for r in range(rows - 1):
        for c in range(last):
            a, b = r * cols + c, r * cols + (c + 1) % cols
            faces += [(a, b + cols, b), (a, a + cols, b + cols)]
    return np.asarray(faces, dtype=np.int64)


def _across(axis: Mat) -> tuple[Mat, Mat]:
    """Two unit vectors across `axis`, at right angles."""
    w = axis / np.linalg.norm(axis)
    helper = np.eye(3)[int(np.argmin(np.abs(w)))]
    u = np.cross(w, helper)
    u /= np.linalg.norm(u)
    return u, np.cross(w, u)


def sphere(centre: Mat, radius_m: float, rgb: tuple[int, int, int], segments: int = 20) -> Mesh:
    lat = np.linspace(0.0, np.pi, segments // 2 + 1)
    lon = np.linspace(0.0, 2 * np.pi, segments, endpoint=False)
    la, lo = np.meshgrid(lat, lon, indexing="ij")
    unit = np.stack([np.sin(la) * np.cos(lo), np.cos(la), np.sin(la) * np.sin(lo)], axis=-1)
    vertices = centre + radius_m * unit.reshape(-1, 3)
    faces = _grid_faces(len(lat), segments, wrap=True)
    tri = vertices[faces]
    area = np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
    faces = faces[area > 1e-12]  # the poles' collapsed cells
    return _coloured(vertices, _outward(vertices, faces, centre), rgb)


def cylinder(
    a: Mat, b: Mat, radius_m: float, rgb: tuple[int, int, int], segments: int = 16
) -> Mesh:
    """A closed cylinder from `a` to `b`."""
    u, v = _across(b - a)
    angle = np.linspace(0.0, 2 * np.pi, segments, endpoint=False)
    ring = radius_m * (np.cos(angle)[:, None] * u + np.sin(angle)[:, None] * v)
    vertices = np.concatenate([a + ring, b + ring, [a, b]])
    faces = list(_grid_faces(2, segments, wrap=True))
    for cap, centre in ((0, 2 * segments), (segments, 2 * segments + 1)):
        faces += [(centre, cap + i, cap + (i + 1) % segments) for i in range(segments)]
    mid = (a + b) / 2.0
    return _coloured(vertices, _outward(vertices, np.asarray(faces, dtype=np.int64), mid), rgb)


def ribbon_loop(loop: Mat, across: Mat, width_m: float, rgb: tuple[int, int, int]) -> Mesh:
    """A band of `width_m` along the closed polyline `loop` (N, 3), spread along `across`."""
    half = width_m / 2.0 * across / np.linalg.norm(across)
    vertices = np.concatenate([loop - half, loop + half])
    faces = _grid_faces(2, len(loop), wrap=True)
    both = np.concatenate([faces, faces[:, ::-1]])
    return _coloured(vertices, both, rgb)


def join(meshes: Sequence[Mesh]) -> Mesh:
    """One mesh of all of `meshes` (faces renumbered)."""
    offsets = np.cumsum([0, *(len(m.vertices) for m in meshes[:-1])])
    return Mesh(
        np.concatenate([m.vertices for m in meshes]),
        np.concatenate([m.faces + off for m, off in zip(meshes, offsets, strict=True)]),
        np.concatenate([m.face_rgb for m in meshes]),
    )

"""A simple room behind the person: plank floor, exercise mat, walls, one point light.

The room is ray cast once per clip (the camera does not move); per frame only the soft
contact shadow of the body on the floor changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from synth.camera import Camera

__all__ = ["Room", "RoomImage", "floor_shadow", "render_room"]

Mat = npt.NDArray[np.float64]
_SHADOW_CELL_M = 0.02


@dataclass(frozen=True, slots=True)
class Room:
    """Colours (RGB 0-1) and sizes of the room; the person lies or kneels near the origin."""

    half_size_m: float
    height_m: float
    wall_rgb: tuple[float, float, float]
    floor_rgb: tuple[float, float, float]
    mat_rgb: tuple[float, float, float]
    mat_centre_xz: tuple[float, float]
    mat_size_xz: tuple[float, float]
    light_pos: tuple[float, float, float]
    brightness: float


@dataclass(frozen=True, slots=True)
class RoomImage:
    """The rendered empty room and where each pixel meets the floor."""

    rgb: Mat  # (H, W, 3) 0-1
    floor_mask: npt.NDArray[np.bool_]  # (H, W)
    floor_xz: Mat  # (N, 2) floor coordinates of the floor pixels, metres


def _hash01(i: npt.NDArray[np.int64], salt: int) -> Mat:
    h = (i * 374761393 + salt * 668265263) & 0xFFFFFFFF
    h = (h ^ (h >> 13)) * 1274126177 & 0xFFFFFFFF
    return np.asarray((h & 0xFFFF) / 65535.0, dtype=np.float64)


def render_room(room: Room, camera: Camera) -> RoomImage:
    rays = camera.rays().reshape(-1, 3)
    origin = camera.position
    n = rays.shape[0]
    t_best = np.full(n, np.inf)
    kind = np.zeros(n, dtype=np.int64)  # 0 floor, 1 ceiling, 2 wall
    with np.errstate(divide="ignore", invalid="ignore"):
        for axis, value, k in (
            (1, 0.0, 0),
            (1, room.height_m, 1),
            (0, room.half_size_m, 2),
            (0, -room.half_size_m, 2),
            (2, room.half_size_m, 2),
            (2, -room.half_size_m, 2),
        ):
            t = (value - origin[axis]) / rays[:, axis]
            better = (t > 1e-6) & (t < t_best)
            t_best = np.where(better, t, t_best)
            kind = np.where(better, k, kind)
    hit = origin[None, :] + rays * t_best[:, None]
    rgb = np.empty((n, 3))
    floor = kind == 0
    fx, fz = hit[floor, 0], hit[floor, 2]
    plank = np.floor(fz / 0.14).astype(np.int64)
    joint = np.floor(fx / 1.2 + 0.37 * plank).astype(np.int64)
    tone = 0.85 + 0.25 * _hash01(plank * 97 + joint, 1)
    seam = (np.abs(fz / 0.14 - np.round(fz / 0.14)) < 0.04).astype(np.float64)
    rgb[floor] = np.asarray(room.floor_rgb)[None] * (tone * (1 - 0.35 * seam))[:, None]
    mx, mz = room.mat_centre_xz
    sx, sz = room.mat_size_xz
    on_mat = (np.abs(fx - mx) < sx / 2) & (np.abs(fz - mz) < sz / 2)
    floor_idx = np.nonzero(floor)[0]
    rgb[floor_idx[on_mat]] = np.asarray(room.mat_rgb)
    wall = kind == 2
    wy = hit[wall, 1]
    rgb[wall] = np.asarray(room.wall_rgb)[None] * (0.9 + 0.1 * wy / room.height_m)[:, None]
    rgb[wall & (hit[:, 1] < 0.09)] = (0.92, 0.92, 0.9)  # skirting board
    rgb[kind == 1] = (0.95, 0.95, 0.95)
    # one point light near the ceiling: inverse-square-ish falloff plus ambient
    dist = np.linalg.norm(hit - np.asarray(room.light_pos)[None], axis=1)
    light = room.brightness * (0.55 + 0.6 / (1.0 + 0.15 * dist**2))
    rgb = np.clip(rgb * light[:, None], 0.0, 1.0)
    h, w = camera.height_px, camera.width_px
    return RoomImage(rgb.reshape(h, w, 3), floor.reshape(h, w), np.stack([fx, fz], axis=1))


def floor_shadow(room_image: RoomImage, vertices: Mat, strength: float = 0.55) -> Mat:
    """(N,) darkening factor 0-1 for the floor pixels from the body's vertices above them."""
    low = vertices[vertices[:, 1] < 0.5]
    if len(low) == 0 or len(room_image.floor_xz) == 0:
        return np.ones(len(room_image.floor_xz))
    lo = low[:, [0, 2]].min(axis=0) - 0.3
    cells = np.ceil((low[:, [0, 2]].max(axis=0) + 0.3 - lo) / _SHADOW_CELL_M).astype(np.int64) + 1
    grid = np.zeros((int(cells[0]), int(cells[1])))
    ij = ((low[:, [0, 2]] - lo) / _SHADOW_CELL_M).astype(np.int64)
    np.add.at(grid, (ij[:, 0], ij[:, 1]), np.exp(-low[:, 1] / 0.12))
    grid = np.clip(cv2.GaussianBlur(grid, (0, 0), 3.0) / 2.0, 0.0, 1.0).astype(np.float64)
    fij = ((room_image.floor_xz - lo) / _SHADOW_CELL_M).astype(np.int64)
    inside = (fij[:, 0] >= 0) & (fij[:, 0] < grid.shape[0]) & (fij[:, 1] >= 0)
    inside &= fij[:, 1] < grid.shape[1]
    shade = np.zeros(len(fij))
    shade[inside] = grid[fij[inside, 0], fij[inside, 1]]
    return np.asarray(1.0 - strength * shade, dtype=np.float64)

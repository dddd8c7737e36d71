"""A pinhole camera in the scene frame (y up, floor at y = 0), and projection to pixels."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Camera", "look_at"]

Mat = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Camera:
    """`rotation` maps scene to camera axes (x right, y down, z forward); `position` in metres."""

    position: Mat
    rotation: Mat
    width_px: int
    height_px: int
    hfov_deg: float

    @property
    def focal_px(self) -> float:
        return (self.width_px / 2.0) / math.tan(math.radians(self.hfov_deg) / 2.0)

    def to_camera(self, points: Mat) -> Mat:
        """(N, 3) scene points to camera coordinates (z = depth in metres)."""
        return np.asarray((points - self.position) @ self.rotation.T, dtype=np.float64)

    def project(self, points: Mat) -> tuple[Mat, Mat]:
        """(N, 3) scene points to (N, 2) pixel positions (x right, y down) and (N,) depths."""
        cam = self.to_camera(points)
        depth = cam[:, 2]
        safe = np.where(depth > 1e-6, depth, 1e-6)
        f = self.focal_px
        px = np.stack(
            [
                f * cam[:, 0] / safe + self.width_px / 2.0,
                f * cam[:, 1] / safe + self.height_px / 2.0,
            ],
            axis=1,
        )
        return px, depth

    def rays(self) -> Mat:
        """(H, W, 3) unit ray directions in the scene frame through every pixel centre."""
        f = self.focal_px
        xs = (np.arange(self.width_px) + 0.5 - self.width_px / 2.0) / f
        ys = (np.arange(self.height_px) + 0.5 - self.height_px / 2.0) / f
        gx, gy = np.meshgrid(xs, ys)
        cam = np.stack([gx, gy, np.ones_like(gx)], axis=-1)
        scene = cam @ self.rotation  # inverse rotation: R^T applied to row vectors
        return np.asarray(scene / np.linalg.norm(scene, axis=-1, keepdims=True), dtype=np.float64)


def look_at(
    position: npt.ArrayLike,
    target: npt.ArrayLike,
    width_px: int,
    height_px: int,
    *,
    hfov_deg: float = 60.0,
    roll_deg: float = 0.0,
) -> Camera:
    """A level camera at `position` looking at `target` (scene up is +y), optionally rolled."""
    pos = np.asarray(position, dtype=np.float64)
    forward = np.asarray(target, dtype=np.float64) - pos
    forward /= np.linalg.norm(forward)
    right = np.cross(forward, np.array([0.0, 1.0, 0.0]))
    if np.linalg.norm(right) < 1e-6:  # looking straight down or up
        right = np.array([1.0, 0.0, 0.0])
    right /= np.linalg.norm(right)
    down = np.cross(forward, right)
    rot = np.stack([right, down, forward])
    if roll_deg:
        c, s = math.cos(math.radians(roll_deg)), math.sin(math.radians(roll_deg))
        rot = np.array([[c, s, 0.0], [-s, c, 0.0], [0.0, 0.0, 1.0]]) @ rot
    return Camera(pos, rot, width_px, height_px, hfov_deg)

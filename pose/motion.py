"""Image motion of the trunk for breathing: how fast the belly (or chest) rises.

`RegionMotion(region).measure(frame, pose)` runs dense optical flow (Farneback) between
the previous and this frame inside a box on the trunk and returns the upward speed of
the moving surface in torso lengths per second (+ rising, - falling), or None while it
has no previous frame or cannot place the box. "Up" is image-up: the camera stands
upright, so the ceiling the belly rises toward is up in the image from the side, the
feet end or an angle. One instance per stream (it keeps the previous frame).

Regions: `trunk` (most of the trunk between hips and shoulders: the breath signal, which
survives a camera at an angle where the knees or an arm cover part of the belly), `belly`
and `chest` (small boxes, compared side-on to tell belly from chest breathing). Use as
pipeline probes: {"trunk_motion": TrunkMotion().measure, "belly_motion": ...}.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
import numpy.typing as npt

from pose.geometry import length, midpoint
from pose.joints import Joint
from pose.signals import BELLY_MOTION, CHEST_MOTION, TRUNK_MOTION
from pose.types import Frame, PoseFrame

__all__ = [
    "FARNEBACK",
    "PROBES",
    "BellyMotion",
    "ChestMotion",
    "MotionConfig",
    "RegionBox",
    "RegionMotion",
    "TrunkMotion",
]

Region = Literal["belly", "chest", "trunk"]

# cv2.calcOpticalFlowFarneback's pyr_scale, levels, winsize, iterations, poly_n,
# poly_sigma, flags (the page's on-device probes are handed the same).
FARNEBACK: tuple[float, int, int, int, int, float, int] = (0.5, 2, 9, 3, 5, 1.1, 0)


@dataclass(frozen=True, slots=True)
class RegionBox:
    """A box on the trunk, in torso lengths: centred `centre_frac` of the way from the hip
    midpoint to the shoulder midpoint, `half_along` / `half_across` the trunk."""

    centre_frac: float
    half_along: float
    half_across: float


# The lower belly sits just above the pelvis, the chest (sternum) below the shoulders;
# 0.18 along keeps those two apart. 0.35 across reaches over the body's top surface (the
# silhouette that moves in a side view) with room for a thick belly. The trunk box spans
# 0.05-0.95 of the trunk and reaches further across: at 45 deg the bent knees hide part
# of the belly, and the hands, forearms and the chest's outline still show each breath
# (synthetic 45 deg clips: the belly box follows the scripted breath with r = 0.75, the
# trunk box with r = 0.99).
REGIONS: dict[Region, RegionBox] = {
    "belly": RegionBox(0.3, 0.18, 0.35),
    "chest": RegionBox(0.75, 0.18, 0.35),
    "trunk": RegionBox(0.5, 0.45, 0.45),
}


@dataclass(frozen=True, slots=True)
class MotionConfig:
    # Work at this box height in pixels: flow on a small crop is cheap and the breathing
    # motion (a few pixels per second) survives the downscale of a typical webcam frame.
    work_px: int = 96
    # Only the best-textured pixels carry flow (edges, folds, the silhouette): this share.
    top_gradient_share: float = 0.2
    # Frames further apart than this are not compared (a stall or a cut).
    max_gap_s: float = 0.5
    # A torso shorter than this (pixels) is too small to measure a breath on.
    min_torso_px: float = 40.0


def _box(pose: PoseFrame, region: Region, cfg: MotionConfig) -> tuple[int, int, int, int] | None:
    """Axis-aligned pixel box (x0, y0, x1, y1) around the region's trunk segment."""
    shoulder = midpoint(pose.px(Joint.LEFT_SHOULDER), pose.px(Joint.RIGHT_SHOULDER))
    hip = midpoint(pose.px(Joint.LEFT_HIP), pose.px(Joint.RIGHT_HIP))
    axis = shoulder - hip
    torso_px = length(axis)
    if torso_px < cfg.min_torso_px:
        return None
    unit = axis / torso_px
    normal = np.array([-unit[1], unit[0]])
    spec = REGIONS[region]
    centre = hip + spec.centre_frac * axis
    a = spec.half_along * torso_px
    c = spec.half_across * torso_px
    corners = [centre + s * a * unit + t * c * normal for s in (-1, 1) for t in (-1, 1)]
    xs = [float(p[0]) for p in corners]
    ys = [float(p[1]) for p in corners]
    w, h = pose.image_size_px
    x0, x1 = max(0, int(min(xs))), min(w, int(max(xs)) + 1)
    y0, y1 = max(0, int(min(ys))), min(h, int(max(ys)) + 1)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    return x0, y0, x1, y1


def _torso_px(pose: PoseFrame) -> float:
    shoulder = midpoint(pose.px(Joint.LEFT_SHOULDER), pose.px(Joint.RIGHT_SHOULDER))
    hip = midpoint(pose.px(Joint.LEFT_HIP), pose.px(Joint.RIGHT_HIP))
    return length(shoulder - hip)


class RegionMotion:
    """Upward speed of one trunk region, torso lengths per second (see module doc)."""

    def __init__(self, region: Region = "belly", config: MotionConfig | None = None) -> None:
        if region not in REGIONS:
            raise ValueError(f"region must be one of {sorted(REGIONS)}, got {region!r}")
        self.region: Region = region
        self.config = config if config is not None else MotionConfig()
        # The previous frame's image (a reference: frames are never written to). Only the
        # box is converted to grey, per frame: converting whole 720p frames cost a third
        # of the probes' time.
        self._prev_bgr: npt.NDArray[np.uint8] | None = None
        self._prev_ms = -1

    def reset(self) -> None:
        self._prev_bgr = None

    def __call__(self, frame: Frame, pose: PoseFrame) -> float | None:
        return self.measure(frame, pose)

    def measure(self, frame: Frame, pose: PoseFrame) -> float | None:
        if (frame.width_px, frame.height_px) != pose.image_size_px:
            raise ValueError(
                f"pose is for a {pose.image_size_px} image, frame is "
                f"{(frame.width_px, frame.height_px)}"
            )
        image = np.asarray(frame.image_bgr, dtype=np.uint8)
        prev, prev_ms = self._prev_bgr, self._prev_ms
        self._prev_bgr, self._prev_ms = image, frame.timestamp_ms
        dt_s = (frame.timestamp_ms - prev_ms) / 1000.0
        if prev is None or prev.shape != image.shape or not 0.0 < dt_s <= self.config.max_gap_s:
            return None
        box = _box(pose, self.region, self.config)
        if box is None:
            return None
        vy_px_per_frame = self._flow_up_px(prev, image, box)
        if vy_px_per_frame is None:
            return None
        return vy_px_per_frame / _torso_px(pose) / dt_s

    def _flow_up_px(
        self,
        prev_bgr: npt.NDArray[np.uint8],
        bgr: npt.NDArray[np.uint8],
        box: tuple[int, int, int, int],
    ) -> float | None:
        """Upward flow of the textured pixels in the box, in full-image pixels per frame."""
        x0, y0, x1, y1 = box
        scale = min(1.0, self.config.work_px / (y1 - y0))
        size = (max(8, round((x1 - x0) * scale)), max(8, round((y1 - y0) * scale)))
        a, b = (
            cv2.resize(
                cv2.cvtColor(img[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY),
                size,
                interpolation=cv2.INTER_AREA,
            )
            for img in (prev_bgr, bgr)
        )
        flow = np.asarray(cv2.calcOpticalFlowFarneback(a, b, None, *FARNEBACK), dtype=np.float32)
        gx = cv2.Sobel(b, cv2.CV_32F, 1, 0, ksize=3)
        gy = cv2.Sobel(b, cv2.CV_32F, 0, 1, ksize=3)
        grad = np.hypot(gx, gy)
        cut = float(np.quantile(grad, 1.0 - self.config.top_gradient_share))
        mask = grad >= max(cut, 1e-3)
        if not np.any(mask):
            return None  # a blank box: nothing to see move
        return float(-np.mean(flow[..., 1][mask])) / scale


class BellyMotion(RegionMotion):
    def __init__(self, config: MotionConfig | None = None) -> None:
        super().__init__("belly", config)


class ChestMotion(RegionMotion):
    def __init__(self, config: MotionConfig | None = None) -> None:
        super().__init__("chest", config)


class TrunkMotion(RegionMotion):
    def __init__(self, config: MotionConfig | None = None) -> None:
        super().__init__("trunk", config)


# The probe for each signal (`pose.signals`), as the pipeline builds them.
PROBES: dict[str, type[RegionMotion]] = {
    TRUNK_MOTION: TrunkMotion,
    BELLY_MOTION: BellyMotion,
    CHEST_MOTION: ChestMotion,
}

"""Synthetic breathing video: a lying figure whose belly (and hand on it) rises and falls.

`breathing_clip(...)` yields (Frame, PoseFrame) pairs: images drawn with OpenCV, and the
pose that a perfect estimator would report for them (shoulders, hips, knees, ankles and
the hand on the belly). The breath follows `breath_phase`: a smooth inhale of `inhale_s`
then a smooth exhale of `exhale_s`, repeated; `chest_px`/`belly_px` set how far each
region rises. `roll_deg` rolls the camera; `scale` zooms.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import cv2
import numpy as np

from pose.joints import NUM_JOINTS, Joint
from pose.types import Frame, PoseFrame

W_PX, H_PX = 320, 240
_HAND_JOINTS = (Joint.LEFT_WRIST, Joint.RIGHT_WRIST, Joint.LEFT_INDEX, Joint.RIGHT_INDEX)


def breath_phase(t_s: float, inhale_s: float, exhale_s: float) -> float:
    """Lung fill 0 (empty) .. 1 (full) at time t."""
    cycle = inhale_s + exhale_s
    u = t_s % cycle
    if u < inhale_s:
        return 0.5 - 0.5 * math.cos(math.pi * u / inhale_s)
    return 0.5 + 0.5 * math.cos(math.pi * (u - inhale_s) / exhale_s)


def _backdrop(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    noise = rng.normal(0, 1, (H_PX // 8, W_PX // 8))
    img = cv2.resize(noise, (W_PX, H_PX), interpolation=cv2.INTER_CUBIC)
    img = (170 + 18 * img).clip(0, 255).astype(np.uint8)
    floor = img.copy()
    floor[150:] = (img[150:] * 0.7).astype(np.uint8)  # the mat
    return cv2.cvtColor(floor, cv2.COLOR_GRAY2BGR)


def _points(belly_rise: float, chest_rise: float) -> dict[Joint, tuple[float, float]]:
    """Side view, head to the left: image points in pixels (unrotated)."""
    return {
        Joint.LEFT_SHOULDER: (80.0, 132.0),
        Joint.RIGHT_SHOULDER: (80.0, 134.0),
        Joint.LEFT_HIP: (200.0, 138.0),
        Joint.RIGHT_HIP: (200.0, 140.0),
        Joint.LEFT_KNEE: (250.0, 95.0),
        Joint.RIGHT_KNEE: (252.0, 97.0),
        Joint.LEFT_ANKLE: (285.0, 145.0),
        Joint.RIGHT_ANKLE: (287.0, 147.0),
        Joint.LEFT_WRIST: (105.0, 112.0 - chest_rise),
        Joint.RIGHT_WRIST: (165.0, 110.0 - belly_rise),
        Joint.LEFT_INDEX: (115.0, 112.0 - chest_rise),
        Joint.RIGHT_INDEX: (175.0, 110.0 - belly_rise),
        Joint.NOSE: (45.0, 125.0),
    }


def _draw(img: np.ndarray, belly_rise: float, chest_rise: float) -> None:
    top = []
    for x in range(60, 215):
        chest = chest_rise * math.exp(-(((x - 100) / 22) ** 2))
        belly = belly_rise * math.exp(-(((x - 165) / 25) ** 2))
        top.append((int(x), round(118 - chest - belly)))
    poly = np.array([*top, (214, 150), (60, 150)], dtype=np.int32)
    cv2.fillPoly(img, [poly], (60, 50, 45), lineType=cv2.LINE_AA)
    for x in range(70, 210, 9):  # shirt stripes: texture that moves with the surface
        rise = chest_rise * math.exp(-(((x - 100) / 22) ** 2))
        rise += belly_rise * math.exp(-(((x - 165) / 25) ** 2))
        y = round(121 - rise)
        cv2.line(img, (x, y + 3), (x + 4, round(148 - 0.5 * rise)), (95, 85, 80), 2)
    cv2.ellipse(img, (170, round(110 - belly_rise)), (14, 6), 0, 0, 360, (150, 170, 205), -1)
    cv2.ellipse(img, (110, round(112 - chest_rise)), (14, 6), 0, 0, 360, (150, 170, 205), -1)
    cv2.line(img, (200, 140), (250, 95), (60, 50, 45), 14)  # thigh
    cv2.line(img, (250, 95), (285, 145), (60, 50, 45), 12)  # shin
    cv2.circle(img, (45, 125), 16, (120, 140, 180), -1)  # head


def breathing_clip(
    seconds: float,
    *,
    fps: float = 15.0,
    inhale_s: float = 4.0,
    exhale_s: float = 6.0,
    belly_px: float = 5.0,
    chest_px: float = 0.5,
    roll_deg: float = 0.0,
    scale: float = 1.0,
    seed: int = 0,
) -> Iterator[tuple[Frame, PoseFrame]]:
    base = _backdrop(seed)
    rng = np.random.default_rng(seed + 1)
    centre = (W_PX / 2, H_PX / 2)
    m = cv2.getRotationMatrix2D(centre, roll_deg, scale)
    for i in range(int(seconds * fps)):
        t_ms = round(i * 1000 / fps)
        fill = breath_phase(t_ms / 1000, inhale_s, exhale_s)
        img = base.copy()
        _draw(img, belly_px * fill, chest_px * fill)
        img = cv2.warpAffine(img, m, (W_PX, H_PX), borderMode=cv2.BORDER_REFLECT)
        noisy = img.astype(np.float32) + rng.normal(0, 2.0, img.shape).astype(np.float32)
        frame = Frame(noisy.clip(0, 255).astype(np.uint8), t_ms, i)
        xyz = np.zeros((NUM_JOINTS, 3))
        pts = _points(belly_px * fill, chest_px * fill)
        xyz[:, :2] = np.array([160.0, 130.0])
        for joint, (x, y) in pts.items():
            xyz[joint, :2] = (x, y)
        xyz0 = xyz.copy()
        xy = xyz[:, :2] @ m[:, :2].T + m[:, 2]
        xyz[:, 0] = xy[:, 0] / W_PX
        xyz[:, 1] = xy[:, 1] / H_PX
        # World: the unrotated side view in metres (~0.42 m torso), left side further
        # from the camera (+z), hands on the front of the body.
        world = np.zeros((NUM_JOINTS, 3))
        world[:, 0] = xyz0[:, 0] / 280.0
        world[:, 1] = xyz0[:, 1] / 280.0
        for joint in Joint:
            if joint.name.startswith("LEFT_") and joint not in _HAND_JOINTS:
                world[joint, 2] = 0.1
            elif joint.name.startswith("RIGHT_") and joint not in _HAND_JOINTS:
                world[joint, 2] = -0.1
        world -= (world[Joint.LEFT_HIP] + world[Joint.RIGHT_HIP]) / 2
        vis = np.full(NUM_JOINTS, 0.95)
        yield frame, PoseFrame(t_ms, xyz, world, vis, (W_PX, H_PX))

"""Builders for PoseFrames with known geometry (no model needed)."""

from __future__ import annotations

import numpy as np

from pose.joints import NUM_JOINTS, Joint
from pose.types import PoseFrame


def pose_from_points(
    points_norm: dict[Joint, tuple[float, float]],
    timestamp_ms: int = 0,
    image_size_px: tuple[int, int] = (640, 480),
    world: dict[Joint, tuple[float, float, float]] | None = None,
    visibility: float = 0.99,
) -> PoseFrame:
    """A PoseFrame with the given joints placed; the rest sit at the hip midpoint."""
    xyz = np.zeros((NUM_JOINTS, 3))
    centre = np.mean(list(points_norm.values()), axis=0) if points_norm else (0.5, 0.5)
    xyz[:, :2] = centre
    for j, (x, y) in points_norm.items():
        xyz[j, :2] = (x, y)
    w = np.zeros((NUM_JOINTS, 3))
    if world:
        for j, p in world.items():
            w[j] = p
    return PoseFrame(timestamp_ms, xyz, w, np.full(NUM_JOINTS, visibility), image_size_px)


def standing_world() -> dict[Joint, tuple[float, float, float]]:
    """A person standing, facing the camera (world metres: x right, y down, z away)."""
    return {
        Joint.LEFT_SHOULDER: (0.18, -0.5, 0.0),
        Joint.RIGHT_SHOULDER: (-0.18, -0.5, 0.0),
        Joint.LEFT_HIP: (0.1, 0.0, 0.0),
        Joint.RIGHT_HIP: (-0.1, 0.0, 0.0),
        Joint.LEFT_KNEE: (0.1, 0.45, 0.0),
        Joint.RIGHT_KNEE: (-0.1, 0.45, 0.0),
        Joint.LEFT_ANKLE: (0.1, 0.9, 0.0),
        Joint.RIGHT_ANKLE: (-0.1, 0.9, 0.0),
    }


def rotate_world(
    world: dict[Joint, tuple[float, float, float]], matrix: np.ndarray
) -> dict[Joint, tuple[float, float, float]]:
    out = {}
    for j, p in world.items():
        x, y, z = (matrix @ np.asarray(p)).tolist()
        out[j] = (float(x), float(y), float(z))
    return out


def project(
    world: dict[Joint, tuple[float, float, float]],
    scale: float = 0.4,
    centre: tuple[float, float] = (0.5, 0.5),
) -> dict[Joint, tuple[float, float]]:
    """Orthographic projection of world points to normalised image points (4:3 image)."""
    cx, cy = centre
    return {j: (cx + scale * x * 0.75, cy + scale * y) for j, (x, y, _z) in world.items()}


# A lying body's torso turned to point along the camera axis (x kept, y -> -z, z -> y).
LENGTHWISE = np.array([[1, 0, 0], [0, 0, -1], [0, 1, 0]], dtype=float)


def lengthwise_pose(timestamp_ms: int = 0) -> PoseFrame:
    """A lying body seen from its head or feet end: upright in the image (as a camera at
    the end sees it), its torso pointing at the camera in the world landmarks."""
    world = rotate_world(standing_world(), LENGTHWISE)
    return pose_from_points(project(standing_world()), timestamp_ms, world=world)


def half_kneeling_world() -> dict[Joint, tuple[float, float, float]]:
    """A half-kneel facing the camera: left knee down behind, its shin flat on the floor
    pointing away; right foot forward, thigh flat, shin upright (world metres)."""
    return standing_world() | {
        Joint.LEFT_KNEE: (0.1, 0.45, 0.1),
        Joint.LEFT_ANKLE: (0.1, 0.5, 0.5),
        Joint.RIGHT_KNEE: (-0.1, 0.05, -0.45),
        Joint.RIGHT_ANKLE: (-0.1, 0.5, -0.45),
    }


def long_sitting_world() -> dict[Joint, tuple[float, float, float]]:
    """Sitting upright on the floor facing the camera, legs straight out towards it."""
    return standing_world() | {
        Joint.LEFT_KNEE: (0.1, 0.05, -0.45),
        Joint.RIGHT_KNEE: (-0.1, 0.05, -0.45),
        Joint.LEFT_ANKLE: (0.1, 0.1, -0.9),
        Joint.RIGHT_ANKLE: (-0.1, 0.1, -0.9),
    }


def front_pose(world: dict[Joint, tuple[float, float, float]], timestamp_ms: int = 0) -> PoseFrame:
    """`world` as a camera in front sees it: image points are its orthographic projection."""
    return pose_from_points(project(world), timestamp_ms, world=world)

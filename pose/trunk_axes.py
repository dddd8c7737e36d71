"""The body's own axes in the world landmarks, the one place they are worked out.

World landmarks are metres, camera-aligned (x right, y down as in the image, z away).
Trunk T (hip midpoint to shoulder midpoint), lateral L (right to left, hips and shoulders
summed), front F = L x T; unit vectors. `pose.view` reads the body's position from them,
`exercises.body_axes` their parts along image-down.
"""

from __future__ import annotations

from pose.geometry import cross, length
from pose.joints import Joint
from pose.types import FloatArray, PoseFrame

__all__ = ["trunk_axes", "unit"]


def unit(v: FloatArray) -> FloatArray:
    """`v` scaled to length 1 (a zero vector stays as it is)."""
    n = length(v)
    return v / n if n > 1e-9 else v


def trunk_axes(pose: PoseFrame) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(T, L, F) of `pose`, as the module says."""
    w = pose.xyz_world
    hip = (w[Joint.LEFT_HIP] + w[Joint.RIGHT_HIP]) / 2
    trunk = unit((w[Joint.LEFT_SHOULDER] + w[Joint.RIGHT_SHOULDER]) / 2 - hip)
    lateral = unit(
        (w[Joint.LEFT_HIP] - w[Joint.RIGHT_HIP])
        + (w[Joint.LEFT_SHOULDER] - w[Joint.RIGHT_SHOULDER])
    )
    return trunk, lateral, unit(cross(lateral, trunk))

"""The body's own axes from the world landmarks, to tell lying on the back from the side.

World landmarks are metres, camera-aligned (x right, y down as in the image, z away).
Trunk T (hips to shoulders), lateral L (right to left hip and shoulder), front F = L x T.
Unit vectors; "down" is image-down: the camera stands upright.
"""

from __future__ import annotations

from dataclasses import dataclass

from pose.geometry import cross, length
from pose.joints import Joint
from pose.types import FloatArray, PoseFrame

__all__ = ["BodyAxes", "body_axes"]


def _unit(v: FloatArray) -> FloatArray:
    n = length(v)
    return v / n if n > 1e-9 else v


@dataclass(frozen=True, slots=True)
class BodyAxes:
    trunk_down: float  # |T . down|: 0 lying, 1 upright
    lateral_down: float  # |L . down|: near 1 lying on a side
    front_down: float  # |F . down|: near 1 lying on the back or front

    @property
    def on_side(self) -> bool:
        """The left-right axis is nearer vertical than the front-back axis."""
        return self.lateral_down > self.front_down


def body_axes(pose: PoseFrame) -> BodyAxes:
    w = pose.xyz_world
    hip = (w[Joint.LEFT_HIP] + w[Joint.RIGHT_HIP]) / 2
    trunk = _unit((w[Joint.LEFT_SHOULDER] + w[Joint.RIGHT_SHOULDER]) / 2 - hip)
    lateral = _unit(
        (w[Joint.LEFT_HIP] - w[Joint.RIGHT_HIP])
        + (w[Joint.LEFT_SHOULDER] - w[Joint.RIGHT_SHOULDER])
    )
    front = _unit(cross(lateral, trunk))
    # A unit vector's component along image-down (0, 1, 0) is its y.
    return BodyAxes(abs(float(trunk[1])), abs(float(lateral[1])), abs(float(front[1])))

"""The body's own axes (`pose.trunk_axes`) along image-down, to tell lying on the back
from the side. "Down" is image-down: the camera stands upright.
"""

from __future__ import annotations

from dataclasses import dataclass

from pose.trunk_axes import trunk_axes
from pose.types import PoseFrame

__all__ = ["BodyAxes", "body_axes"]


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
    trunk, lateral, front = trunk_axes(pose)
    # A unit vector's component along image-down (0, 1, 0) is its y.
    return BodyAxes(abs(float(trunk[1])), abs(float(lateral[1])), abs(float(front[1])))

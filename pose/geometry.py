"""Pure geometry on points: joint angles, segment inclines, body-size normalisation.

Every function takes plain arrays (2-D image points in pixels, or 3-D world points in
metres) and returns degrees or a unitless ratio. No state, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = [
    "angle_between_deg",
    "angle_deg",
    "body_scale",
    "cross",
    "incline_deg",
    "length",
    "midpoint",
    "normalised_distance",
    "signed_angle_deg",
]

Point = npt.NDArray[np.float64]
_EPS = 1e-9


# These take 2- and 3-vectors one at a time, dozens a frame: plain float math, since a
# numpy call on so few numbers costs many times the sum itself.


def _floats(v: Sequence[float] | Point) -> list[float]:
    return v.tolist() if isinstance(v, np.ndarray) else [float(x) for x in v]


def length(v: Sequence[float] | Point) -> float:
    """Euclidean length of a 2-D or 3-D vector."""
    return math.hypot(*v)


def cross(u: Sequence[float] | Point, v: Sequence[float] | Point) -> Point:
    """Cross product of two 3-D vectors."""
    ux, uy, uz = u
    vx, vy, vz = v
    return np.array((uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx), dtype=np.float64)


def angle_deg(a: Point, vertex: Point, c: Point) -> float:
    """Angle a-vertex-c in degrees, in [0, 180]. Degenerate (zero-length) arms give 180.

    Works for 2-D and 3-D points alike.
    """
    return angle_between_deg(np.subtract(a, vertex), np.subtract(c, vertex))


def angle_between_deg(u: Point, v: Point) -> float:
    """Angle between two vectors in degrees, in [0, 180]; 180 if either is zero-length."""
    uu, vv = _floats(u), _floats(v)
    nu = math.hypot(*uu)
    nv = math.hypot(*vv)
    if nu < _EPS or nv < _EPS:
        return 180.0
    cos = sum(a * b for a, b in zip(uu, vv, strict=True)) / (nu * nv)
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def signed_angle_deg(u: Point, v: Point) -> float:
    """Signed 2-D angle from u to v in degrees, in (-180, 180], image axes (y down)."""
    cross = float(u[0] * v[1] - u[1] * v[0])
    dot = float(u[0] * v[0] + u[1] * v[1])
    return math.degrees(math.atan2(cross, dot))


def incline_deg(start: Point, end: Point) -> float:
    """Incline of the 2-D segment start->end above the image horizontal, in [0, 90].

    0 is horizontal, 90 vertical; the direction of travel does not matter.
    """
    dx = abs(float(end[0] - start[0]))
    dy = abs(float(end[1] - start[1]))
    if dx < _EPS and dy < _EPS:
        return 0.0
    return math.degrees(math.atan2(dy, dx))


def midpoint(a: Point, b: Point) -> Point:
    return (np.asarray(a, dtype=np.float64) + np.asarray(b, dtype=np.float64)) / 2.0


def body_scale(shoulder_mid: Point, hip_mid: Point) -> float:
    """Torso length (shoulder midpoint to hip midpoint): the body's own ruler."""
    return length(np.subtract(shoulder_mid, hip_mid))


def normalised_distance(a: Point, b: Point, scale: float) -> float:
    """Distance a-b divided by a body-size scale (e.g. torso length); unitless.

    Raises ValueError for a non-positive scale: a ratio against nothing means nothing.
    """
    if not scale > 0.0:
        raise ValueError(f"scale must be > 0, got {scale}")
    return length(np.subtract(a, b)) / scale

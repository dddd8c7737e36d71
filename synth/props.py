"""Props that move with the body: a ball squeezed between the knees, a mini band around the
thighs above the knees, a dumbbell resting across the hips (synth.spec.PROPS).

Each is rebuilt every frame from the posed joints, so it follows the body; it is drawn in
the same z-buffer, so it hides what it covers as the real one would. The body's motion is
the script's: the props change the picture, never the truth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from synth.body import Body
from synth.mesh import Mesh, cylinder, join, ribbon_loop, sphere
from synth.rig import J, Rig

__all__ = ["PropFit", "prop_mesh"]

Mat = npt.NDArray[np.float64]
_BALL_RGB = ((70, 120, 200), (220, 110, 150), (120, 190, 110), (240, 200, 70))
_BAND_RGB = ((200, 50, 50), (60, 150, 80), (230, 200, 40), (60, 90, 190))
_HEAD_RGB = ((30, 30, 35), (40, 80, 160), (150, 40, 40))
_HANDLE_RGB = (120, 120, 125)
_BAND_ABOVE_KNEE_M = 0.09
_BAND_WIDTH_M = 0.05
_BALL_RADIUS_M = 0.1  # a 20 cm soft ball: it bulges past the knees it is squeezed between
_HEAD_RADIUS_M = 0.055
_HANDLE_RADIUS_M = 0.016


def _unit(v: Mat) -> Mat:
    return np.asarray(v / max(float(np.linalg.norm(v)), 1e-9), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class PropFit:
    """Sizes of one body the props fit around, and the prop's colours (from the seed)."""

    thigh_radius_m: float  # above the knee, where the band sits
    pelvis_front_m: float  # pelvis joint to the front of the hips, where the dumbbell rests
    rgb: tuple[int, int, int]
    accent_rgb: tuple[int, int, int]

    @classmethod
    def of(cls, body: Body, kind: str, seed: int) -> PropFit:
        v, joints = body.rest_vertices, body.rest_joints
        knee, hip = joints[J["l_knee"]], joints[J["l_hip"]]
        axis = _unit(hip - knee)
        at = knee + _BAND_ABOVE_KNEE_M * axis
        rel = v - at
        along = rel @ axis
        across = np.linalg.norm(rel - along[:, None] * axis, axis=1)
        slab = (np.abs(along) < 0.015) & (across < 0.12)
        thigh = float(np.percentile(across[slab], 90)) if slab.any() else 0.065
        pelvis = joints[J["pelvis"]]
        band = (np.abs(v[:, 1] - pelvis[1]) < 0.04) & (np.abs(v[:, 0] - pelvis[0]) < 0.08)
        front = float(v[band, 2].max() - pelvis[2]) if band.any() else 0.1
        rng = np.random.default_rng(seed + 101)
        palette = {"ball": _BALL_RGB, "band": _BAND_RGB, "dumbbell": _HEAD_RGB}[kind]
        return cls(thigh, front, palette[int(rng.integers(len(palette)))], _HANDLE_RGB)


def _ball(joints: Mat, fit: PropFit) -> Mesh:
    knees = (joints[J["l_knee"]] + joints[J["r_knee"]]) / 2.0
    hips = (joints[J["l_hip"]] + joints[J["r_hip"]]) / 2.0
    return sphere(knees + 0.05 * _unit(hips - knees), _BALL_RADIUS_M, fit.rgb)


def _band(joints: Mat, fit: PropFit) -> Mesh:
    """A stadium loop hugging both thighs, across the mean thigh direction."""
    centres, dirs = [], []
    for s in ("l", "r"):
        knee, hip = joints[J[f"{s}_knee"]], joints[J[f"{s}_hip"]]
        dirs.append(_unit(hip - knee))
        centres.append(knee + _BAND_ABOVE_KNEE_M * dirs[-1])
    d = _unit(dirs[0] + dirs[1])
    a, b = centres
    u = _unit((b - a) - ((b - a) @ d) * d)
    w = np.cross(d, u)
    r = fit.thigh_radius_m + 0.006
    half = np.linspace(np.pi / 2, 3 * np.pi / 2, 12)  # around A, away from B
    loop = [a + r * (np.cos(t) * u + np.sin(t) * w) for t in half]
    loop += [b + r * (np.cos(t) * u + np.sin(t) * w) for t in half - np.pi]
    return ribbon_loop(np.asarray(loop), d, _BAND_WIDTH_M, fit.rgb)


def _dumbbell(joints: Mat, rig: Rig, fit: PropFit) -> Mesh:
    anterior = rig.world(J["pelvis"]) @ np.array([0.0, 0.0, 1.0])
    across = _unit(joints[J["l_hip"]] - joints[J["r_hip"]])
    centre = joints[J["pelvis"]] + anterior * (fit.pelvis_front_m + _HEAD_RADIUS_M * 0.8)
    parts = [
        cylinder(centre - 0.16 * across, centre + 0.16 * across, _HANDLE_RADIUS_M, fit.accent_rgb)
    ]
    for sign in (1.0, -1.0):
        inner, outer = centre + sign * 0.08 * across, centre + sign * 0.15 * across
        parts.append(cylinder(inner, outer, _HEAD_RADIUS_M, fit.rgb))
    return join(parts)


def prop_mesh(kind: str, joints: Mat, rig: Rig, fit: PropFit) -> Mesh:
    """The prop `kind` for one frame of the posed body (`joints`: 22 scene joints)."""
    if kind == "ball":
        return _ball(joints, fit)
    if kind == "band":
        return _band(joints, fit)
    if kind == "dumbbell":
        return _dumbbell(joints, rig, fit)
    raise ValueError(f"unknown prop {kind!r}; valid: ball, band, dumbbell")

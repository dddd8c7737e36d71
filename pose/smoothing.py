"""Landmark smoothing: a vectorised One Euro filter (Casiez, Roussel & Vogel, CHI 2012).

Applied to all 33x3 coordinates at once. Tuned for slow floor exercises: a low minimum
cutoff removes the jitter of a still, lying body, while `beta` lets the cutoff rise
with speed so a rep's top is not flattened or delayed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pose.types import PoseFrame

__all__ = ["OneEuroConfig", "OneEuroFilter", "PoseSmoother"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class OneEuroConfig:
    min_cutoff_hz: float = 1.0  # at rest: ~1 Hz keeps breathing (0.1-0.3 Hz) and reps intact
    beta: float = 0.3  # cutoff rise per unit/s of speed: follows a rep without lag
    d_cutoff_hz: float = 1.0  # cutoff for the speed estimate itself
    reset_after_ms: int = 1000  # a gap this long (pose lost) restarts the filter

    def __post_init__(self) -> None:
        if self.min_cutoff_hz <= 0 or self.d_cutoff_hz <= 0 or self.beta < 0:
            raise ValueError(f"OneEuroConfig needs positive cutoffs and beta >= 0: {self}")


def _alpha(cutoff_hz: FloatArray | float, dt_s: float) -> FloatArray:
    tau = 1.0 / (2.0 * math.pi * np.asarray(cutoff_hz, dtype=np.float64))
    return np.asarray(1.0 / (1.0 + tau / dt_s), dtype=np.float64)


class OneEuroFilter:
    """One Euro filter over an array of any shape; time in milliseconds."""

    def __init__(self, config: OneEuroConfig | None = None) -> None:
        self.config = config or OneEuroConfig()
        self._x: FloatArray | None = None
        self._dx: FloatArray | None = None
        self._t_ms = 0

    def reset(self) -> None:
        self._x = None
        self._dx = None

    def __call__(self, value: FloatArray, timestamp_ms: int) -> FloatArray:
        cfg = self.config
        if self._x is None or self._dx is None or timestamp_ms - self._t_ms > cfg.reset_after_ms:
            self._x, self._dx, self._t_ms = value.copy(), np.zeros_like(value), timestamp_ms
            return value.copy()
        dt_s = max(timestamp_ms - self._t_ms, 1) / 1000.0
        dx = (value - self._x) / dt_s
        dx_hat = self._dx + _alpha(cfg.d_cutoff_hz, dt_s) * (dx - self._dx)
        cutoff = cfg.min_cutoff_hz + cfg.beta * np.abs(dx_hat)
        x_hat = self._x + _alpha(cutoff, dt_s) * (value - self._x)
        self._x, self._dx, self._t_ms = x_hat, dx_hat, timestamp_ms
        return x_hat.copy()


class PoseSmoother:
    """Smooths a tracked person's image and world landmarks; reset on a new person."""

    def __init__(self, config: OneEuroConfig | None = None) -> None:
        self._norm = OneEuroFilter(config)
        self._world = OneEuroFilter(config)

    def reset(self) -> None:
        self._norm.reset()
        self._world.reset()

    def __call__(self, pose: PoseFrame) -> PoseFrame:
        ts = pose.timestamp_ms
        return PoseFrame(
            ts,
            self._norm(pose.xyz_norm, ts),
            self._world(pose.xyz_world, ts),
            pose.visibility,
            pose.image_size_px,
        )

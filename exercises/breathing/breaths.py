"""Breaths from a rise-and-fall signal: low-pass, then turning points with hysteresis.

The signal is any measure of the belly's height (body units, up positive): the hand on
the belly, or the integrated belly motion from the image. A turning point is confirmed
when the signal has come back from its running extreme by more than a threshold that
adapts to the recent breath size (never below a noise floor), and only after a minimum
time in the phase; a breath is trough -> peak -> trough.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import dataclass

__all__ = ["Breath", "BreathDetector", "BreathSignalConfig"]


@dataclass(frozen=True, slots=True)
class BreathSignalConfig:
    # Low-pass time constant: removes landmark jitter and flow noise (tens of ms) while a
    # slow breath (2-10 s phases) passes with a small, equal lag on peaks and troughs.
    smooth_s: float = 0.35
    # Smallest rise counted as a breath, body units: below this is noise. Set per source.
    floor: float = 0.006
    # Hysteresis as a share of the median of the last few breath sizes (swings).
    adaptive_share: float = 0.3
    # A phase (inhale or exhale) shorter than this is a wobble, not breathing: 0.8 s caps
    # the rate near 35 breaths per minute, far above a relaxed 6-15.
    min_phase_s: float = 0.8
    # Turning points are timed over the samples within this share of the hysteresis of
    # the extreme (a flat top or bottom), not at the single highest or lowest sample.
    band_share: float = 0.1
    # The first breath starts at the last sample within this share of the hysteresis of
    # the lowest point seen (a still lead-in is not part of it).
    start_band_share: float = 0.3
    # A breath longer than this is a pause or a gap: start afresh.
    max_breath_s: float = 30.0


@dataclass(frozen=True, slots=True)
class Breath:
    start_ms: int
    peak_ms: int
    end_ms: int
    size: float  # peak over the mean of its troughs, signal units

    @property
    def inhale_s(self) -> float:
        return (self.peak_ms - self.start_ms) / 1000.0

    @property
    def exhale_s(self) -> float:
        return (self.end_ms - self.peak_ms) / 1000.0

    @property
    def rate_bpm(self) -> float:
        return 60000.0 / max(1, self.end_ms - self.start_ms)


class BreathDetector:
    """Feed (timestamp_ms, value) in time order; returns a Breath when one completes."""

    def __init__(self, config: BreathSignalConfig | None = None) -> None:
        self.config = config if config is not None else BreathSignalConfig()
        self.reset()

    def reset(self) -> None:
        self._y: float | None = None
        self._t_ms = 0
        self._rising: bool | None = None  # direction of the current phase; None: not yet known
        self._lo: tuple[int, float] | None = None  # lowest and highest since the start,
        self._hi: tuple[int, float] | None = None  # while the direction is not yet known
        self._ext_y = 0.0  # running extreme of the current phase
        self._ext_ms = 0
        self._turn_ms: int | None = None  # last confirmed turning point
        self._trough: tuple[int, float] | None = None
        self._peak: tuple[int, float] | None = None
        self._swings: deque[float] = deque(maxlen=4)
        self._phase: list[tuple[int, float]] = []  # smoothed samples since the last turn

    @property
    def threshold(self) -> float:
        cfg = self.config
        if not self._swings:
            return cfg.floor
        return max(cfg.floor, cfg.adaptive_share * statistics.median(self._swings))

    def open_breath(self) -> float:
        """How far a breath past its peak has come back down: its fall since the peak as
        a share of its rise from the trough (0 with no breath past its peak)."""
        if self._rising is not False or self._peak is None or self._trough is None:
            return 0.0
        rise = self._peak[1] - self._trough[1]
        return (self._peak[1] - self._ext_y) / rise if rise > 0 else 0.0

    def update(self, timestamp_ms: int, value: float) -> Breath | None:
        if not math.isfinite(value):
            raise ValueError(f"breath signal must be finite, got {value} at {timestamp_ms} ms")
        y = self._smooth(timestamp_ms, value)
        self._phase.append((timestamp_ms, y))
        if len(self._phase) > 4096:  # no turn for minutes (not breathing): bound the memory
            del self._phase[:2048]
        if self._rising is None:
            self._start(timestamp_ms, y)
            return None
        if (y > self._ext_y) == self._rising or y == self._ext_y:
            self._ext_y, self._ext_ms = y, timestamp_ms
            return None
        if abs(y - self._ext_y) < self.threshold:
            return None
        if (
            self._turn_ms is not None
            and self._ext_ms - self._turn_ms < self.config.min_phase_s * 1000
        ):
            return None
        return self._turn(y, timestamp_ms)

    def _start(self, t_ms: int, y: float) -> None:
        """Find the first direction: a rise from the lowest point starts an inhale there."""
        lo = self._lo if self._lo is not None and self._lo[1] <= y else (t_ms, y)
        hi = self._hi if self._hi is not None and self._hi[1] >= y else (t_ms, y)
        self._lo, self._hi = lo, hi
        if y - lo[1] >= self.threshold:
            # The first inhale starts where the signal leaves its low, not somewhere in
            # the stillness before it: the last sample near the low.
            band = self.config.start_band_share * self.threshold
            t0 = max(t for t, v in self._phase if v <= lo[1] + band)
            self._rising, self._trough, self._turn_ms = True, (t0, lo[1]), t0
        elif hi[1] - y >= self.threshold:
            self._rising, self._turn_ms = False, hi[0]  # mid-exhale: no breath to close yet
        else:
            return
        self._ext_y, self._ext_ms = y, t_ms

    def _smooth(self, t_ms: int, value: float) -> float:
        if self._y is None:
            self._y = value
        else:
            dt_s = max(0.0, (t_ms - self._t_ms) / 1000.0)
            alpha = 1.0 - math.exp(-dt_s / self.config.smooth_s) if self.config.smooth_s else 1.0
            self._y += alpha * (value - self._y)
        self._t_ms = t_ms
        return self._y

    def _turn(self, y: float, t_ms: int) -> Breath | None:
        """The running extreme is confirmed as a peak (was rising) or a trough."""
        # A breath's top and bottom are flat: noise moves the single extreme sample by a
        # large share of a second, so time the turn at the middle of the samples within
        # a narrow band of the extreme.
        band = self.config.band_share * self.threshold
        near = [t for t, v in self._phase if abs(v - self._ext_y) <= band]
        point = (round(sum(near) / len(near)) if near else self._ext_ms, self._ext_y)
        self._phase = [(t, v) for t, v in self._phase if t > self._ext_ms]
        was_rising = self._rising
        self._turn_ms = self._ext_ms
        self._rising = not was_rising
        self._ext_y, self._ext_ms = y, t_ms
        if was_rising:
            if self._trough is not None:
                self._swings.append(point[1] - self._trough[1])
            self._peak = point
            return None
        breath = None
        if self._trough is not None and self._peak is not None:
            self._swings.append(self._peak[1] - point[1])
            start_ms, end_ms = self._trough[0], point[0]
            if (end_ms - start_ms) <= self.config.max_breath_s * 1000:
                size = self._peak[1] - (self._trough[1] + point[1]) / 2
                breath = Breath(start_ms, self._peak[0], end_ms, size)
        self._trough, self._peak = point, None
        return breath

"""The top plateau of a rep: from when the movement reaches its top to when it starts back.

A hold is timed at the top, not between two threshold crossings: a threshold half-way up
counts half the lift and half the lowering as holding (a rendered 6 s hold read 7.3 s).
The plateau is the span around the rep's peak where the signal is high (at least
`min_frac` of the excursion) and nearly still (moving slower than `max_speed_frac` of the
excursion per second). Speed is a difference over `window_ms` of stream time, so the
result does not depend on the frame rate.

Two readings of the same rule: `at_top` judges the newest sample live (a backward
difference: it lags the movement by about half a window, at both ends alike), and
`plateau_span` times a finished rep from all its samples (a centred difference).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["PlateauConfig", "at_top", "plateau_span"]

Sample = tuple[int, float]  # (timestamp_ms, value)


@dataclass(frozen=True, slots=True)
class PlateauConfig:
    # High: at least this share of the rep's excursion above its rest level. Half-way
    # up is never the top, however slowly the patient moves there.
    min_frac: float = 0.5
    # Still: slower than this share of the excursion per second. A lift or lowering of
    # 1-2 s moves at 0.7-1.5 excursions/s through its middle; a held top drifts by under
    # 0.3/s; 0.5 timed nine labelled real holds within 0.2 s (README, holds table).
    max_speed_frac: float = 0.5
    # The speed is measured over this much stream time: three frames at 10 fps, enough
    # to average out landmark jitter (a few degrees per frame).
    window_ms: int = 300
    # A short push higher within a hold (under `gap_ms`, staying above `gap_frac` of the
    # excursion) is still holding: the still runs on either side of it are one plateau.
    gap_ms: int = 400
    gap_frac: float = 0.75

    def __post_init__(self) -> None:
        if not 0.0 < self.min_frac < 1.0 or self.max_speed_frac <= 0.0 or self.window_ms <= 0:
            raise ValueError(
                "PlateauConfig needs 0 < min_frac < 1, max_speed_frac > 0 and window_ms > 0, "
                f"got {self.min_frac}, {self.max_speed_frac}, {self.window_ms}"
            )


def _value_at(samples: Sequence[Sample], t_ms: float) -> float:
    """The signal at `t_ms`, linearly between samples (clamped to the ends)."""
    i = bisect_left(samples, t_ms, key=lambda s: s[0])
    if i <= 0:
        return samples[0][1]
    if i >= len(samples):
        return samples[-1][1]
    (t0, v0), (t1, v1) = samples[i - 1], samples[i]
    return v0 if t1 == t0 else v0 + (v1 - v0) * (t_ms - t0) / (t1 - t0)


def _still(speed: float, excursion: float, cfg: PlateauConfig) -> bool:
    return abs(speed) <= cfg.max_speed_frac * excursion


def at_top(recent: Sequence[Sample], baseline: float, excursion: float, cfg: PlateauConfig) -> bool:
    """Is the newest of `recent` (time-ordered, covering at least the last window) at the
    top: high and still? `excursion` is the expected rise (the patient's usual one)."""
    if not recent or excursion <= 0:
        return False
    t, v = recent[-1]
    if v < baseline + cfg.min_frac * excursion:
        return False
    t0 = max(recent[0][0], t - cfg.window_ms)
    if t - t0 < cfg.window_ms / 2:
        return False  # too little history to tell still from moving
    speed = (v - _value_at(recent, t0)) * 1000.0 / (t - t0)
    return _still(speed, excursion, cfg)


def plateau_span(
    samples: Sequence[Sample], baseline: float, cfg: PlateauConfig
) -> tuple[int, int] | None:
    """(start_ms, end_ms) of the finished rep's top plateau, or None if it has none.

    `samples` are the rep's (timestamp_ms, value) in time order; the excursion is its
    peak over `baseline` (or over its lowest sample before the peak, if lower). The span
    is the run of high, still samples nearest the peak.
    """
    if len(samples) < 2:
        return None
    peak_i = max(range(len(samples)), key=lambda i: samples[i][1])
    # From the lower of the rest level and the rep's own lowest before its peak: a slow or
    # gappy stream's rest level can sit part-way up (10 fps with frames lost read a rest
    # 5 deg higher), and a smaller excursion would take a held top's drift for movement.
    baseline = min([baseline, *(v for _, v in samples[: peak_i + 1])])
    excursion = samples[peak_i][1] - baseline
    if excursion <= 0:
        return None
    half = cfg.window_ms / 2
    ok: list[bool] = []
    for t, v in samples:
        lo, hi = max(samples[0][0], t - half), min(samples[-1][0], t + half)
        speed = (
            0.0
            if hi <= lo
            else (_value_at(samples, hi) - _value_at(samples, lo)) * 1000.0 / (hi - lo)
        )
        ok.append(v >= baseline + cfg.min_frac * excursion and _still(speed, excursion, cfg))
    candidates = [i for i, good in enumerate(ok) if good]
    if not candidates:
        return None
    high = [v >= baseline + cfg.gap_frac * excursion for _, v in samples]
    i = j = min(candidates, key=lambda k: abs(k - peak_i))
    i = _extend(ok, high, samples, i, step=-1, gap_ms=cfg.gap_ms)
    j = _extend(ok, high, samples, j, step=1, gap_ms=cfg.gap_ms)
    return samples[i][0], samples[j][0]


def _extend(
    ok: list[bool], high: list[bool], samples: Sequence[Sample], k: int, *, step: int, gap_ms: int
) -> int:
    """From plateau sample `k`, walk in `step` direction over ok samples and over short
    high gaps followed by more ok samples; the last ok index reached."""
    end = k
    n = len(ok)
    while True:
        m = first = end + step
        # The gap's own length, first to last sample off the plateau: from the last sample
        # on it, a slow stream's frame interval (100-300 ms at 10 fps with frames lost)
        # would eat most of `gap_ms` before the push had begun.
        while (
            0 <= m < n
            and not ok[m]
            and high[m]
            and abs(samples[m][0] - samples[first][0]) <= gap_ms
        ):
            m += step
        if not (0 <= m < n and ok[m]):
            return end
        end = m

"""A recorded stream as a slower or busier machine delivers it: fewer, uneven frames.

Generic over `Observation` lists (any exercise, any source). Each function keeps the
stream's first and last observation, so the stream spans the same time; timestamps are
never changed, since an engine takes time only from them. Seeded, so a failure replays.

- `decimate(obs, fps)`: what a camera (or an engine falling behind) at `fps` delivers.
- `jitter(obs, drop, seed)`: each frame lost at random with probability `drop`.
- `bursts(obs, gap_s, every_s, seed)`: a stall of `gap_s` about every `every_s` seconds
  (inference behind, frames dropped rather than queued), at random places.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pose.types import Observation

__all__ = ["Resampling", "bursts", "decimate", "jitter", "max_gap_ms", "resamplings"]


def _ends_kept(observations: Sequence[Observation], kept: list[Observation]) -> list[Observation]:
    if not observations:
        return []
    out = list(kept)
    if not out or out[0] is not observations[0]:
        out.insert(0, observations[0])
    if out[-1] is not observations[-1]:
        out.append(observations[-1])
    return out


def decimate(observations: Sequence[Observation], fps: float) -> list[Observation]:
    """The first observation at or after each tick of a `fps` clock from the first one."""
    if fps <= 0:
        raise ValueError(f"decimate needs fps > 0, got {fps}")
    if not observations:
        return []
    step_ms = 1000.0 / fps
    t0 = observations[0].timestamp_ms
    kept: list[Observation] = []
    next_ms = float(t0)
    for obs in observations:
        if obs.timestamp_ms >= next_ms - 1.0:  # timestamps are whole ms: 66.7 ms is met at 66
            kept.append(obs)
            # The next tick after this frame: a late frame does not make the next one early.
            ticks = int((obs.timestamp_ms - t0 + 1.0) / step_ms) + 1
            next_ms = t0 + ticks * step_ms
    return _ends_kept(observations, kept)


def jitter(
    observations: Sequence[Observation], drop: float = 0.3, seed: int = 0
) -> list[Observation]:
    """Each observation dropped with probability `drop` (0-1), independently."""
    if not 0.0 <= drop < 1.0:
        raise ValueError(f"jitter needs 0 <= drop < 1, got {drop}")
    rng = random.Random(seed)  # noqa: S311 -- a seeded replay, not a secret
    kept = [obs for obs in observations if rng.random() >= drop]
    return _ends_kept(observations, kept)


def bursts(
    observations: Sequence[Observation], gap_s: float = 0.5, every_s: float = 3.0, seed: int = 0
) -> list[Observation]:
    """Stalls: every `every_s` seconds on average, all frames of a `gap_s` span dropped."""
    if not (gap_s > 0 and every_s > gap_s):
        raise ValueError(f"bursts needs 0 < gap_s < every_s, got {gap_s}, {every_s}")
    if not observations:
        return []
    rng = random.Random(seed)  # noqa: S311 -- a seeded replay, not a secret
    t0, t_end = observations[0].timestamp_ms, observations[-1].timestamp_ms
    stalls: list[tuple[float, float]] = []
    t = t0 + rng.uniform(0.0, every_s * 1000)
    while t < t_end:
        stalls.append((t, t + gap_s * 1000))
        t += rng.uniform(0.5, 1.5) * every_s * 1000
    kept = [o for o in observations if not any(a <= o.timestamp_ms < b for a, b in stalls)]
    return _ends_kept(observations, kept)


def max_gap_ms(observations: Sequence[Observation]) -> int:
    """The longest time between consecutive observations."""
    times = [o.timestamp_ms for o in observations]
    return max((b - a for a, b in itertools.pairwise(times)), default=0)


@dataclass(frozen=True, slots=True)
class Resampling:
    """A named way a stream may arrive: `apply(obs)` gives the stream as delivered;
    `interval_ms` is its frame interval, None for an uneven one (see `max_gap_ms`)."""

    name: str
    apply: Callable[[Sequence[Observation]], list[Observation]]
    interval_ms: float | None


def _decimated(fps: int) -> Callable[[Sequence[Observation]], list[Observation]]:
    return lambda obs: decimate(obs, fps)


def _dropped(fps: int | None, seed: int) -> Callable[[Sequence[Observation]], list[Observation]]:
    return lambda obs: jitter(obs if fps is None else decimate(obs, fps), 0.3, seed)


def _stalled(seed: int) -> Callable[[Sequence[Observation]], list[Observation]]:
    return lambda obs: bursts(decimate(obs, 10), 0.6, 3.0, seed)


def resamplings(
    *,
    rates: Sequence[int] = (15, 10, 8),
    drops: Sequence[tuple[int | None, int]] = (),
    stalls: Sequence[int] = (),
) -> list[Resampling]:
    """The streams a slower camera or a loaded machine delivers, by name: each of `rates`
    (fps, "15fps"); 30% of the frames lost for each (fps or None for the full rate, seed)
    of `drops` ("10fps-drop30%-seed1", "drop30%-seed0"); a 0.6 s stall about every 3 s
    at 10 fps for each seed of `stalls` ("10fps-stalls-seed1")."""
    out = [Resampling(f"{fps}fps", _decimated(fps), 1000 / fps) for fps in rates]
    for fps, seed in drops:
        prefix = "" if fps is None else f"{fps}fps-"
        out.append(Resampling(f"{prefix}drop30%-seed{seed}", _dropped(fps, seed), None))
    out += [Resampling(f"10fps-stalls-seed{seed}", _stalled(seed), None) for seed in stalls]
    return out

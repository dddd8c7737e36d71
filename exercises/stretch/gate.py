"""Is the patient stretching, or only kneeling? Judged by the back thigh's swing.

Shifting the pelvis forward swings the kneeling leg's thigh back from the vertical by
10-25 deg. What the landmarks read for an upright kneel differs per body and camera
(0-12 deg), so the gate learns each side's upright-kneel reference while the patient
kneels without stretching, and asks for a clear swing past it. A patient who arrives
already in the stretch has no reference yet: then a fixed angle decides.

The reference is the median of the last few seconds of kneeling without stretching, kept
within what an upright kneel reads: one odd reading (the knee coming down, sitting back
on the heel) neither sets it nor sticks, and the shift itself, a second of rising samples
among seconds of kneeling, barely moves it.
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass

from exercises.events import SideName

__all__ = ["PlateauConfig", "StretchGate", "StretchGateConfig", "plateau_span"]


@dataclass(frozen=True, slots=True)
class StretchGateConfig:
    # Without a reference: the back thigh this far behind the vertical is a stretch. An
    # upright kneel reads at most ~12; a stretch 20-45.
    absolute_min_deg: float = 18.0
    # With a reference: this far past the patient's own upright kneel (about half the
    # smallest swing a real stretch makes, so the hold starts near the top of the shift).
    rise_min_deg: float = 7.0
    # Once stretching, the thigh may come back this much before the stretch ends, so
    # landmark jitter at the threshold does not chop a hold.
    release_deg: float = 3.0
    # The reference is the median of this many seconds of kneeling without stretching
    # (the latest ones), so a moment's odd reading is outvoted.
    reference_window_s: float = 3.0
    # ... once that kneeling spans this long; before, the fixed angle decides (the first
    # samples are often the knee still coming down).
    reference_min_s: float = 1.0
    # What an upright kneel reads (deg behind the vertical): the reference is kept in this
    # range. Below it is the leg still moving or sitting back; above it the patient was
    # already part-way into the stretch, and a reference there would hide the stretch.
    reference_min_deg: float = 0.0
    reference_max_deg: float = 12.0


class StretchGate:
    """One verdict per observation: `update(t_ms, side, kneeling, thigh_deg) -> bool`."""

    def __init__(self, config: StretchGateConfig | None = None) -> None:
        self.config = config if config is not None else StretchGateConfig()
        self._samples: dict[SideName, deque[tuple[int, float]]] = {}
        self._stretching = False

    def reference_deg(self, side: SideName) -> float | None:
        cfg = self.config
        samples = self._samples.get(side)
        if not samples or samples[-1][0] - samples[0][0] < cfg.reference_min_s * 1000:
            return None
        median = statistics.median(v for _, v in samples)
        return min(cfg.reference_max_deg, max(cfg.reference_min_deg, median))

    def threshold_deg(self, side: SideName) -> float:
        ref = self.reference_deg(side)
        if ref is None:
            return self.config.absolute_min_deg
        return ref + self.config.rise_min_deg

    def update(self, timestamp_ms: int, side: SideName, kneeling: bool, thigh_deg: float) -> bool:
        cfg = self.config
        if not kneeling:
            self._stretching = False
            return False
        threshold = self.threshold_deg(side)
        if self._stretching:
            self._stretching = thigh_deg >= threshold - cfg.release_deg
        else:
            self._stretching = thigh_deg >= threshold
        if not self._stretching:
            samples = self._samples.setdefault(side, deque())
            samples.append((timestamp_ms, thigh_deg))
            while timestamp_ms - samples[0][0] > cfg.reference_window_s * 1000:
                samples.popleft()
        return self._stretching


@dataclass(frozen=True, slots=True)
class PlateauConfig:
    """Timing a finished hold at its plateau, not at the threshold crossings.

    The plateau is judged on the pelvis (hips ahead of the kneeling knee, torso lengths):
    it moves forward and tucks under until the stretch is set, where the thigh angle can
    sit still while the pelvis is still tilting (a physio: thigh at its top 1.2 s before
    she has tucked the pelvis and set the hold).
    """

    # The hold's top level is this quantile of the pelvis over the hold: high, because the
    # pelvis keeps creeping forward a little through a hold, and a short hold's shift in
    # is a good part of its samples (a median sits low and lets the settling in count).
    level_quantile: float = 0.9
    # The plateau is where the pelvis is within this much (torso lengths) of that level.
    # A stretch moves it 0.25-0.35 forward; 0.03 is a tenth of that, above the plateau's
    # jitter (~0.005): each edge of the band adds the time the ramp takes to cross it, and
    # the landmarks' smoothing lag (~0.2 s) already makes the end late.
    band_torso: float = 0.03
    # An end is trimmed only when the hold began (ended) with the shift: its first (last)
    # sample this far below the level. A patient already in the stretch when the stream
    # starts, or pulsing in it, is holding from the first frame to the last.
    shift_torso: float = 0.06
    # Trim at most this much from either end: the shift into a stretch and setting the
    # pelvis take 1-3 s; a patient who deepens the stretch slowly keeps the rest.
    max_trim_s: float = 3.0


def plateau_span(
    samples: list[tuple[int, float]], start_ms: int, end_ms: int, cfg: PlateauConfig
) -> tuple[int, int]:
    """(start_ms, end_ms) of the hold's plateau, within [start_ms, end_ms].

    `samples` are (timestamp_ms, pelvis ahead in torso lengths) of the hold's frames.
    """
    inside = sorted(v for t, v in samples if start_ms <= t <= end_ms)
    if len(inside) < 3:
        return start_ms, end_ms
    level = inside[min(len(inside) - 1, int(len(inside) * cfg.level_quantile))]
    hold = [(t, v) for t, v in samples if start_ms <= t <= end_ms]
    floor = level - cfg.band_torso
    on = [i for i, (_, v) in enumerate(hold) if v >= floor]
    if not on:
        return start_ms, end_ms
    max_trim_ms = round(cfg.max_trim_s * 1000)
    # Where the pelvis crossed into (out of) the band, between the samples either side:
    # a frame rate's or a dropped frame's worth of quantisation is not hold time.
    first = _crossing_ms(hold[on[0] - 1], hold[on[0]], floor) if on[0] > 0 else hold[0][0]
    last = (
        _crossing_ms(hold[on[-1] + 1], hold[on[-1]], floor)
        if on[-1] + 1 < len(hold)
        else hold[-1][0]
    )
    p_start, p_end = min(first, start_ms + max_trim_ms), max(last, end_ms - max_trim_ms)
    shift_in = hold[0][1] < level - cfg.shift_torso
    shift_out = hold[-1][1] < level - cfg.shift_torso
    return (p_start if shift_in else start_ms), (p_end if shift_out else end_ms)


def _crossing_ms(off: tuple[int, float], on: tuple[int, float], floor: float) -> int:
    """When the straight line from the `off` sample to the `on` sample reaches `floor`."""
    (t_off, v_off), (t_on, v_on) = off, on
    if v_on <= v_off:
        return t_on
    return round(t_off + (t_on - t_off) * (floor - v_off) / (v_on - v_off))

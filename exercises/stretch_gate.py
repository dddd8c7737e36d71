"""Is the patient stretching, or only kneeling? Judged by the back thigh's swing.

Shifting the pelvis forward swings the kneeling leg's thigh back from the vertical by
10-25 deg. What the landmarks read for an upright kneel differs per body and camera
(0-12 deg), so the gate learns each side's upright-kneel reference while the patient
kneels without stretching, and asks for a clear swing past it. A patient who arrives
already in the stretch has no reference yet: then a fixed angle decides.
"""

from __future__ import annotations

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
    # The reference follows the upright kneel with this time constant (seconds); samples
    # already half-way to a stretch do not move it, so the shift itself cannot drag it up.
    reference_tau_s: float = 1.0


class StretchGate:
    """One verdict per observation: `update(t_ms, side, kneeling, thigh_deg) -> bool`."""

    def __init__(self, config: StretchGateConfig | None = None) -> None:
        self.config = config if config is not None else StretchGateConfig()
        self._reference: dict[SideName, float] = {}
        self._stretching = False
        self._last_ms: int | None = None

    def reference_deg(self, side: SideName) -> float | None:
        return self._reference.get(side)

    def threshold_deg(self, side: SideName) -> float:
        ref = self._reference.get(side)
        if ref is None:
            return self.config.absolute_min_deg
        return ref + self.config.rise_min_deg

    def update(self, timestamp_ms: int, side: SideName, kneeling: bool, thigh_deg: float) -> bool:
        cfg = self.config
        dt_s = 0.0 if self._last_ms is None else max(0.0, (timestamp_ms - self._last_ms) / 1000)
        self._last_ms = timestamp_ms
        if not kneeling:
            self._stretching = False
            return False
        threshold = self.threshold_deg(side)
        if self._stretching:
            self._stretching = thigh_deg >= threshold - cfg.release_deg
        else:
            self._stretching = thigh_deg >= threshold
        ref = self._reference.get(side)
        if not self._stretching:
            if ref is None:
                self._reference[side] = thigh_deg
            elif thigh_deg < ref + cfg.rise_min_deg / 2 or thigh_deg < ref:
                alpha = min(1.0, dt_s / cfg.reference_tau_s) if cfg.reference_tau_s else 1.0
                self._reference[side] = ref + alpha * (thigh_deg - ref)
        return self._stretching


@dataclass(frozen=True, slots=True)
class PlateauConfig:
    """Timing a finished hold at its plateau, not at the threshold crossings."""

    # The plateau is where the thigh is within this share of the swing (plateau level
    # minus the upright reference) of the level; with no reference, within `band_deg`.
    # Narrow, because each edge of the band adds the time the ramp takes to cross it, and
    # the landmarks' smoothing lag (~0.2 s) already makes the end late: a 20% band timed
    # synthetic holds ~0.5 s long, 10% ~0.25 s. `band_min_deg` stays above plateau jitter.
    band_share: float = 0.1
    band_min_deg: float = 1.5
    band_deg: float = 3.0
    # Trim at most this much from either end: the shift into or out of a stretch takes
    # 1-2 s; a patient who deepens the stretch slowly keeps the rest of the hold.
    max_trim_s: float = 1.5


def plateau_span(
    samples: list[tuple[int, float]],
    start_ms: int,
    end_ms: int,
    reference_deg: float | None,
    cfg: PlateauConfig,
) -> tuple[int, int]:
    """(start_ms, end_ms) of the hold's plateau, within [start_ms, end_ms].

    `samples` are (timestamp_ms, back thigh deg) of the hold's in-position frames.
    """
    inside = sorted(v for t, v in samples if start_ms <= t <= end_ms)
    if len(inside) < 3:
        return start_ms, end_ms
    level = inside[len(inside) // 2]
    band = cfg.band_deg
    if reference_deg is not None:
        band = max(cfg.band_min_deg, cfg.band_share * (level - reference_deg))
    on = [t for t, v in samples if start_ms <= t <= end_ms and v >= level - band]
    if not on:
        return start_ms, end_ms
    max_trim_ms = round(cfg.max_trim_s * 1000)
    return min(on[0], start_ms + max_trim_ms), max(on[-1], end_ms - max_trim_ms)

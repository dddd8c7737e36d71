"""Rep and hold timelines: when a motion leaves rest, reaches the top, holds and returns."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Phase", "RepTiming", "Tempo", "phase_at", "rep_timeline", "smoothstep"]


@dataclass(frozen=True, slots=True)
class Tempo:
    """Seconds per phase of one rep: lead-in at rest, up, top (hold), down, rest after."""

    lead_in_s: float = 2.0
    up_s: float = 1.2
    top_s: float = 0.4
    down_s: float = 1.2
    rest_s: float = 1.0

    def __post_init__(self) -> None:
        for name in ("lead_in_s", "up_s", "top_s", "down_s", "rest_s"):
            value = getattr(self, name)
            if not 0.0 <= value <= 600.0:
                raise ValueError(f"Tempo.{name} must be 0-600 s, got {value}")
        if self.up_s <= 0 or self.down_s <= 0:
            raise ValueError(f"Tempo up_s and down_s must be > 0, got {self.up_s}, {self.down_s}")


@dataclass(frozen=True, slots=True)
class RepTiming:
    """One rep in seconds from the clip start: leaves rest, reaches top, leaves top, back."""

    start_s: float
    top_s: float
    top_end_s: float
    end_s: float


@dataclass(frozen=True, slots=True)
class Phase:
    """Progress 0 (rest) .. 1 (top) at one instant, and which rep it belongs to (or None)."""

    level: float
    rep: int | None


def smoothstep(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return x * x * (3.0 - 2.0 * x)


def rep_timeline(reps: int, tempo: Tempo) -> tuple[list[RepTiming], float]:
    """Rep timings and the clip duration (lead-in, reps, then one more rest at the end)."""
    out: list[RepTiming] = []
    t = tempo.lead_in_s
    for _ in range(reps):
        top = t + tempo.up_s
        top_end = top + tempo.top_s
        end = top_end + tempo.down_s
        out.append(RepTiming(t, top, top_end, end))
        t = end + tempo.rest_s
    return out, t + max(0.0, tempo.lead_in_s - tempo.rest_s) * 0.5 + 0.5


def phase_at(t_s: float, reps: list[RepTiming]) -> Phase:
    for i, rep in enumerate(reps):
        if rep.start_s <= t_s < rep.end_s:
            if t_s < rep.top_s:
                level = smoothstep((t_s - rep.start_s) / (rep.top_s - rep.start_s))
            elif t_s < rep.top_end_s:
                level = 1.0
            else:
                level = 1.0 - smoothstep((t_s - rep.top_end_s) / (rep.end_s - rep.top_end_s))
            return Phase(level, i)
    return Phase(0.0, None)

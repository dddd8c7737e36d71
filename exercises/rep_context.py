"""What a rep engine reads and judges: one pose read as the exercise (`Reading`), one
finished rep with its measures (`RepContext`), a fault, and the median of a measure over
a phase. The types `exercises.mechanics.RepEngine` and each exercise's `read`, `judge`
and `recognise` share."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from exercises.base import Prescription
from exercises.counter import RepResult

__all__ = ["Anchors", "Aux", "Fault", "Reading", "RepContext", "median_of"]

Aux = Mapping[str, float]
Anchors = Mapping[str, tuple[float, float]]


def median_of(samples: tuple[tuple[int, Aux], ...], key: str) -> float | None:
    """The median of one auxiliary measure over a phase's samples; None if never measured."""
    values = [a[key] for _, a in samples if key in a]
    return statistics.median(values) if values else None


@dataclass(frozen=True, slots=True)
class Reading:
    """One pose read as the exercise."""

    visible: bool  # the joints the exercise needs are seen well enough
    position: str | None  # in-position key ("left"/"right" = side lying up), None if out
    start_position: bool  # at rest in the start position
    value: float  # the key angle, degrees
    hint: str | None = None  # setup-hint code while out of position
    aux: Aux | None = None  # extra measures for the form checks
    # Points that must stay put through a rep (the feet and shoulders of a bridge), in
    # pixels, and the body size to measure their moves in (pixels); their largest move
    # from the last rest, in the body size at rest, is aux "anchor_drift".
    anchors: Anchors | None = None
    anchor_scale_px: float = 0.0


@dataclass(frozen=True, slots=True)
class RepContext:
    """What `judge` sees of one finished rep."""

    rep: RepResult
    during: tuple[tuple[int, Aux], ...]  # aux measures from the rep's start to its end
    rest: tuple[tuple[int, Aux], ...]  # aux measures of the rest just before it
    reference_range: float  # the patient's usual excursion so far (before this rep)
    prescription: Prescription
    top_span_ms: tuple[int, int] | None = None  # the rep's top plateau (exercises.plateau)

    @property
    def top_s(self) -> float:
        """Seconds held at the top: the plateau's length, less the time in it when the form
        did not hold (aux "form_ok" 0: a foot or the shoulders off the floor, a hip
        dropped); 0 without a plateau."""
        span = self.top_span_ms
        if span is None:
            return 0.0
        inside = [(t, a) for t, a in self.during if span[0] <= t <= span[1]]
        broken_ms = sum(
            t1 - t0 for (t0, a0), (t1, _) in pairwise(inside) if a0.get("form_ok", 1.0) == 0.0
        )
        return max(0, span[1] - span[0] - broken_ms) / 1000.0


Fault = tuple[str, float | None]  # (fault code, the measured value that broke the rule)

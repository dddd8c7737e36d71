"""The ready gate: counting starts once the patient is in the start position and settled.

The exercise judges each pose twice: is the patient *in position* (lying the right way,
which keeps counting alive through a whole rep) and in the *start position* (at rest,
ready to begin). The gate opens ("ready") once the patient has been in position for
`settle_ms` without a break and was in the start position during that span; it closes
once they have been out of position for `leave_ms` (getting up, rolling over).

`position` is a key, not a bool, so a change of key (a clamshell patient turning onto the
other side) is a new span that has to settle again. `None` for the whole reading (no
pose) pauses the gate: it neither settles nor leaves on a frame it cannot see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["GateChange", "GateConfig", "PositionGate"]

GateChange = Literal["ready", "left"]


@dataclass(frozen=True, slots=True)
class GateConfig:
    # In position this long (with the start position seen) before counting: long enough
    # that a patient passing through the position while lying down or getting up is not
    # counted, short enough that a clip starting in position loses no rep (reps that began
    # in the span are still counted once it settles; see the engines).
    settle_ms: int = 500
    # Out of position this long closes the gate. A wobble or a misread frame lasts a few
    # frames; getting up or rolling over lasts well over a second.
    leave_ms: int = 700

    def __post_init__(self) -> None:
        if self.settle_ms < 0 or self.leave_ms < 0:
            raise ValueError(
                f"GateConfig times must be >= 0, got {self.settle_ms}, {self.leave_ms}"
            )


class PositionGate:
    """Opens once in position and settled; closes once out of position for a while."""

    def __init__(self, config: GateConfig | None = None) -> None:
        self.config = config if config is not None else GateConfig()
        self.ready = False
        self.key: str | None = None  # the position held now (e.g. the side lying up)
        self._since_ms: int | None = None  # start of the current in-position span
        self._out_since_ms: int | None = None
        self._start_seen = False

    @property
    def span_start_ms(self) -> int | None:
        """When the current in-position span began (None when out of position)."""
        return self._since_ms

    def update(
        self, timestamp_ms: int, position: str | None, start_position: bool
    ) -> GateChange | None:
        """Feed one judged pose: `position` is the position key, or None when out of it."""
        if position is not None and position == self.key:
            self._out_since_ms = None
            self._start_seen = self._start_seen or start_position
            if self._since_ms is None:
                self._since_ms = timestamp_ms
            settled = timestamp_ms - self._since_ms >= self.config.settle_ms
            if not self.ready and settled and self._start_seen:
                self.ready = True
                return "ready"
            return None
        # Out of position, or in a different one.
        if self._out_since_ms is None:
            self._out_since_ms = timestamp_ms
        left = timestamp_ms - self._out_since_ms >= self.config.leave_ms
        if self.key is None or left:
            change: GateChange | None = "left" if self.ready else None
            self.ready = False
            self.key = position
            self._since_ms = timestamp_ms if position is not None else None
            self._out_since_ms = None
            self._start_seen = start_position if position is not None else False
            return change
        return None

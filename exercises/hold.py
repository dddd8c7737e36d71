"""A hold timer: time that runs only while a position holds.

The caller judges the position and passes one verdict per observation:
`True` (in position), `False` (out of position) or `None` (no pose: we cannot tell).
Time accrues only between consecutive in-position observations, so a dropout pauses
the timer; a dropout shorter than its grace period bridges into the same hold, a longer
one ends it at the last in-position instant. A hold is only *started* (and reported)
once it has accrued `min_hold_s`, so passing through the position makes no hold.

States: idle -> candidate (in position, not yet `min_hold_s`) -> running -> idle.
Events: HoldStarted, HoldProgress (each whole second), HoldReached (target met once),
HoldEnded (start_s/end_s are the first/last in-position instants; duration_s is the
accrued in-position time).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from exercises.events import Event, HoldEnded, HoldProgress, HoldReached, HoldStarted, SideName

__all__ = ["HoldConfig", "HoldTimer"]


@dataclass(frozen=True, slots=True)
class HoldConfig:
    """Thresholds of the hold timer (seconds)."""

    # Out of position this long ends the hold. Landmark jitter and a brief wobble flip a
    # threshold for a frame or three (~0.1 s at 30 fps); a real release lasts far longer.
    grace_s: float = 0.6
    # No pose this long ends the hold. Tracking drops out for up to ~1 s when a limb hides
    # the body or the patient leans out of frame; that is not a release, so it only pauses.
    lost_grace_s: float = 1.0
    # In position this long before a hold counts as started, so passing through the
    # position on the way in or out is not a hold. Short, because it is back-dated.
    min_hold_s: float = 0.5
    # A hold this close to the target counts as completed: one frame at 10 fps, so the
    # frame-time quantisation of a low-rate stream does not fail a full hold.
    target_tolerance_s: float = 0.1

    def __post_init__(self) -> None:
        for name in ("grace_s", "lost_grace_s", "min_hold_s", "target_tolerance_s"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0.0):
                raise ValueError(f"HoldConfig.{name} must be a finite number >= 0, got {value}")


class HoldTimer:
    """Times holds of one position; one `update` per observation, in time order."""

    def __init__(self, target_s: float, config: HoldConfig | None = None) -> None:
        if not (math.isfinite(target_s) and target_s >= 0.0):
            raise ValueError(f"HoldTimer target_s must be a finite number >= 0, got {target_s}")
        self.target_s = float(target_s)
        self.config = config if config is not None else HoldConfig()
        self._reset()
        self._last_ms: int | None = None

    def _reset(self) -> None:
        self._start_ms: int | None = None  # first in-position instant of the current hold
        self._last_in_ms: int | None = None  # latest in-position instant
        self._prev_in = False  # was the previous observation in position?
        self._dropout_seen_out = False  # the current dropout showed the patient out of position
        self._accrued_ms = 0
        self._started = False
        self._reached = False
        self._progress_whole_s = 0
        self._side: SideName | None = None

    @property
    def running(self) -> bool:
        """A hold has started (HoldStarted sent) and not yet ended."""
        return self._started

    @property
    def hold_s(self) -> float:
        """In-position time of the current hold (0 when idle)."""
        return self._accrued_ms / 1000.0

    @property
    def side(self) -> SideName | None:
        return self._side

    def update(
        self, timestamp_ms: int, in_position: bool | None, side: SideName | None = None
    ) -> list[Event]:
        """Feed one verdict. `side` is recorded when a hold begins and kept until it ends."""
        if self._last_ms is not None and timestamp_ms < self._last_ms:
            raise ValueError(
                f"HoldTimer needs time order: {timestamp_ms} ms came after {self._last_ms} ms"
            )
        self._last_ms = timestamp_ms
        events: list[Event] = []
        if self._last_in_ms is not None and not self._within_grace(timestamp_ms, in_position):
            events += self.end(timestamp_ms)
        if in_position is True:
            events += self._in_position(timestamp_ms, side)
        else:
            self._prev_in = False
            if in_position is False and self._last_in_ms is not None:
                self._dropout_seen_out = True
        return events

    def end(self, timestamp_ms: int) -> list[Event]:
        """Close the current hold now (release, side switch, end of stream)."""
        events: list[Event] = []
        if self._started and self._start_ms is not None and self._last_in_ms is not None:
            duration_s = self._accrued_ms / 1000.0
            events.append(
                HoldEnded(
                    timestamp_ms=timestamp_ms,
                    side=self._side,
                    start_s=self._start_ms / 1000.0,
                    end_s=self._last_in_ms / 1000.0,
                    duration_s=duration_s,
                    target_s=self.target_s,
                    completed=self._reached,
                )
            )
        self._reset()
        return events

    def _within_grace(self, timestamp_ms: int, in_position: bool | None) -> bool:
        """Is the gap since the last in-position instant still bridgeable?"""
        assert self._last_in_ms is not None
        gap_s = (timestamp_ms - self._last_in_ms) / 1000.0
        # The forgiving limit applies only while nothing has shown the patient out of
        # position: an unseen gap (no pose, or no frames at all) merely pauses the hold.
        seen_out = in_position is False or self._dropout_seen_out
        limit_s = self.config.grace_s if seen_out else self.config.lost_grace_s
        return gap_s <= limit_s

    def _in_position(self, timestamp_ms: int, side: SideName | None) -> list[Event]:
        events: list[Event] = []
        if self._start_ms is None:
            self._start_ms = timestamp_ms
            self._side = side
        elif self._prev_in and self._last_in_ms is not None:
            self._accrued_ms += timestamp_ms - self._last_in_ms
        self._last_in_ms = timestamp_ms
        self._prev_in = True
        self._dropout_seen_out = False
        hold_s = self.hold_s
        if not self._started and hold_s >= self.config.min_hold_s:
            self._started = True
            events.append(
                HoldStarted(timestamp_ms=timestamp_ms, side=self._side, target_s=self.target_s)
            )
        if not self._started:
            return events
        whole_s = int(hold_s)
        if whole_s > self._progress_whole_s:
            self._progress_whole_s = whole_s
            events.append(
                HoldProgress(
                    timestamp_ms=timestamp_ms,
                    side=self._side,
                    hold_s=float(whole_s),
                    target_s=self.target_s,
                )
            )
        if not self._reached and hold_s >= self.target_s - self.config.target_tolerance_s:
            self._reached = True
            events.append(
                HoldReached(
                    timestamp_ms=timestamp_ms,
                    side=self._side,
                    hold_s=hold_s,
                    target_s=self.target_s,
                )
            )
        return events

"""Sets, reps and rest against a Prescription.

`SetTracker` numbers every counted rep (over the session, within its set) and closes a
set when it holds the prescribed reps, or when the patient stops for a long pause part
way through (so the next rep starts a new set instead of running on: a counter that never
resets between sets is a known failure). One-sided exercises keep their sets per side.
"""

from __future__ import annotations

from dataclasses import dataclass

from exercises.base import Prescription
from exercises.events import Event, SetCompleted, SideName

__all__ = ["RepNumber", "SetTracker"]


@dataclass(frozen=True, slots=True)
class RepNumber:
    index: int  # 1-based over the session
    set_index: int  # 1-based, per side for one-sided exercises
    rep_in_set: int  # 1-based


@dataclass
class _SideSets:
    set_index: int = 1
    reps_in_set: int = 0
    last_rep_ms: int | None = None


class SetTracker:
    """Numbers reps into sets; `tick` once per frame so a long pause can close a set."""

    def __init__(self, prescription: Prescription, pause_ends_set_s: float | None = None) -> None:
        self.prescription = prescription
        # A pause this long after a rep ends an incomplete set: half the prescribed rest
        # (a patient who rests that long is resting), but at least 20 s so a slow patient
        # catching their breath between two reps does not split a set.
        default_pause_s = max(20.0, 0.5 * prescription.rest_s)
        self._pause_ms = 1000.0 * (
            pause_ends_set_s if pause_ends_set_s is not None else default_pause_s
        )
        self._sides: dict[SideName | None, _SideSets] = {}
        self.total = 0
        self.by_side: dict[str, int] = {"left": 0, "right": 0}
        self.resting_since_ms: int | None = None  # end of the last completed set

    def current(self, side: SideName | None) -> _SideSets:
        return self._sides.setdefault(side, _SideSets())

    def rep_done(self, side: SideName | None, timestamp_ms: int) -> tuple[RepNumber, list[Event]]:
        """Number one counted rep; returns its number and a SetCompleted if the set is full."""
        s = self.current(side)
        self.total += 1
        if side is not None:
            self.by_side[side] += 1
        s.reps_in_set += 1
        s.last_rep_ms = timestamp_ms
        self.resting_since_ms = None
        number = RepNumber(self.total, s.set_index, s.reps_in_set)
        events: list[Event] = []
        if s.reps_in_set >= self.prescription.reps:
            events.append(self._close(side, s, timestamp_ms))
        return number, events

    def tick(self, timestamp_ms: int) -> list[Event]:
        """Close incomplete sets whose last rep is longer ago than the pause limit."""
        events: list[Event] = []
        for side, s in self._sides.items():
            paused = s.last_rep_ms is not None and timestamp_ms - s.last_rep_ms >= self._pause_ms
            if s.reps_in_set and paused:
                events.append(self._close(side, s, timestamp_ms))
        return events

    def close_all(self, timestamp_ms: int) -> list[Event]:
        """End of session: close every set that has reps in it."""
        return [
            self._close(side, s, timestamp_ms) for side, s in self._sides.items() if s.reps_in_set
        ]

    def _close(self, side: SideName | None, s: _SideSets, timestamp_ms: int) -> SetCompleted:
        event = SetCompleted(
            timestamp_ms=timestamp_ms,
            set_index=s.set_index,
            reps=s.reps_in_set,
            side=side,
            rest_s=self.prescription.rest_s,
            full=s.reps_in_set >= self.prescription.reps,
        )
        s.set_index += 1
        s.reps_in_set = 0
        s.last_rep_ms = None
        self.resting_since_ms = timestamp_ms
        return event

"""Reps in the current set, for the big counter: engines report reps over the whole
session (`ExerciseStatus.reps`, or per side); closed sets are subtracted here.

A set closed per side (the clamshell: each side its own sets) subtracts from that side.
A set closed for both sides at once (the stretch: holds on both sides make one set)
closes every side's reps done so far, counted from the RepCompleted events.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from exercises.base import ExerciseStatus
from exercises.events import Event, RepCompleted, SetCompleted

__all__ = ["SetProgress"]


class SetProgress:
    def __init__(self) -> None:
        self._closed: dict[str | None, int] = {}  # side (None: both) -> reps in closed sets
        self._reps_by_side: Counter[str] = Counter()  # RepCompleted per side, so far

    def observe(self, events: Iterable[Event]) -> None:
        for event in events:
            if isinstance(event, RepCompleted) and event.side is not None:
                self._reps_by_side[event.side] += 1
            if isinstance(event, SetCompleted):
                if event.side is None:
                    self._closed.update(self._reps_by_side)
                self._closed[event.side] = self._closed.get(event.side, 0) + event.reps

    def reps_in_set(self, status: ExerciseStatus) -> int:
        if status.reps_by_side and status.side is not None:
            total, key = status.reps_by_side.get(status.side, 0), status.side
        else:
            total, key = status.reps, None
        return max(0, total - self._closed.get(key, 0))

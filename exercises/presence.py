"""Debounced pose presence: PoseLost / PoseFound, not one per flickering frame."""

from __future__ import annotations

from exercises.events import Event, PoseFound, PoseLost

__all__ = ["PresenceTracker"]


class PresenceTracker:
    """Reports PoseLost once the pose has been gone `lost_after_s`, PoseFound when it returns.

    Nothing is reported before the first pose: "not yet seen" is setup, not a loss.
    """

    def __init__(self, lost_after_s: float = 0.5) -> None:
        if not lost_after_s >= 0.0:
            raise ValueError(f"lost_after_s must be >= 0, got {lost_after_s}")
        self._lost_after_ms = lost_after_s * 1000.0
        self._last_seen_ms: int | None = None
        self._lost = False

    @property
    def lost(self) -> bool:
        return self._lost

    def update(self, timestamp_ms: int, has_pose: bool) -> list[Event]:
        if has_pose:
            found = self._lost
            self._lost = False
            self._last_seen_ms = timestamp_ms
            return [PoseFound(timestamp_ms=timestamp_ms)] if found else []
        if self._last_seen_ms is None or self._lost:
            return []
        if timestamp_ms - self._last_seen_ms >= self._lost_after_ms:
            self._lost = True
            return [PoseLost(timestamp_ms=timestamp_ms)]
        return []

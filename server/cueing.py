"""Spoken cues for a live session (adapter to `exercises.cues`)."""

from __future__ import annotations

from typing import Any

from exercises.base import ExerciseStatus
from exercises.events import Event

__all__ = ["SessionCues"]


class SessionCues:
    """Placeholder until exercises.cues lands: no cues."""

    def __init__(self, exercise: str, language: str) -> None:
        self.exercise = exercise
        self.language = language

    def cues(
        self, events: list[Event], status: ExerciseStatus, timestamp_ms: int
    ) -> list[dict[str, Any]]:
        return []

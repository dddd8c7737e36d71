"""Spoken cues for a live session: `exercises.cues.CueScheduler` per session, sent with
the texts in both languages so the page speaks the one its patient chose."""

from __future__ import annotations

from typing import Any

from exercises.base import ExerciseStatus
from exercises.cues import SAFETY, CueScheduler
from exercises.events import Event

__all__ = ["SessionCues"]


class SessionCues:
    """At most one cue per frame, paced by the scheduler (never a stream of nagging)."""

    def __init__(self, exercise: str, language: str) -> None:
        self.exercise = exercise
        self.language = language if language in ("nl", "en") else "nl"
        self._scheduler = CueScheduler()

    def cues(
        self, events: list[Event], status: ExerciseStatus, timestamp_ms: int
    ) -> list[dict[str, Any]]:
        cue = self._scheduler.offer(events, timestamp_ms)
        if cue is None:
            return []
        return [
            {
                "code": cue.code,
                "priority": cue.priority,
                "urgent": cue.priority >= SAFETY,
                "text": cue.text[self.language],
                "texts": dict(cue.text),
            }
        ]

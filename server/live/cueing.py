"""Spoken cues for a live session: `exercises.cues.CueScheduler` per session, sent with
the texts in both languages so the page speaks the one its patient chose, and how the
page's speech queue is to treat each (`speech`, see `speech_kind`)."""

from __future__ import annotations

from typing import Literal

from exercises.base import ExerciseStatus
from exercises.cues import COUNT, SAFETY, TIMING, Cue, CueScheduler
from exercises.events import Event
from server.protocol import parts

__all__ = ["SessionCues", "SpeechKind", "speech_kind"]

SpeechKind = Literal["urgent", "count", "instruction", "cue"]


def speech_kind(cue: Cue) -> SpeechKind:
    """The kind of item the page's speech queue (web/js/speech_queue.js) makes of `cue`:
    a safety cue goes first ("urgent"); a rep number is said as the rep ends ("count");
    a moment the patient acts on (lower now, set done, not seen) is never dropped
    ("instruction"); other coaching may go stale and expire ("cue")."""
    if cue.priority >= SAFETY:
        return "urgent"
    if cue.code == COUNT:
        return "count"
    return "instruction" if cue.priority >= TIMING else "cue"


class SessionCues:
    """At most one cue per frame, paced by the scheduler (never a stream of nagging)."""

    def __init__(self, exercise: str, language: str) -> None:
        self.exercise = exercise
        self.language = language if language in ("nl", "en") else "nl"
        self._scheduler = CueScheduler()

    def cues(
        self, events: list[Event], status: ExerciseStatus, timestamp_ms: int
    ) -> list[parts.Cue]:
        cue = self._scheduler.offer(events, timestamp_ms)
        if cue is None:
            return []
        return [
            parts.Cue(
                code=cue.code,
                priority=cue.priority,
                urgent=cue.priority >= SAFETY,
                speech=speech_kind(cue),
                text=cue.text[self.language],
                texts=parts.Texts.model_validate(dict(cue.text)),
            )
        ]

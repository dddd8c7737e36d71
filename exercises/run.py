"""One exercise over one stream: the frame step every path shares.

`ExerciseRun.step(observation)` feeds the engine, then the judge beside it (can the view
judge it?), then the doubt watch (how sure is each rep and hold, from the judge's
verdict on the frame and more: `exercises.doubt`),
keeps the summary; the engine's status carries its progress (`exercises.progress`:
sets, sides, and when the whole prescription is done). Live
sessions, `formcheck analyze` and replays of recorded landmarks all step through here;
what differs is around it (cues and recording live, progress and the report offline).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exercises.base import ExerciseStatus, Prescription
from exercises.cues import cue_text
from exercises.doubt import DoubtWatch
from exercises.events import (
    Event,
)
from exercises.registry import create_exercise, create_judge, default_prescription, spec_of
from exercises.summary import SessionSummary
from pose.types import Observation

__all__ = ["ExerciseRun", "Step", "english", "new_summary"]


@dataclass(frozen=True, slots=True)
class Step:
    """What one observation gave: its events (engine, then judge) and the engine's status."""

    observation: Observation
    events: list[Event]
    status: ExerciseStatus


def english(code: str) -> str:
    """A code's English text in the catalogue: the reports' and summaries' messages."""
    return cue_text(code, "en")


def new_summary(
    exercise: str,
    prescription: Prescription | None = None,
    message_for: Callable[[str], str] = english,
) -> SessionSummary:
    """The one summary for `exercise` (what counts as a rep, per side, breaths), its
    progress counted against `prescription` (the exercise's default dose if None)."""
    spec = spec_of(exercise)
    return SessionSummary(
        exercise,
        counts_holds=spec.counts_holds,
        one_sided=spec.one_sided,
        breathing=spec.timed,
        message_for=message_for,
        prescription=prescription or default_prescription(exercise),
    )


class ExerciseRun:
    """The engine, its judge, its doubts and the summary of one stream."""

    def __init__(
        self,
        exercise: str,
        prescription: Prescription | None = None,
        *,
        message_for: Callable[[str], str] = english,
    ) -> None:
        self.exercise = exercise
        self.spec = spec_of(exercise)  # an unknown name fails here
        self.prescription = prescription or default_prescription(exercise)
        self.summary = new_summary(exercise, self.prescription, message_for)
        self.engine = create_exercise(exercise, self.prescription)
        self.judge = create_judge(exercise)
        self.doubts = DoubtWatch(positions=frozenset(self.spec.view_limits.positions))
        self.last_ms = 0

    @property
    def status(self) -> ExerciseStatus:
        return self.engine.status

    def step(self, observation: Observation) -> Step:
        """One observation, in time order: its events, kept in the summary."""
        found = self.engine.update(observation)
        status = self.engine.status  # once a frame: the step's, and readiness for the doubts
        judged = self.judge.update(observation, found)
        events = self.doubts.update(
            observation,
            found,
            verdict=self.judge.verdict,
            engaged=status.ready,
            angle_deg=status.angle_deg,
        )
        events += judged
        self.summary.add(events)
        self.last_ms = observation.timestamp_ms
        return Step(observation, events, status)

    def finish(self, timestamp_ms: int | None = None) -> list[Event]:
        """End of the stream (at its last frame unless told): the engine closes a rep in
        progress and ends a running hold."""
        end_ms = self.last_ms if timestamp_ms is None else timestamp_ms
        events = self.doubts.finish(self.engine.finish(end_ms), end_ms)
        self.summary.add(events)
        return events

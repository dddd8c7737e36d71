"""One exercise over one stream: the frame step every path shares.

`ExerciseRun.step(observation)` feeds the engine, then the judge beside it (can the view
judge it?), then the doubt watch (how sure is each rep and hold, from the judge's
verdict on the frame and more: `exercises.doubt`),
keeps the summary, and says when the whole prescription is done. Live
sessions, `formcheck analyze` and replays of recorded landmarks all step through here;
what differs is around it (cues and recording live, progress and the report offline).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from exercises.base import ExerciseStatus, Prescription
from exercises.cues import cue_text
from exercises.doubt import DoubtWatch
from exercises.events import (
    Event,
    HoldEnded,
    HoldReached,
    PrescriptionDone,
    RepCompleted,
    SetCompleted,
    SideName,
)
from exercises.registry import create_exercise, create_judge, default_prescription, spec_of
from exercises.summary import SessionSummary
from pose.types import Observation

__all__ = ["ExerciseRun", "PrescriptionWatch", "Step", "english", "new_summary"]


@dataclass(frozen=True, slots=True)
class Step:
    """What one observation gave: its events (engine, then judge) and the engine's status."""

    observation: Observation
    events: list[Event]
    status: ExerciseStatus


def english(code: str) -> str:
    """A code's English text in the catalogue: the reports' and summaries' messages."""
    return cue_text(code, "en")


def new_summary(exercise: str, message_for: Callable[[str], str] = english) -> SessionSummary:
    """The one summary for `exercise` (what counts as a rep, per side, breaths)."""
    spec = spec_of(exercise)
    return SessionSummary(
        exercise,
        counts_holds=spec.counts_holds,
        one_sided=spec.one_sided,
        breathing=spec.timed,
        message_for=message_for,
    )


class PrescriptionWatch:
    """Says once when the whole prescription is done.

    Sets closed per side (the clamshell keeps each side's sets) count for that side, and
    every prescribed side must reach the prescribed sets: one side when the therapist
    prescribed one, both otherwise. Sets closed over both sides at once (the stretch) or
    by a two-sided exercise count for all. A timed exercise (belly breathing) is done
    when its time in position is reached.
    """

    def __init__(self, exercise: str, prescription: Prescription) -> None:
        spec = spec_of(exercise)
        self._timed = spec.timed and prescription.duration_s > 0
        self._sets = prescription.sets
        sides: tuple[SideName | None, ...] = (None,)
        if spec.one_sided:
            sides = ("left", "right") if prescription.side == "both" else (prescription.side,)
        self._sides = sides
        self._closed: dict[SideName | None, int] = {}
        self._counted = 0
        self.done = False

    def observe(self, events: Iterable[Event]) -> list[Event]:
        out: list[Event] = []
        for e in events:
            if isinstance(e, RepCompleted) or (isinstance(e, HoldEnded) and e.completed):
                self._counted += 1
            if self.done:
                continue
            finished = False
            if isinstance(e, HoldReached) and self._timed:
                finished = True
            elif isinstance(e, SetCompleted) and not self._timed:
                keys = self._sides if e.side is None else (e.side,)
                for key in keys:
                    self._closed[key] = max(self._closed.get(key, 0), e.set_index)
                finished = all(self._closed.get(s, 0) >= self._sets for s in self._sides)
            if finished:
                self.done = True
                sets = sum(self._closed.values()) if not self._timed else 1
                out.append(
                    PrescriptionDone(timestamp_ms=e.timestamp_ms, sets=sets, reps=self._counted)
                )
        return out


class ExerciseRun:
    """The engine, its judge, the prescription watch and the summary of one stream."""

    def __init__(
        self,
        exercise: str,
        prescription: Prescription | None = None,
        *,
        message_for: Callable[[str], str] = english,
    ) -> None:
        self.exercise = exercise
        self.spec = spec_of(exercise)  # an unknown name fails here
        self.summary = new_summary(exercise, message_for)
        self.prescription = prescription or default_prescription(exercise)
        self.engine = create_exercise(exercise, self.prescription)
        self.judge = create_judge(exercise)
        self.doubts = DoubtWatch(positions=frozenset(self.spec.view_limits.positions))
        self.watch = PrescriptionWatch(exercise, self.prescription)
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
        events += self.watch.observe(events)
        self.summary.add(events)
        self.last_ms = observation.timestamp_ms
        return Step(observation, events, status)

    def finish(self, timestamp_ms: int | None = None) -> list[Event]:
        """End of the stream (at its last frame unless told): the engine closes a rep in
        progress and ends a running hold."""
        end_ms = self.last_ms if timestamp_ms is None else timestamp_ms
        events = self.doubts.finish(self.engine.finish(end_ms), end_ms)
        events += self.watch.observe(events)
        self.summary.add(events)
        return events

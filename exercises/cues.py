"""Spoken / shown coaching cues: which event asks for which cue, and a scheduler.

A cue's code is the event's own (`FormFault`, `SetupHint`, `NotJudged`) or a key moment:
`rep_done` (RepCompleted, text takes `{n}`), `lower_now` (HoldReached: the hold is done,
lower), `set_done` (SetCompleted, `{n}` = reps: rest now), `exercise_done` (the last set:
SetCompleted with PrescriptionDone in the same frame, no rest follows), `pose_lost`
(PoseLost; not said once the pose is found again before its turn). ExerciseReady has no
cue: the page says the one start message, its countdown. Its priority and repeat
cooldown come from its kind (`BY_KIND`, `KEY_MOMENTS`, `OVERRIDES`); its texts from the
one catalogue (`exercises.texts`). `cue_text(code, lang)` gives one text (for reports).

Scheduler: one per session; pure (time from `timestamp_ms`). Call it once per frame:

    scheduler = CueScheduler()
    cue = scheduler.offer(events, timestamp_ms)   # -> Cue | None
    if cue: say(cue.text["nl"])                   # Cue(code, priority, text={"nl", "en"})

Events become candidate cues; at most one cue is given per call, never within
`min_gap_ms` of the previous one, the highest priority first (ties: the newest). A code
is not repeated within its own cooldown, and a candidate not given within `max_wait_ms`
is dropped (stale coaching is worse than none). So a patient is coached, not nagged.
The moments the patient acts on now are the exception (`CueSpec.at_once`: the rep's
number, `COUNT`, first; lower now, set done, exercise done): each is given in a frame of
its own as soon as it comes (after a safety cue waiting), and takes no turn, so a number
is heard as the rep ends and "set done" is not lost when the exercise ends a moment
later. The page's speech queue says them in order, never over an instruction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from exercises.events import (
    Event,
    FormFault,
    HoldReached,
    NotJudged,
    PoseFound,
    PoseLost,
    PrescriptionDone,
    RepCompleted,
    SetCompleted,
    SetupHint,
)
from exercises.registry import SPECS
from exercises.texts import LANGUAGES, catalogue

__all__ = [
    "BY_KIND",
    "COUNT",
    "FORM",
    "INFO",
    "KEY_MOMENTS",
    "LANGUAGES",
    "OVERRIDES",
    "SAFETY",
    "SETUP",
    "TIMING",
    "Cue",
    "CueConfig",
    "CueScheduler",
    "CueSpec",
    "cue_text",
]

# Priorities: safety first, then timing the patient acts on, form, setup, praise.
SAFETY, TIMING, FORM, SETUP, INFO = 40, 30, 20, 10, 0
COUNT = "rep_done"  # the rep number: given as the rep ends, outside the turns


@dataclass(frozen=True, slots=True)
class CueSpec:
    priority: int
    repeat_s: float  # the same cue is not given again within this
    at_once: bool = False  # given as it comes, outside the turns (see the module docstring)


# The key moments, by cue code. "I can't see you" waits its turn: a pose found again
# meanwhile takes it back.
KEY_MOMENTS: dict[str, CueSpec] = {
    COUNT: CueSpec(INFO, 0.0, at_once=True),
    "lower_now": CueSpec(TIMING, 0.0, at_once=True),
    "set_done": CueSpec(TIMING, 0.0, at_once=True),
    "exercise_done": CueSpec(TIMING, 0.0, at_once=True),
    "pose_lost": CueSpec(TIMING, 15.0),
}
# A coded event's cue, by its kind: form faults; setup hints (repeated sooner: the patient
# is getting ready); not judged from this view, said once per span (timing: the patient
# acts on it).
BY_KIND: dict[str, CueSpec] = {
    FormFault.kind: CueSpec(FORM, 20.0),
    SetupHint.kind: CueSpec(SETUP, 8.0),
    NotJudged.kind: CueSpec(TIMING, 30.0),
}
# Codes that weigh more than their kind: each exercise's safety faults (`ExerciseSpec.
# safety`: the bridge's arching lower back).
OVERRIDES: dict[str, CueSpec] = {
    code: CueSpec(SAFETY, 20.0) for spec in SPECS.values() for code in spec.safety
}


def cue_text(code: str, lang: str = "en", n: int | None = None) -> str:
    """The text of one cue (the catalogue, `exercises.texts`), `{n}` filled in; an unknown
    code gives the code in words, never an error (a report must not fail on a new code)."""
    entry = catalogue().get(code)
    if entry is None:
        return code.replace("_", " ")
    text = entry["nl"] if lang == "nl" else entry["en"]
    return text.replace("{n}", "" if n is None else str(n))


@dataclass(frozen=True, slots=True)
class Cue:
    code: str
    priority: int
    text: Mapping[str, str]  # language ("nl", "en") -> text


@dataclass(frozen=True, slots=True)
class CueConfig:
    min_gap_ms: int = 2500  # between any two cues: time to say and hear one
    max_wait_ms: int = 4000  # a cue not given by then is dropped


def _candidate(event: Event, last_set: bool) -> tuple[str, int | None, CueSpec] | None:
    """The cue an event asks for: (code, number for the text, spec) or None.
    `last_set`: the prescription is done in this frame (a set's cue then says so)."""
    if isinstance(event, FormFault | SetupHint | NotJudged):
        return event.code, None, OVERRIDES.get(event.code, BY_KIND[event.kind])
    n: int | None
    if isinstance(event, RepCompleted):
        code, n = COUNT, event.rep_in_set
    elif isinstance(event, SetCompleted):
        code, n = ("exercise_done", None) if last_set else ("set_done", event.reps)
    elif isinstance(event, HoldReached):
        code, n = "lower_now", None
    elif isinstance(event, PoseLost):
        code, n = "pose_lost", None
    else:
        return None
    return code, n, KEY_MOMENTS[code]


@dataclass(frozen=True, slots=True)
class _Pending:
    timestamp_ms: int
    n: int | None
    spec: CueSpec


@dataclass
class CueScheduler:
    """Turns events into at most one cue per call; see the module docstring."""

    config: CueConfig = field(default_factory=CueConfig)
    _pending: dict[str, _Pending] = field(default_factory=dict)  # by code
    _last_ms: int | None = None
    _said_ms: dict[str, int] = field(default_factory=dict)

    def offer(self, events: Iterable[Event], timestamp_ms: int) -> Cue | None:
        events = list(events)
        last_set = any(isinstance(e, PrescriptionDone) for e in events)
        # A rep the engine is unsure of (`RepCompleted.doubts`) is counted, but its faults
        # are not said: no scolding on what the camera may have misread.
        unsure = any(isinstance(e, RepCompleted) and e.doubts for e in events)
        for event in events:
            if unsure and isinstance(event, FormFault):
                continue
            if isinstance(event, PoseFound):
                self._pending.pop("pose_lost", None)  # in view again: "I can't see you" is wrong
            candidate = _candidate(event, last_set)
            if candidate is not None:
                code, n, spec = candidate
                self._pending[code] = _Pending(timestamp_ms, n, spec)
        self._pending = {
            code: p
            for code, p in self._pending.items()
            if timestamp_ms - p.timestamp_ms <= self.config.max_wait_ms
            and self._may_repeat(code, p.spec, timestamp_ms)
        }
        if not self._pending:
            return None
        safety = any(p.spec.priority >= SAFETY for p in self._pending.values())
        now = [c for c, p in self._pending.items() if p.spec.at_once]
        if now and not safety:
            code = max(now, key=lambda c: (c == COUNT, self._pending[c].spec.priority))
            given = self._pending.pop(code)
            self._said_ms[code] = timestamp_ms
            texts = {lang: cue_text(code, lang, given.n) for lang in LANGUAGES}
            return Cue(code, given.spec.priority, texts)
        if self._last_ms is not None and timestamp_ms - self._last_ms < self.config.min_gap_ms:
            return None
        code = max(
            self._pending,
            key=lambda c: (self._pending[c].spec.priority, self._pending[c].timestamp_ms),
        )
        given = self._pending.pop(code)
        self._last_ms = timestamp_ms
        self._said_ms[code] = timestamp_ms
        return Cue(
            code,
            given.spec.priority,
            {lang: cue_text(code, lang, given.n) for lang in LANGUAGES},
        )

    def _may_repeat(self, code: str, spec: CueSpec, timestamp_ms: int) -> bool:
        said = self._said_ms.get(code)
        return said is None or timestamp_ms - said >= 1000.0 * spec.repeat_s

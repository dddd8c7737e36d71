"""The closed family of events an exercise emits.

Every event is a frozen dataclass with a class-level `kind` (its wire name) and the
`timestamp_ms` of the frame that caused it. `EVENT_TYPES` lists the whole family; the
wire schema (`web/events.schema.json`) is generated from it by `exercises.schema`, and a
test fails when the committed copy is stale. Times inside events are seconds from the
start of the stream (`*_s`), matching the `formcheck analyze` JSON contract.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar

from pose.types import Side

__all__ = [
    "EVENT_TYPES",
    "BreathCompleted",
    "Doubted",
    "Event",
    "ExerciseReady",
    "FormFault",
    "HoldEnded",
    "HoldProgress",
    "HoldReached",
    "HoldStarted",
    "NotJudged",
    "PoseFound",
    "PoseLost",
    "PrescriptionDone",
    "RepCompleted",
    "SetCompleted",
    "SetupHint",
    "event_from_wire",
    "event_to_wire",
]

SideName = Side  # the one side type (pose.types), named for the wire schema


@dataclass(frozen=True, slots=True, kw_only=True)
class _EventBase:
    kind: ClassVar[str]
    timestamp_ms: int

    def __post_init__(self) -> None:
        if self.timestamp_ms < 0:
            raise ValueError(
                f"{type(self).__name__}.timestamp_ms must be >= 0, got {self.timestamp_ms}"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class ExerciseReady(_EventBase):
    """The patient is in the start position and settled: counting starts now."""

    kind: ClassVar[str] = "exercise_ready"
    side: SideName | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RepCompleted(_EventBase):
    """One repetition finished (rest -> top -> rest)."""

    kind: ClassVar[str] = "rep_completed"
    index: int  # 1-based, over the whole session
    set_index: int  # 1-based
    rep_in_set: int  # 1-based
    side: SideName | None
    start_s: float
    peak_s: float
    end_s: float
    hold_s: float
    peak_angle_deg: float
    faults: tuple[str, ...] = ()
    lift_s: float = 0.0  # time through the middle of the lift (0 when not measured)
    lower_s: float = 0.0  # time through the middle of the lowering (0 when not measured)
    # Why this rep may be wrong (codes of `exercises.doubt`; empty: sure). An unsure rep
    # is counted, but the page neither praises nor scolds it and the report marks it.
    doubts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class HoldStarted(_EventBase):
    kind: ClassVar[str] = "hold_started"
    side: SideName | None
    target_s: float


@dataclass(frozen=True, slots=True, kw_only=True)
class HoldProgress(_EventBase):
    """Sent once per whole second of a running hold."""

    kind: ClassVar[str] = "hold_progress"
    side: SideName | None
    hold_s: float
    target_s: float


@dataclass(frozen=True, slots=True, kw_only=True)
class HoldReached(_EventBase):
    """The prescribed hold time is reached: the patient may release."""

    kind: ClassVar[str] = "hold_reached"
    side: SideName | None
    hold_s: float
    target_s: float


@dataclass(frozen=True, slots=True, kw_only=True)
class HoldEnded(_EventBase):
    """A hold ended: released, lost for longer than its grace, or the stream ended."""

    kind: ClassVar[str] = "hold_ended"
    side: SideName | None
    start_s: float
    end_s: float
    duration_s: float
    target_s: float
    completed: bool  # duration reached target
    # Means over the hold, when the exercise measures them: its key angle (the stretch's
    # back-leg hip extension) and the trunk's lean from vertical (+ forward).
    angle_deg: float | None = None
    trunk_incline_deg: float | None = None
    doubts: tuple[str, ...] = ()  # why this hold may be wrong (as RepCompleted's)


@dataclass(frozen=True, slots=True, kw_only=True)
class SetCompleted(_EventBase):
    kind: ClassVar[str] = "set_completed"
    set_index: int
    reps: int
    side: SideName | None
    rest_s: float  # prescribed rest before the next set
    # Sent only when the set's reps are all done (`exercises.progress`): a set left short
    # is no set. Sessions stored before carry `full` (false for a short set); it is read
    # past, and their progress is worked out anew from their reps.


@dataclass(frozen=True, slots=True, kw_only=True)
class FormFault(_EventBase):
    """A form fault; `code` keys the cue catalogue (`exercises.cues`)."""

    kind: ClassVar[str] = "form_fault"
    code: str
    side: SideName | None = None
    value: float | None = None  # the measured value that broke the rule, with unit in code


@dataclass(frozen=True, slots=True, kw_only=True)
class PoseLost(_EventBase):
    kind: ClassVar[str] = "pose_lost"


@dataclass(frozen=True, slots=True, kw_only=True)
class PoseFound(_EventBase):
    kind: ClassVar[str] = "pose_found"


@dataclass(frozen=True, slots=True, kw_only=True)
class SetupHint(_EventBase):
    """Guidance before counting can start; `code` keys the cue catalogue."""

    kind: ClassVar[str] = "setup_hint"
    code: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NotJudged(_EventBase):
    """The exercise cannot be judged from this camera view; `code` keys the cue catalogue
    (the reason and what to change, e.g. the camera beside the patient)."""

    kind: ClassVar[str] = "not_judged"
    code: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Doubted(_EventBase):
    """A stretch of the stream in the exercise's position was seen too badly to trust
    what was counted there, or missed (`code`: an `exercises.doubt` code, keying the
    catalogue). Said once per code; the run's count is then unsure."""

    kind: ClassVar[str] = "doubted"
    code: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BreathCompleted(_EventBase):
    kind: ClassVar[str] = "breath_completed"
    index: int
    start_s: float
    inhale_s: float
    exhale_s: float
    rate_bpm: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PrescriptionDone(_EventBase):
    """The whole prescription is done: every set, on every prescribed side (for belly
    breathing, the prescribed time in position). The page ends the exercise on it."""

    kind: ClassVar[str] = "prescription_done"
    sets: int  # sets done (per side, summed, for an exercise whose sides keep their own)
    reps: int  # reps or holds counted


Event = (
    ExerciseReady
    | RepCompleted
    | HoldStarted
    | HoldProgress
    | HoldReached
    | HoldEnded
    | SetCompleted
    | FormFault
    | PoseLost
    | PoseFound
    | SetupHint
    | NotJudged
    | Doubted
    | BreathCompleted
    | PrescriptionDone
)

EVENT_TYPES: tuple[type[Event], ...] = (
    ExerciseReady,
    RepCompleted,
    HoldStarted,
    HoldProgress,
    HoldReached,
    HoldEnded,
    SetCompleted,
    FormFault,
    PoseLost,
    PoseFound,
    SetupHint,
    NotJudged,
    Doubted,
    BreathCompleted,
    PrescriptionDone,
)


def event_to_wire(event: Event) -> dict[str, Any]:
    """The JSON-ready dict of an event: `kind` first, then its fields (tuples as lists)."""
    body = asdict(event)
    out: dict[str, Any] = {"kind": event.kind}
    for f in fields(event):
        value = body[f.name]
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


_BY_KIND: dict[str, type[Event]] = {t.kind: t for t in EVENT_TYPES}


def event_from_wire(body: dict[str, Any]) -> Event:
    """The event of an `event_to_wire` dict (lists back to tuples); fields it lacks
    take their defaults. An unknown kind fails, naming the known ones."""
    kind = body.get("kind")
    cls = _BY_KIND.get(str(kind))
    if cls is None:
        raise ValueError(f"unknown event kind {kind!r}; valid: {', '.join(_BY_KIND)}")
    args: dict[str, Any] = {
        f.name: tuple(body[f.name]) if isinstance(body[f.name], list) else body[f.name]
        for f in fields(cls)
        if f.name in body
    }
    return cls(**args)

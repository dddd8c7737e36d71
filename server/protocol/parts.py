"""The parts the live messages are made of: counters, timings, the overlay's pose, the
engine's status and progress, the setup check, a cue, the not-judged banner, an event
and a prescription.

An event and a prescription are the exercises' own frozen dataclasses (one place for
each): a message holds the typed value, written on the wire by its `*_to_wire` and read
back by its `*_from_wire`. The event's wire schema is `web/events.schema.json`.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from exercises.base import Prescription
from exercises.events import EVENT_TYPES, Event, event_from_wire, event_to_wire
from exercises.progress import ProgressKind
from pose.types import Side
from server.protocol.wire import Wire

__all__ = [
    "Counters",
    "Cue",
    "NotJudged",
    "Pose",
    "PrescriptionWire",
    "ProgressWire",
    "Setup",
    "SideProgressWire",
    "Status",
    "Texts",
    "Timing",
    "WireEvent",
]


def _event(value: object) -> Event:
    if isinstance(value, dict):
        return event_from_wire(value)
    if dataclasses.is_dataclass(value) and hasattr(value, "kind"):
        return value  # type: ignore[return-value]  # one of EVENT_TYPES
    raise ValueError(f"expected an event or its wire form, got {type(value).__name__}")


WireEvent = Annotated[
    Event,
    PlainValidator(_event),
    PlainSerializer(event_to_wire, return_type=dict[str, Any]),
    WithJsonSchema(
        {
            "type": "object",
            "description": "An exercise event: its full schema is web/events.schema.json.",
            "properties": {"kind": {"enum": [t.kind for t in EVENT_TYPES]}},
            "required": ["kind", "timestamp_ms"],
        }
    ),
]


def _prescription(value: object) -> Prescription:
    if isinstance(value, Prescription):
        return value
    if isinstance(value, dict):
        return Prescription(**value)  # its own checks: FieldError (a ValueError)
    raise ValueError(f"expected a prescription, got {type(value).__name__}")


_NUMBER = {"type": "number"}
PrescriptionWire = Annotated[
    Prescription,
    PlainValidator(_prescription),
    PlainSerializer(dataclasses.asdict, return_type=dict[str, Any]),
    WithJsonSchema(
        {
            "type": "object",
            "description": "What the therapist prescribed (exercises.base.Prescription).",
            "properties": {
                **{f: {"type": "integer"} for f in ("reps", "sets", "sessions_per_week")},
                **dict.fromkeys(("hold_s", "rest_s", "duration_s"), _NUMBER),
                **dict.fromkeys(("pace_in_s", "pace_out_s"), _NUMBER),
                "side": {"enum": ["left", "right", "both"]},
            },
            "required": [f.name for f in dataclasses.fields(Prescription)],
            "additionalProperties": False,
        }
    ),
]


class Counters(Wire):
    """A session's messages so far: received, dropped (inference behind), rejected."""

    received: int
    dropped: int
    rejected: int


class Timing(Wire):
    inference_ms: float  # the model's time (on the device: as the page measured it)
    server_ms: float  # the step on the server
    answer_ms: float | None = None  # arrival to answer, as the server sees it


class Pose(Wire):
    """What the overlay draws: [x_norm, y_norm, visibility] per landmark, and the key
    angle's three joints while it is measured."""

    landmarks: tuple[tuple[float, float, float], ...]
    image_size_px: tuple[int, int]
    angle_joints: tuple[int, int, int] | None


class SideProgressWire(Wire):
    side: Side | None
    sets_done: int
    set_index: int
    reps_in_set: int
    reps: int
    done: bool
    under_way: bool


class ProgressWire(Wire):
    """`exercises.progress.Progress`: the one count of sets, sides and done."""

    kind: ProgressKind
    sets: int
    reps: int
    sides: tuple[SideProgressWire, ...]
    side: Side | None
    next_side: Side | None
    set_index: int
    reps_in_set: int
    sets_done: int
    reps_done: int
    time_s: float
    time_target_s: float
    done: bool


class Status(Wire):
    """The engine's status after a frame (`exercises.base.ExerciseStatus`)."""

    phase: str
    ready: bool
    angle_deg: float | None
    angle_name: str | None
    hold_s: float
    side: Side | None
    progress: ProgressWire
    reps: int
    breaths: int | None = None
    breath_rate_bpm: float | None = None


class Setup(Wire):
    """The setup check (`server.live.setup_check`): what the page shows before counting."""

    person: bool
    in_view: bool
    view_ok: bool
    position_ok: bool
    ready: bool
    view: str | None
    position: str | None
    hint: str | None  # a setup-hint code: its text is in the catalogue


class Texts(Wire):
    """One text in every language of the catalogue."""

    nl: str
    en: str


class Cue(Wire):
    code: str
    priority: int
    urgent: bool
    speech: Literal["urgent", "count", "instruction", "cue"]
    text: str  # in the session's language
    texts: Texts


class NotJudged(Wire):
    """The exercise cannot be judged from this view: its code and text (English), and
    the text in every language."""

    code: str
    message: str
    texts: Texts

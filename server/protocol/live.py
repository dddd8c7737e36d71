"""The live-session WebSocket's messages (`/ws/sessions/{id}`, `/ws/demo/{id}`).

Server -> page: `session` once on connecting, then exactly one answer per frame or
landmark message (`result`, `dropped` or an `ErrorAnswer` with its `seq`), `pong` to a
ping, `finished` with the summary, and an `ErrorAnswer` without `seq` for a message
that is no frame. Page -> server: binary camera frames, or `landmarks` messages
(`server.live.landmarks` reads them strictly), and the controls `ping` and `finish`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from server.protocol.errors import ErrorAnswer
from server.protocol.parts import (
    Counters,
    Cue,
    NotJudged,
    Pose,
    PrescriptionWire,
    ProgressWire,
    Setup,
    Status,
    Texts,
    Timing,
    WireEvent,
)
from server.protocol.wire import Wire

__all__ = [
    "SERVER_MESSAGE",
    "ControlMessage",
    "DroppedMessage",
    "FinishMessage",
    "FinishedMessage",
    "FrameCounts",
    "PingMessage",
    "PongMessage",
    "ResultMessage",
    "ServerMessage",
    "SessionMessage",
    "Summary",
]

PoseSource = Literal["device", "server"]


class SessionMessage(Wire):
    """The session as the connection finds it (a resumed one goes on with its counts)."""

    type: Literal["session"] = "session"
    session_id: str
    exercise: str
    prescription: PrescriptionWire
    resumed: bool
    source: PoseSource
    status: Status
    counters: Counters


class ResultMessage(Wire):
    """One frame's (or landmark message's) answer."""

    type: Literal["result"] = "result"
    seq: int
    timestamp_ms: int  # session time
    pose: Pose | None  # None: nobody tracked
    status: Status
    setup: Setup
    events: tuple[WireEvent, ...]
    not_judged: NotJudged | None  # stands until the view is judged
    cues: tuple[Cue, ...]
    counters: Counters
    timing: Timing


class DroppedMessage(Wire):
    """A frame skipped unprocessed: a newer one arrived while inference was behind."""

    type: Literal["dropped"] = "dropped"
    seq: int
    counters: Counters


class PongMessage(Wire):
    type: Literal["pong"] = "pong"
    counters: Counters


FrameCounts = Counters


class Summary(Wire):
    """A session's summary from its recorded events (`server.live.summary.summarise`):
    the patient's, the therapist's list's and the finished message's."""

    session_id: str
    exercise: str
    prescription: PrescriptionWire
    reps: int
    reps_by_side: dict[str, int]
    progress: ProgressWire
    progress_texts: Texts  # the progress in words, every language
    holds: int
    holds_completed: int
    longest_hold_s: float
    time_in_position_s: float
    breaths: int | None
    breath_rate_bpm: float | None
    faults: dict[str, int]  # form faults by code
    count_unsure: bool  # the count may be wrong: the therapist reads "uncertain"
    reps_unsure: int
    fault_texts: dict[str, Texts]
    not_judged: NotJudged | None
    prescription_done: bool
    started_ms: int
    finished: bool
    duration_s: float | None
    frames: Counters
    demo: bool = False  # the clinic's demo: nothing stored


class FinishedMessage(Wire):
    type: Literal["finished"] = "finished"
    summary: Summary


ServerMessage = Annotated[
    SessionMessage | ResultMessage | DroppedMessage | PongMessage | FinishedMessage | ErrorAnswer,
    Field(discriminator="type"),
]
SERVER_MESSAGE: TypeAdapter[ServerMessage] = TypeAdapter(ServerMessage)


class PingMessage(Wire):
    type: Literal["ping"] = "ping"


class FinishMessage(Wire):
    """End the exercise: the server answers `finished` and closes (CloseCode.NORMAL)."""

    type: Literal["finish"] = "finish"


ControlMessage = Annotated[PingMessage | FinishMessage, Field(discriminator="type")]

"""The HTTP answers about exercise sessions and workouts: a session started (a patient's
or the clinic demo's), the session list, one session's detail, a session resumed after
a reload, a workout started and its pain scores."""

from __future__ import annotations

from typing import Literal

from server.protocol.live import Summary
from server.protocol.parts import PrescriptionWire, Status, WireEvent
from server.protocol.wire import Wire

__all__ = [
    "DemoStarted",
    "FrameMetricsWire",
    "PainAdvice",
    "PainRecorded",
    "Resumed",
    "ResumedWorkout",
    "SessionDetail",
    "SessionListItem",
    "SessionRecordWire",
    "SessionStarted",
    "WorkoutStarted",
    "WorkoutWire",
]

PoseMode = Literal["auto", "device", "server"]  # where the page runs pose (Settings.pose_mode)


class SessionStarted(Wire):
    """A new session with the patient's prescription; the page opens `ws_path` (the
    resume token rides in it) with `&source=device|server` as `pose_mode` says."""

    session_id: str
    resume_token: str
    exercise: str
    prescription: PrescriptionWire
    ws_path: str
    pose_mode: PoseMode


class DemoStarted(Wire):
    """A demo session (no account; nothing is kept); its socket is `ws_path`."""

    demo: Literal[True] = True
    session_id: str
    exercise: str
    prescription: PrescriptionWire
    ws_path: str
    pose_mode: PoseMode


class WorkoutWire(Wire):
    """A workout (`server.store.workouts.Workout`): its pain scores 0-10 (null: not
    asked) and the safety advice given on them."""

    id: int
    user_id: int
    started_ms: int
    finished_ms: int | None
    pain_before: int | None
    pain_after: int | None
    pain_advice: str | None


class SessionListItem(Summary):
    """A session in a patient's or therapist's list: its summary, whose it is, and its
    workout's pain scores (null without a workout or a score)."""

    user_id: int
    pain_before: int | None = None
    pain_after: int | None = None


class SessionRecordWire(Wire):
    """A session's record (`server.store.recording.SessionRecord`)."""

    id: str
    user_id: int
    workout_id: int | None
    exercise: str
    prescription: PrescriptionWire
    started_ms: int
    finished_ms: int | None
    frames_received: int
    frames_dropped: int
    frames_rejected: int


class FrameMetricsWire(Wire):
    """A recorded frame as the review charts read it (`FrameMetrics`)."""

    timestamp_ms: int
    has_pose: bool
    angle_deg: float | None
    phase: str
    inference_ms: float


class SessionDetail(Wire):
    """One session for review: its record, summary, events and per-frame metrics."""

    session: SessionRecordWire
    summary: Summary
    events: tuple[WireEvent, ...]
    metrics: tuple[FrameMetricsWire, ...]
    workout: WorkoutWire | None


class ResumedWorkout(Wire):
    """The workout of a resumed session: pain before, and its exercises finished."""

    workout_id: int
    pain_before: int | None
    done: tuple[Summary, ...]


class Resumed(Wire):
    """What a reloaded page needs to carry on a session: as `SessionStarted` (without
    the token, which the page kept), its live status and its workout."""

    session_id: str
    exercise: str
    prescription: PrescriptionWire
    ws_path: str
    pose_mode: PoseMode
    status: Status
    workout: ResumedWorkout | None


class WorkoutStarted(Wire):
    workout_id: int


class PainAdvice(Wire):
    """The safety advice a workout's scores call for (`server.progress.pain_advice`):
    its code (its text in the catalogue) and the scores its text fills in."""

    code: str
    before: int | None
    after: int | None


class PainRecorded(Wire):
    ok: Literal[True] = True
    workout: WorkoutWire
    advice: PainAdvice | None

"""A live session on a fresh embedded database, for the live tests: the real engine run,
cue scheduler, store and recorder, fed by whatever pipeline the test plays back; and
one camera image stepped through it at a given session time (`step_image`)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from exercises.base import Prescription
from exercises.registry import default_prescription
from exercises.run import ExerciseRun
from server.clock import SYSTEM_CLOCK, Clock
from server.live.cueing import SessionCues
from server.live.job import CameraImage, PoseJob
from server.live.recorder import BatchRecorder
from server.live.session import FrameAnswer, LiveSession
from server.pipelines import FramePipeline
from server.settings import Settings
from server.store.db import Database
from server.store.recording import SessionStore
from server.store.users import UserStore

__all__ = ["new_live_session", "step_image"]


def new_live_session(
    tmp_path: Path,
    exercise: str,
    pipeline: FramePipeline,
    prescription: Prescription | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> tuple[LiveSession, SessionStore]:
    """A patient's recorded session of `exercise` (its clinic dose unless given), live,
    on `clock`."""
    db = Database(tmp_path / "db.sqlite3")
    user = UserStore(db, 60.0).create_user("noor", "noor-wachtwoord", "patient")
    store = SessionStore(db, clock=clock)
    dose = prescription if prescription is not None else default_prescription(exercise)
    sid, _ = store.create(user.id, exercise, dose, None)
    record = store.get(sid)
    assert record is not None
    session = LiveSession(
        record,
        ExerciseRun(exercise, dose),
        pipeline=pipeline,
        cues=SessionCues(exercise, "nl"),
        recorder=BatchRecorder(store),
        clock=clock,
    )
    return session, store


def step_image(
    session: LiveSession,
    seq: int,
    data: bytes,
    timestamp_ms: int,
    settings: Settings | None = None,
) -> FrameAnswer:
    """One camera image through `session.step` at session time `timestamp_ms` (as if
    it arrived then; decoded within `settings`' limits), on an event loop of its own."""
    image = CameraImage(data, settings or Settings())
    job = PoseJob(seq, timestamp_ms, time.perf_counter(), image)
    return asyncio.run(session.step(job))

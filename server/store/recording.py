"""What a session produces, recorded as it happens: events, per-frame landmarks, metrics.

Never video. Landmarks are stored as they left the pose pipeline so a session can be
reviewed, and replayed through a fresh exercise engine to restore its state.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from exercises.base import Prescription
from exercises.events import Event, event_from_wire, event_to_wire
from pose.types import Observation
from server.clock import SYSTEM_CLOCK, Clock
from server.store.db import Database
from server.store.frame_batches import (
    SET_COUNTERS,
    Counts,
    FrameBatch,
    FrameBatches,
    SharedWriter,
    insert_rows,
)
from server.store.landmarks import pack_landmarks, unpack_landmarks
from server.store.models import EventRow, FrameRow, SessionRow
from server.store.programmes import prescription_from_wire, prescription_to_wire
from server.wire import dumps

__all__ = ["FrameMetrics", "FrameRecord", "SessionRecord", "SessionStore"]

_IN_CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit


@dataclass(frozen=True, slots=True)
class FrameRecord:
    """One processed frame's metrics (the observation itself is stored alongside)."""

    observation: Observation
    angle_deg: float | None
    phase: str
    inference_ms: float


@dataclass(frozen=True, slots=True)
class FrameMetrics:
    """A recorded frame as the review charts read it (no landmarks)."""

    timestamp_ms: int
    has_pose: bool
    angle_deg: float | None
    phase: str
    inference_ms: float


@dataclass(frozen=True, slots=True)
class SessionRecord:
    id: str
    user_id: int
    workout_id: int | None
    exercise: str
    prescription: Prescription
    started_ms: int
    finished_ms: int | None
    frames_received: int
    frames_dropped: int
    frames_rejected: int


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _record(row: SessionRow) -> SessionRecord:
    return SessionRecord(
        id=row.id,
        user_id=row.user_id,
        workout_id=row.workout_id,
        exercise=row.exercise,
        prescription=prescription_from_wire(json.loads(row.prescription_json)),
        started_ms=row.started_ms,
        finished_ms=row.finished_ms,
        frames_received=row.frames_received,
        frames_dropped=row.frames_dropped,
        frames_rejected=row.frames_rejected,
    )


def _event_rows(session_id: str, events: Sequence[Event]) -> list[dict[str, Any]]:
    return [
        {
            "session_id": session_id,
            "timestamp_ms": e.timestamp_ms,
            "kind": e.kind,
            "body_json": dumps(event_to_wire(e)),
        }
        for e in events
    ]


def _write(s: Session, session_id: str, batch: FrameBatch, events: Sequence[Event]) -> None:
    """The batch's frames (a timestamp written before is replaced), its buffered events
    and `events` (in that order: the buffered ones happened first)."""
    insert_rows(s, batch.pending(), _event_rows(session_id, [*batch.events, *events]))


class SessionStore:
    """Sessions, their events and frames.

    Events are committed before `record`/`record_events`/`save` return (those `buffer`ed,
    by the next `save` or `flush`, or the write that `write_soon` asks for, within
    `write_tick_ms`). Frame rows are written in batches (`server.store.frame_batches`):
    with the frame that brings an event, every `batch_frames` frames or `batch_ms`, and
    by `flush`, `save` (a live session's, `server.live.recorder`), `count_frames` and
    `finish`; reads of a session's frames flush it first.
    """

    def __init__(
        self,
        db: Database,
        *,
        record_landmarks: bool = True,
        batch_frames: int = 30,
        batch_ms: float = 1000.0,
        clock: Clock = SYSTEM_CLOCK,
        write_tick_ms: float = 100.0,
    ) -> None:
        self._db = db
        self._record_landmarks = record_landmarks
        self._clock = clock
        self._batches = FrameBatches(batch_frames, batch_ms, clock.monotonic_s)
        self._writer = SharedWriter(self.write_sessions, tick_s=write_tick_ms / 1000.0)

    def create(
        self, user_id: int, exercise: str, prescription: Prescription, workout_id: int | None
    ) -> tuple[str, str]:
        """A new session; returns (session id, resume token). Only the token's hash is kept."""
        session_id = uuid.uuid4().hex
        token = secrets.token_urlsafe(24)
        row = SessionRow(
            id=session_id,
            user_id=user_id,
            workout_id=workout_id,
            exercise=exercise,
            prescription_json=dumps(prescription_to_wire(prescription)),
            resume_token_sha256=_sha256(token),
            started_ms=self._clock.wall_ms(),
            frames_received=0,
            frames_dropped=0,
            frames_rejected=0,
        )
        with self._db.session() as s:
            s.add(row)
        return session_id, token

    def token_matches(self, session_id: str, token: str) -> bool:
        with self._db.session() as s:
            stored = s.scalar(
                select(SessionRow.resume_token_sha256).where(SessionRow.id == session_id)
            )
        return stored is not None and hmac.compare_digest(stored, _sha256(token))

    def get(self, session_id: str) -> SessionRecord | None:
        with self._db.session() as s:
            row = s.get(SessionRow, session_id)
            return None if row is None else _record(row)

    def list_for(self, user_ids: Sequence[int]) -> list[SessionRecord]:
        """The users' sessions, newest first (one query)."""
        if not user_ids:
            return []
        query = (
            select(SessionRow)
            .where(SessionRow.user_id.in_(list(user_ids)))
            .order_by(SessionRow.started_ms.desc(), SessionRow.id)
        )
        with self._db.session() as s:
            return [_record(r) for r in s.scalars(query)]

    def in_workout(self, workout_id: int) -> list[SessionRecord]:
        """A workout's sessions in the order they were started (one query)."""
        query = (
            select(SessionRow)
            .where(SessionRow.workout_id == workout_id)
            .order_by(SessionRow.started_ms, SessionRow.id)
        )
        with self._db.session() as s:
            return [_record(r) for r in s.scalars(query)]

    def record(self, session_id: str, frame: FrameRecord, events: Sequence[Event]) -> None:
        """One frame's metrics (and landmarks), batched, and the events it caused, which
        are committed with the frames before them before this returns."""
        if self.buffer(session_id, frame, events):
            self.flush(session_id)

    def buffer(self, session_id: str, frame: FrameRecord, events: Sequence[Event]) -> bool:
        """`record` without the database: the frame and its events wait in the batch;
        True when a write is due (events came, or the batch is full or old): the caller
        runs `flush` now, off the event loop. Touches no database (event loop safe)."""
        obs = frame.observation
        pose = obs.pose
        blob = pack_landmarks(pose) if pose is not None and self._record_landmarks else None
        row = {
            "session_id": session_id,
            "timestamp_ms": obs.timestamp_ms,
            "has_pose": int(pose is not None),
            "landmarks": blob,
            "image_w": pose.image_size_px[0] if pose is not None else None,
            "image_h": pose.image_size_px[1] if pose is not None else None,
            "signals_json": dumps(obs.signals),
            "angle_deg": frame.angle_deg,
            "phase": frame.phase,
            "inference_ms": frame.inference_ms,
        }
        with self._batches.locked(session_id) as batch:
            batch.add(obs.timestamp_ms, row, self._batches.clock())
            batch.events.extend(events)
            return bool(batch.events) or self._batches.due(batch)

    def write_soon(self, session_id: str, counts: Counts) -> None:
        """Have the buffered rows and events written, with the counters, by the shared
        writer within `write_tick_ms` (no database here: event loop safe)."""
        self._writer.submit(session_id, counts)

    def close(self) -> None:
        """Write what the shared writer holds and stop it (the app's shutdown)."""
        self._writer.close()

    def record_events(self, session_id: str, events: Sequence[Event]) -> None:
        self._flush(session_id, events)

    def flush(self, session_id: str) -> None:
        """Write the session's waiting frames now."""
        self._flush(session_id, ())

    def flush_all(self) -> None:
        for session_id in self._batches.session_ids():
            self.flush(session_id)

    def _flush(self, session_id: str, events: Sequence[Event]) -> None:
        with self._batches.taken(session_id) as batch:
            if batch.rows or batch.events or events:
                with self._db.session() as s:
                    _write(s, session_id, batch, events)

    def write_sessions(self, counts: Mapping[str, Counts]) -> None:
        """The waiting frames and events of several sessions and their counters (read
        now, from `counts`), in one transaction (`server.store.frame_batches`); on a
        failure every session keeps its rows."""
        frames: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        counters: list[dict[str, Any]] = []
        with ExitStack() as taken:
            for session_id, read in counts.items():
                batch = taken.enter_context(self._batches.taken(session_id))
                frames += batch.pending()
                events += _event_rows(session_id, batch.events)
                received, dropped, rejected = read()
                counters.append({"sid": session_id, "r": received, "d": dropped, "x": rejected})
            with self._db.session() as s:
                insert_rows(s, frames, events)
                s.connection().execute(SET_COUNTERS, counters)

    def count_frames(self, session_id: str, received: int, dropped: int, rejected: int) -> None:
        """Save the frame counters, with the waiting frames (one commit)."""
        self.save(session_id, (received, dropped, rejected))

    def save(
        self,
        session_id: str,
        counters: tuple[int, int, int] | None,
        events: Sequence[Event] = (),
        *,
        finished: bool = False,
    ) -> None:
        """The waiting frames and events, then `events`, the frame counters (received,
        dropped, rejected; None: left as they are) and, `finished`, the finish stamp: one
        commit (a live session's `server.live.recorder`)."""
        with self._batches.taken(session_id) as batch, self._db.session() as s:
            _write(s, session_id, batch, events)
            if counters is not None:
                received, dropped, rejected = counters
                s.execute(
                    update(SessionRow)
                    .where(SessionRow.id == session_id)
                    .values(
                        frames_received=received, frames_dropped=dropped, frames_rejected=rejected
                    )
                )
            if finished:
                s.execute(
                    update(SessionRow)
                    .where(SessionRow.id == session_id, SessionRow.finished_ms.is_(None))
                    .values(finished_ms=self._clock.wall_ms())
                )
        if finished:
            self._batches.discard(session_id)

    def finish(self, session_id: str) -> None:
        """The session is over: its waiting frames are written and it is stamped finished."""
        self.save(session_id, None, finished=True)

    def discard(self, session_id: str) -> None:
        """Delete a session that must not stay (an upload whose analysis failed): its
        waiting and written frames, its events and the session itself."""
        self._batches.discard(session_id)
        with self._db.session() as s:
            s.execute(delete(FrameRow).where(FrameRow.session_id == session_id))
            s.execute(delete(EventRow).where(EventRow.session_id == session_id))
            s.execute(delete(SessionRow).where(SessionRow.id == session_id))

    def events(self, session_id: str) -> list[Event]:
        """The session's events in order, as they were recorded."""
        return self.events_for([session_id]).get(session_id, [])

    def events_for(self, session_ids: Iterable[str]) -> dict[str, list[Event]]:
        """The events of several sessions in order, by session id (one query per 500)."""
        ids = sorted(set(session_ids))
        out: dict[str, list[Event]] = {}
        with self._db.session() as s:
            for start in range(0, len(ids), _IN_CHUNK):
                query = (
                    select(EventRow.session_id, EventRow.body_json)
                    .where(EventRow.session_id.in_(ids[start : start + _IN_CHUNK]))
                    .order_by(EventRow.id)
                )
                for session_id, body in s.execute(query):
                    out.setdefault(session_id, []).append(event_from_wire(json.loads(body)))
        return out

    def metrics(self, session_id: str) -> list[FrameMetrics]:
        """Per-frame metrics (no landmarks) for review charts."""
        self.flush(session_id)
        query = (
            select(
                FrameRow.timestamp_ms,
                FrameRow.has_pose,
                FrameRow.angle_deg,
                FrameRow.phase,
                FrameRow.inference_ms,
            )
            .where(FrameRow.session_id == session_id)
            .order_by(FrameRow.timestamp_ms)
        )
        with self._db.session() as s:
            return [
                FrameMetrics(r.timestamp_ms, bool(r.has_pose), r.angle_deg, r.phase, r.inference_ms)
                for r in s.execute(query)
            ]

    def observations(self, session_id: str) -> Iterator[Observation]:
        """The recorded observations in time order, for replay through an engine."""
        self.flush(session_id)
        query = (
            select(
                FrameRow.timestamp_ms,
                FrameRow.landmarks,
                FrameRow.image_w,
                FrameRow.image_h,
                FrameRow.signals_json,
            )
            .where(FrameRow.session_id == session_id)
            .order_by(FrameRow.timestamp_ms)
        )
        with self._db.session() as s:
            rows = s.execute(query).all()
        for ts, blob, w, h, signals_json in rows:
            size = (int(w or 0), int(h or 0))
            pose = None if blob is None else unpack_landmarks(bytes(blob), ts, size)
            stored = json.loads(signals_json).items()
            signals = {str(k): float(v) for k, v in stored if v is not None}
            yield Observation(ts, pose, signals)

    def last_timestamp_ms(self, session_id: str) -> int:
        self.flush(session_id)
        with self._db.session() as s:
            last = s.scalar(
                select(func.max(FrameRow.timestamp_ms)).where(FrameRow.session_id == session_id)
            )
        return -1 if last is None else int(last)

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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from exercises.base import Prescription
from exercises.events import Event, event_to_wire
from pose.joints import NUM_JOINTS
from pose.types import Observation, PoseFrame
from server.clock import now_ms
from server.store.db import Database
from server.store.programmes import prescription_from_wire, prescription_to_wire
from server.wire import dumps

__all__ = ["FrameRecord", "SessionRecord", "SessionStore"]

_LANDMARK_COLS = 7


@dataclass(frozen=True, slots=True)
class FrameRecord:
    """One processed frame's metrics (the observation itself is stored alongside)."""

    observation: Observation
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

    def to_wire(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "user_id": self.user_id,
            "workout_id": self.workout_id,
            "exercise": self.exercise,
            "prescription": prescription_to_wire(self.prescription),
            "started_ms": self.started_ms,
            "finished_ms": self.finished_ms,
            "frames_received": self.frames_received,
            "frames_dropped": self.frames_dropped,
            "frames_rejected": self.frames_rejected,
        }


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _pack(pose: PoseFrame) -> bytes:
    table = np.empty((NUM_JOINTS, _LANDMARK_COLS), dtype=np.float64)
    table[:, 0:3] = pose.xyz_norm
    table[:, 3:6] = pose.xyz_world
    table[:, 6] = pose.visibility
    return table.tobytes()


def _unpack(blob: bytes, timestamp_ms: int, size: tuple[int, int]) -> PoseFrame:
    table = np.frombuffer(blob, dtype=np.float64).reshape(NUM_JOINTS, _LANDMARK_COLS)
    return PoseFrame(
        timestamp_ms, table[:, 0:3].copy(), table[:, 3:6].copy(), table[:, 6].copy(), size
    )


class SessionStore:
    """Sessions, their events and frames; every write commits before it returns."""

    def __init__(self, db: Database, *, record_landmarks: bool = True) -> None:
        self._db = db
        self._record_landmarks = record_landmarks

    def create(
        self, user_id: int, exercise: str, prescription: Prescription, workout_id: int | None
    ) -> tuple[str, str]:
        """A new session; returns (session id, resume token). Only the token's hash is kept."""
        session_id = uuid.uuid4().hex
        token = secrets.token_urlsafe(24)
        self._db.execute(
            "INSERT INTO sessions (id, user_id, workout_id, exercise, prescription_json,"
            " resume_token_sha256, started_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                user_id,
                workout_id,
                exercise,
                dumps(prescription_to_wire(prescription)),
                _sha256(token),
                now_ms(),
            ),
        )
        return session_id, token

    def token_matches(self, session_id: str, token: str) -> bool:
        row = self._db.one("SELECT resume_token_sha256 FROM sessions WHERE id = ?", (session_id,))
        return row is not None and hmac.compare_digest(
            str(row["resume_token_sha256"]), _sha256(token)
        )

    def get(self, session_id: str) -> SessionRecord | None:
        row = self._db.one("SELECT * FROM sessions WHERE id = ?", (session_id,))
        if row is None:
            return None
        return SessionRecord(
            id=str(row["id"]),
            user_id=int(row["user_id"]),
            workout_id=None if row["workout_id"] is None else int(row["workout_id"]),
            exercise=str(row["exercise"]),
            prescription=prescription_from_wire(json.loads(row["prescription_json"])),
            started_ms=int(row["started_ms"]),
            finished_ms=None if row["finished_ms"] is None else int(row["finished_ms"]),
            frames_received=int(row["frames_received"]),
            frames_dropped=int(row["frames_dropped"]),
            frames_rejected=int(row["frames_rejected"]),
        )

    def list_for(self, user_ids: Sequence[int]) -> list[SessionRecord]:
        if not user_ids:
            return []
        marks = ",".join("?" * len(user_ids))
        rows = self._db.all(
            f"SELECT id FROM sessions WHERE user_id IN ({marks}) ORDER BY started_ms DESC",  # noqa: S608
            tuple(user_ids),
        )
        found = (self.get(str(r["id"])) for r in rows)
        return [s for s in found if s is not None]

    def in_workout(self, workout_id: int) -> list[SessionRecord]:
        """A workout's sessions in the order they were started."""
        rows = self._db.all(
            "SELECT id FROM sessions WHERE workout_id = ? ORDER BY started_ms, rowid",
            (workout_id,),
        )
        found = (self.get(str(r["id"])) for r in rows)
        return [s for s in found if s is not None]

    def record(self, session_id: str, frame: FrameRecord, events: Sequence[Event]) -> None:
        """One frame's metrics (and landmarks) and the events it caused, atomically."""
        obs = frame.observation
        pose = obs.pose
        blob = _pack(pose) if pose is not None and self._record_landmarks else None
        size = pose.image_size_px if pose is not None else (None, None)
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO frames (session_id, timestamp_ms, has_pose, landmarks,"
                " image_w, image_h, signals_json, angle_deg, phase, inference_ms)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    obs.timestamp_ms,
                    int(pose is not None),
                    blob,
                    size[0],
                    size[1],
                    dumps(obs.signals),
                    frame.angle_deg,
                    frame.phase,
                    frame.inference_ms,
                ),
            )
            for event in events:
                conn.execute(
                    "INSERT INTO events (session_id, timestamp_ms, kind, body_json)"
                    " VALUES (?, ?, ?, ?)",
                    (session_id, event.timestamp_ms, event.kind, dumps(event_to_wire(event))),
                )

    def record_events(self, session_id: str, events: Sequence[Event]) -> None:
        with self._db.transaction() as conn:
            for event in events:
                conn.execute(
                    "INSERT INTO events (session_id, timestamp_ms, kind, body_json)"
                    " VALUES (?, ?, ?, ?)",
                    (session_id, event.timestamp_ms, event.kind, dumps(event_to_wire(event))),
                )

    def count_frames(self, session_id: str, received: int, dropped: int, rejected: int) -> None:
        self._db.execute(
            "UPDATE sessions SET frames_received = ?, frames_dropped = ?, frames_rejected = ?"
            " WHERE id = ?",
            (received, dropped, rejected, session_id),
        )

    def finish(self, session_id: str) -> None:
        self._db.execute(
            "UPDATE sessions SET finished_ms = ? WHERE id = ? AND finished_ms IS NULL",
            (now_ms(), session_id),
        )

    def events(self, session_id: str) -> list[dict[str, Any]]:
        rows = self._db.all(
            "SELECT body_json FROM events WHERE session_id = ? ORDER BY id", (session_id,)
        )
        return [json.loads(r["body_json"]) for r in rows]

    def metrics(self, session_id: str) -> list[dict[str, Any]]:
        """Per-frame metrics (no landmarks) for review charts."""
        rows = self._db.all(
            "SELECT timestamp_ms, has_pose, angle_deg, phase, inference_ms FROM frames"
            " WHERE session_id = ? ORDER BY timestamp_ms",
            (session_id,),
        )
        return [dict(r) for r in rows]

    def observations(self, session_id: str) -> Iterator[Observation]:
        """The recorded observations in time order, for replay through an engine."""
        rows = self._db.all(
            "SELECT timestamp_ms, landmarks, image_w, image_h, signals_json FROM frames"
            " WHERE session_id = ? ORDER BY timestamp_ms",
            (session_id,),
        )
        for r in rows:
            ts = int(r["timestamp_ms"])
            pose = None
            if r["landmarks"] is not None:
                pose = _unpack(bytes(r["landmarks"]), ts, (int(r["image_w"]), int(r["image_h"])))
            stored = json.loads(r["signals_json"]).items()
            signals = {str(k): float(v) for k, v in stored if v is not None}
            yield Observation(ts, pose, signals)

    def last_timestamp_ms(self, session_id: str) -> int:
        row = self._db.one(
            "SELECT MAX(timestamp_ms) AS t FROM frames WHERE session_id = ?", (session_id,)
        )
        return -1 if row is None or row["t"] is None else int(row["t"])

"""The SQLite database: schema and one locked connection shared by the app's threads.

Patient video is health data and is never stored; the database holds users,
prescriptions, sessions, their events as they happen, per-frame landmarks and metrics,
and pain scores.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["Database"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('patient', 'therapist')),
    therapist_id INTEGER REFERENCES users(id),
    password_hash TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'nl',
    created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS logins (
    token_sha256 TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    expires_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS prescriptions (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES users(id),
    therapist_id INTEGER NOT NULL REFERENCES users(id),
    position INTEGER NOT NULL,
    exercise TEXT NOT NULL,
    prescription_json TEXT NOT NULL,
    created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS workouts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    started_ms INTEGER NOT NULL,
    finished_ms INTEGER,
    pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
    pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10)
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    workout_id INTEGER REFERENCES workouts(id),
    exercise TEXT NOT NULL,
    prescription_json TEXT NOT NULL,
    resume_token_sha256 TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    finished_ms INTEGER,
    frames_received INTEGER NOT NULL DEFAULT 0,
    frames_dropped INTEGER NOT NULL DEFAULT 0,
    frames_rejected INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    timestamp_ms INTEGER NOT NULL,
    kind TEXT NOT NULL,
    body_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_session ON events(session_id, id);
CREATE TABLE IF NOT EXISTS frames (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    timestamp_ms INTEGER NOT NULL,
    has_pose INTEGER NOT NULL,
    landmarks BLOB,  -- float64 (33, 7): x y z norm, x y z world (m), visibility
    image_w INTEGER,
    image_h INTEGER,
    signals_json TEXT NOT NULL,
    angle_deg REAL,
    phase TEXT NOT NULL,
    inference_ms REAL NOT NULL,
    PRIMARY KEY (session_id, timestamp_ms)
);
"""


class Database:
    """One SQLite file; every statement runs under one lock (the app's threads share it)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a committed event survives a crash of the app;
            # only a power cut may lose the last commits.
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.executescript(_SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run several statements atomically; commits on success, rolls back on error."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One write; returns the last row id."""
        with self._lock:
            cur = self._conn.execute(sql, params)
            return int(cur.lastrowid or 0)

    def one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._conn.execute(sql, params).fetchone()
            return row

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._conn.execute(sql, params).fetchall())

    def close(self) -> None:
        with self._lock:
            self._conn.close()

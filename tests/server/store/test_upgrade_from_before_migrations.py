"""A database written before migrations (no alembic_version) upgrades in place: every
user, prescription, workout, session, event and frame survives and reads through the
stores, old float64 landmark blobs included; new rows then go on from there.

The schema below is a frozen copy of `server/store/db.py`'s `_SCHEMA` from before
Alembic (commit b970762); it must never be edited.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from exercises.base import Prescription
from pose.joints import NUM_JOINTS
from pose.types import Observation, PoseFrame
from server.store.db import Database
from server.store.migrate import current_revision, head_revision
from server.store.passwords import hash_password
from server.store.programmes import ProgrammeStore
from server.store.recording import FrameRecord, SessionStore
from server.store.users import UserStore
from server.store.workouts import WorkoutStore

OLD_SCHEMA = """
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

TABLES = ("users", "logins", "prescriptions", "workouts", "sessions", "events", "frames")
NOW_MS = 1_760_000_000_000  # epoch ms in 2025: more than 32 bits
LOGIN_TOKEN = "old-login-token"
RESUME_TOKEN = "old-resume-token"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _old_landmarks(seed: int) -> np.ndarray:
    """A (33, 7) float64 table as the old code packed it."""
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, (NUM_JOINTS, 7))


def write_old_database(path: Path) -> None:
    """What the old code left behind: its schema, rows in every table, WAL mode."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(OLD_SCHEMA)
    # A rep as the engines wrote it then (every field of the time; the store now reads
    # events back typed, so an old row must carry what an event of its day carried).
    rep = {
        "kind": "rep_completed",
        "timestamp_ms": 1000,
        "index": 1,
        "set_index": 1,
        "rep_in_set": 1,
        "side": None,
        "start_s": 0.2,
        "peak_s": 0.6,
        "end_s": 1.0,
        "hold_s": 0.3,
        "peak_angle_deg": 171.5,
        "faults": [],
    }
    rows: dict[str, list[tuple[Any, ...]]] = {
        "users": [
            (
                1,
                "dr-bakker",
                "Dr Bakker",
                "therapist",
                None,
                hash_password("bakker-ww-1"),
                "nl",
                NOW_MS,
            ),
            (2, "anna", "Anna", "patient", 1, hash_password("anna-ww-12"), "en", NOW_MS + 1),
        ],
        "logins": [(_sha256(LOGIN_TOKEN), 2, 2 * NOW_MS)],  # expires long after the test
        "prescriptions": [
            (1, 2, 1, 0, "bridge", json.dumps({"reps": 12, "sets": 2}), NOW_MS + 2),
            (2, 2, 1, 1, "clamshell", json.dumps({"reps": 8}), NOW_MS + 2),
        ],
        "workouts": [(1, 2, NOW_MS + 3, NOW_MS + 900_000, 4, 2)],
        "sessions": [
            (
                "s-done",
                2,
                1,
                "bridge",
                json.dumps({"reps": 12}),
                _sha256(RESUME_TOKEN),
                NOW_MS + 4,
                NOW_MS + 600_000,
                40,
                3,
                1,
            ),
            (
                "s-open",
                2,
                None,
                "clamshell",
                json.dumps({"reps": 8}),
                _sha256("other"),
                NOW_MS + 5,
                None,
                2,
                0,
                0,
            ),
        ],
        "events": [
            (1, "s-done", 1000, "rep_completed", json.dumps(rep)),
            (2, "s-done", 2000, "rep_completed", json.dumps(rep | {"index": 2})),
        ],
        "frames": [
            (
                "s-done",
                0,
                1,
                _old_landmarks(0).tobytes(),
                640,
                360,
                json.dumps({"belly_motion": 0.25}),
                120.5,
                "rest",
                31.0,
            ),
            ("s-done", 40, 0, None, None, None, json.dumps({}), None, "setup", 29.5),
            ("s-done", 80, 1, _old_landmarks(1).tobytes(), 640, 360, "{}", 121.0, "up", 30.0),
        ],
    }
    for table, values in rows.items():
        marks = ",".join("?" * len(values[0]))
        conn.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
    conn.close()


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the old tables, in the old columns (later revisions add columns)."""
    conn = sqlite3.connect(path)
    try:
        out = {}
        for t in TABLES:
            columns = ", ".join(c for c in OLD_COLUMNS[t])
            out[t] = conn.execute(f"SELECT {columns} FROM {t} ORDER BY 1, 2").fetchall()
        return out
    finally:
        conn.close()


Dump = dict[str, list[tuple[Any, ...]]]
OLD_COLUMNS: dict[str, list[str]] = {}  # table -> its columns before the upgrade


@pytest.fixture
def upgraded(tmp_path: Path) -> Iterator[tuple[Database, Dump]]:
    path = tmp_path / "formcheck.sqlite3"
    write_old_database(path)
    conn = sqlite3.connect(path)
    for t in TABLES:
        OLD_COLUMNS[t] = [row[1] for row in conn.execute(f"PRAGMA table_info({t})")]
    conn.close()
    before = _dump(path)
    assert all(before[t] for t in TABLES)  # every table has rows
    db = Database(path)  # what the app does on start: recognise, stamp, upgrade
    yield db, before
    db.close()


def test_every_row_survives_the_upgrade(tmp_path: Path, upgraded: tuple[Database, Dump]) -> None:
    db, before = upgraded
    assert current_revision(db.engine) == head_revision()
    assert _dump(tmp_path / "formcheck.sqlite3") == before


def test_the_old_rows_read_through_the_stores(
    upgraded: tuple[Database, Dump],
) -> None:
    db, _ = upgraded
    users, sessions = UserStore(db, 3600.0), SessionStore(db)
    anna = users.authenticate("anna", "anna-ww-12")
    assert anna is not None
    assert (anna.therapist_id, anna.language) == (1, "en")
    # A login from before revision 0005 has never been seen: idle, so it has ended (the
    # upgrade asks everyone to log in once more); the password still lets them in.
    assert users.user_for_token(LOGIN_TOKEN) is None
    assert [p.username for p in users.patients_of(1)] == ["anna"]
    items, prescribed = ProgrammeStore(db).programme_for(anna)
    assert prescribed
    assert [(i.exercise, i.prescription.reps) for i in items] == [("bridge", 12), ("clamshell", 8)]
    workout = WorkoutStore(db).get(1)
    assert workout is not None
    assert (workout.pain_before, workout.pain_after) == (4, 2)
    assert [s.id for s in sessions.list_for([anna.id])] == ["s-open", "s-done"]
    done = sessions.get("s-done")
    assert done is not None
    assert (done.started_ms, done.finished_ms, done.frames_received) == (
        NOW_MS + 4,
        NOW_MS + 600_000,
        40,
    )
    assert sessions.token_matches("s-done", RESUME_TOKEN)
    assert [getattr(e, "index", None) for e in sessions.events("s-done")] == [1, 2]
    assert [m.phase for m in sessions.metrics("s-done")] == ["rest", "setup", "up"]
    replay = list(sessions.observations("s-done"))
    assert [o.timestamp_ms for o in replay] == [0, 40, 80]
    assert replay[1].pose is None
    first = replay[0].pose
    assert first is not None
    assert first.image_size_px == (640, 360)
    table = _old_landmarks(0)  # the old float64 blob reads back bit-exact
    assert np.array_equal(first.xyz_norm, table[:, 0:3])
    assert np.array_equal(first.xyz_world, table[:, 3:6])
    assert np.array_equal(first.visibility, table[:, 6])
    assert replay[0].signals == {"belly_motion": 0.25}


def test_new_rows_go_on_after_the_old_ones(
    upgraded: tuple[Database, Dump],
) -> None:
    db, _ = upgraded
    users, sessions = UserStore(db, 3600.0), SessionStore(db)
    kim = users.create_user("kim", "kim-wachtwoord", "patient", therapist="dr-bakker")
    assert kim.id == 3
    sid, _ = sessions.create(kim.id, "bridge", Prescription(), WorkoutStore(db).start(kim.id))
    pose = PoseFrame(
        120, np.full((NUM_JOINTS, 3), 0.5), np.zeros((NUM_JOINTS, 3)), np.ones(NUM_JOINTS)
    )
    sessions.record("s-done", FrameRecord(Observation(120, pose), 90.0, "rest", 20.0), [])
    assert [o.timestamp_ms for o in sessions.observations("s-done")] == [0, 40, 80, 120]
    assert sessions.get(sid) is not None

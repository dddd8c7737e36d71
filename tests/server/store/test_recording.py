"""Recording: events and landmarks as they happen, never images; replayable in order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from exercises.base import Prescription
from exercises.events import RepCompleted
from pose.joints import NUM_JOINTS
from pose.types import Observation, PoseFrame
from server.store.db import Database
from server.store.recording import FrameRecord, SessionStore
from server.store.users import UserStore


def _pose(timestamp_ms: int, seed: int) -> PoseFrame:
    rng = np.random.default_rng(seed)
    return PoseFrame(
        timestamp_ms,
        rng.uniform(0, 1, (NUM_JOINTS, 3)),
        rng.uniform(-1, 1, (NUM_JOINTS, 3)),
        rng.uniform(0, 1, NUM_JOINTS),
        (640, 360),
    )


@pytest.fixture
def store(tmp_path: Path) -> tuple[SessionStore, str]:
    db = Database(tmp_path / "db.sqlite3")
    user = UserStore(db, 60.0).create_user("dr-bakker", "bakker-wachtwoord", "therapist")
    sessions = SessionStore(db)
    session_id, _ = sessions.create(user.id, "bridge", Prescription(reps=5), None)
    return sessions, session_id


def test_observations_round_trip_exactly(store: tuple[SessionStore, str]) -> None:
    sessions, sid = store
    written = [
        Observation(t, _pose(t, t) if t % 200 else None, {"belly_motion": t / 1000})
        for t in range(0, 1000, 100)
    ]
    for obs in written:
        sessions.record(sid, FrameRecord(obs, 120.0 if obs.pose else None, "rest", 30.0), [])
    read = list(sessions.observations(sid))
    assert [o.timestamp_ms for o in read] == [o.timestamp_ms for o in written]
    for a, b in zip(written, read, strict=True):
        assert (a.pose is None) == (b.pose is None)
        assert a.signals == b.signals
        if a.pose is not None and b.pose is not None:
            assert np.array_equal(a.pose.xyz_norm, b.pose.xyz_norm)  # bit-exact: replay
            assert np.array_equal(a.pose.xyz_world, b.pose.xyz_world)
            assert np.array_equal(a.pose.visibility, b.pose.visibility)
            assert a.pose.image_size_px == b.pose.image_size_px


def test_events_are_kept_in_order_with_their_frame(store: tuple[SessionStore, str]) -> None:
    sessions, sid = store
    for i in (1, 2):
        rep = RepCompleted(
            timestamp_ms=i * 1000,
            index=i,
            set_index=1,
            rep_in_set=i,
            side=None,
            start_s=i - 0.8,
            peak_s=i - 0.4,
            end_s=float(i),
            hold_s=0.3,
            peak_angle_deg=170.0,
            lift_s=0.4,
            lower_s=0.4,
        )
        obs = Observation(i * 1000, _pose(i * 1000, i))
        sessions.record(sid, FrameRecord(obs, 170.0, "rest", 25.0), [rep])
    events = sessions.events(sid)
    assert [(e["kind"], e["index"]) for e in events] == [("rep_completed", 1), ("rep_completed", 2)]
    assert [m["angle_deg"] for m in sessions.metrics(sid)] == [170.0, 170.0]


def test_no_image_is_ever_stored(tmp_path: Path, store: tuple[SessionStore, str]) -> None:
    """Patient video is health data: the database holds landmarks, not pixels."""
    sessions, sid = store
    obs = Observation(0, _pose(0, 1))
    sessions.record(sid, FrameRecord(obs, None, "setup", 20.0), [])
    db = Database(tmp_path / "db.sqlite3")
    rows = db.all("SELECT name FROM sqlite_master WHERE type = 'table'")
    blob_sizes = [
        len(r["landmarks"]) for r in db.all("SELECT landmarks FROM frames") if r["landmarks"]
    ]
    assert blob_sizes == [NUM_JOINTS * 7 * 8]  # 33 landmarks x 7 float64
    assert {r["name"] for r in rows} == {
        "users",
        "logins",
        "prescriptions",
        "workouts",
        "sessions",
        "events",
        "frames",
    }

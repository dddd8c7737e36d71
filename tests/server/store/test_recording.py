"""Recording: events and landmarks as they happen, never images; replayable in order."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import inspect, select

from exercises.base import Prescription
from exercises.events import RepCompleted
from pose.joints import NUM_JOINTS
from pose.types import Observation, PoseFrame
from server.store.db import Database
from server.store.models import FrameRow, JobClipRow
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


def _rep(i: int) -> RepCompleted:
    return RepCompleted(
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


@pytest.fixture
def store(db: Database) -> tuple[SessionStore, str]:
    user = UserStore(db, 60.0).create_user("dr-bakker", "bakker-wachtwoord", "therapist")
    sessions = SessionStore(db)
    session_id, _ = sessions.create(user.id, "bridge", Prescription(reps=5), None)
    return sessions, session_id


def test_observations_round_trip_at_the_models_precision(store: tuple[SessionStore, str]) -> None:
    """Landmarks are kept as float32, the model's own precision: a pose the model made
    (float32 values) comes back bit-exact, so a replay sees what the live engine saw."""
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
            for name in ("xyz_norm", "xyz_world", "visibility"):
                sent, got = getattr(a.pose, name), getattr(b.pose, name)
                assert got.dtype == np.float64
                assert np.array_equal(got, sent.astype(np.float32).astype(np.float64))
                assert np.allclose(got, sent, rtol=0, atol=1e-7)
            assert a.pose.image_size_px == b.pose.image_size_px


def test_events_are_kept_in_order_with_their_frame(store: tuple[SessionStore, str]) -> None:
    sessions, sid = store
    for i in (1, 2):
        obs = Observation(i * 1000, _pose(i * 1000, i))
        sessions.record(sid, FrameRecord(obs, 170.0, "rest", 25.0), [_rep(i)])
    events = sessions.events(sid)
    assert [(e.kind, getattr(e, "index", None)) for e in events] == [
        ("rep_completed", 1),
        ("rep_completed", 2),
    ]
    assert [m.angle_deg for m in sessions.metrics(sid)] == [170.0, 170.0]


def test_events_of_many_sessions_in_one_call(db: Database, store: tuple[SessionStore, str]) -> None:
    sessions, first = store
    user_id = sessions.get(first)
    assert user_id is not None
    second, _ = sessions.create(user_id.user_id, "bridge", Prescription(), None)
    sessions.record_events(first, [_rep(1), _rep(2)])
    sessions.record_events(second, [_rep(3)])
    found = sessions.events_for([first, second, "nosuchsession"])
    assert {k: [getattr(e, "index", None) for e in v] for k, v in found.items()} == {
        first: [1, 2],
        second: [3],
    }


def test_no_image_is_ever_stored(db: Database, store: tuple[SessionStore, str]) -> None:
    """Patient video is health data: the database holds landmarks, not pixels."""
    sessions, sid = store
    obs = Observation(0, _pose(0, 1))
    sessions.record(sid, FrameRecord(obs, None, "setup", 20.0), [])
    sessions.flush(sid)
    with db.session() as s:
        blobs = list(s.scalars(select(FrameRow.landmarks)))
    assert [len(b) for b in blobs if b] == [NUM_JOINTS * 7 * 4]  # 33 landmarks x 7 float32
    assert set(inspect(db.engine).get_table_names()) == {
        "alembic_version",
        "users",
        "logins",
        "prescriptions",
        "workouts",
        "sessions",
        "events",
        "frames",
        "signin_links",
        "jobs",  # an upload's analysis: state and progress
        # The clip of an upload waiting for a worker elsewhere, only until its job ends
        # (tests/server/store/test_jobs_and_intake.py); a live session never writes here.
        "job_clips",
        "intakes",  # the patient's ticked complaints and red flags (catalogue keys)
        "audit_log",  # who read or changed what: ids and codes only
    }
    with db.session() as s:
        assert s.scalars(select(JobClipRow.job_id)).first() is None

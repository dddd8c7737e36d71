"""The recorders a live session writes through: a rep's events are committed before
`record` lets its answer go (for both that store); frame rows wait for their batch,
written by the session (`BatchRecorder`) or by the shared writer (`SharedRecorder`);
the demo's keeps nothing; and the app chooses one from its settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from exercises.base import Prescription
from server.api.app import create_app
from server.api.state import app_state
from server.clock import ManualClock
from server.live.inference import EstimatorFactory
from server.live.recorder import BatchRecorder, NoRecorder, Recorder, SharedRecorder
from server.settings import Settings
from server.store.db import Database
from server.store.recording import SessionStore
from server.store.users import UserStore
from tests.server.store.rows import frame_record, set_done

BATCH = 3


def _counts() -> tuple[int, int, int]:
    return (7, 1, 2)


class Stores(NamedTuple):
    sessions: SessionStore
    sid: str
    after_crash: SessionStore  # a second store on the same file
    db: Database


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Stores]:
    """A store (its shared writer's tick a minute: it writes only when closed), a
    session in it, and a second store on the same file: what a restarted app reads."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    db, other = Database(url), Database(url)
    user = UserStore(db, 60.0).create_user("bram", "bram-wachtwoord", "patient")
    out = SessionStore(db, batch_frames=BATCH, batch_ms=60_000.0, write_tick_ms=60_000.0)
    sid, _ = out.create(user.id, "bridge", Prescription(), None)
    try:
        yield Stores(out, sid, SessionStore(other), db)
    finally:
        out.close()
        db.close()
        other.close()


def _stamps(store: SessionStore, sid: str) -> list[int]:
    return [o.timestamp_ms for o in store.observations(sid)]


def _counters(store: SessionStore, sid: str) -> tuple[int, int, int]:
    record = store.get(sid)
    assert record is not None
    return record.frames_received, record.frames_dropped, record.frames_rejected


@pytest.mark.parametrize("kind", [BatchRecorder, SharedRecorder])
def test_events_are_saved_before_the_answer_in_one_commit(
    store: Stores, kind: type[BatchRecorder | SharedRecorder]
) -> None:
    sessions, sid, after_crash, db = store
    recorder: Recorder = kind(sessions)
    assert recorder.record(sid, frame_record(0), [], _counts) is False
    assert recorder.record(sid, frame_record(40), [set_done(40)], _counts) is True
    assert after_crash.events(sid) == []  # nothing written until `save`
    commits: list[None] = []
    event.listen(db.engine, "commit", lambda _c: commits.append(None))
    recorder.save(sid, _counts)
    assert len(commits) == 1
    assert [e.timestamp_ms for e in after_crash.events(sid)] == [40]
    assert _stamps(after_crash, sid) == [0, 40]
    assert _counters(after_crash, sid) == (7, 1, 2)


def test_a_session_writes_its_own_batch_before_that_answer(
    store: Stores,
) -> None:
    sessions, sid, after_crash, _db = store
    recorder = BatchRecorder(sessions)
    due = [recorder.record(sid, frame_record(t * 40), [], _counts) for t in range(BATCH)]
    assert due == [False] * (BATCH - 1) + [True]
    recorder.save(sid, _counts)
    assert _stamps(after_crash, sid) == [t * 40 for t in range(BATCH)]


def test_the_shared_writer_takes_a_due_batch_without_holding_the_answer(
    store: Stores,
) -> None:
    sessions, sid, after_crash, _db = store
    recorder = SharedRecorder(sessions)
    due = [recorder.record(sid, frame_record(t * 40), [], _counts) for t in range(BATCH)]
    assert due == [False] * BATCH  # the answers never wait for frame rows
    assert _stamps(after_crash, sid) == []  # the writer's tick (a minute) has not come
    sessions.close()  # the app's shutdown: the writer writes what it was handed
    assert _stamps(after_crash, sid) == [t * 40 for t in range(BATCH)]
    assert _counters(after_crash, sid) == (7, 1, 2)  # read when written


def test_the_demos_recorder_keeps_nothing(store: Stores) -> None:
    sessions, sid, after_crash, _db = store
    recorder = NoRecorder()
    assert recorder.record(sid, frame_record(0), [set_done(0)], _counts) is False
    recorder.save(sid, _counts, [set_done(10)], finished=True)
    sessions.flush_all()
    assert (_stamps(after_crash, sid), after_crash.events(sid)) == ([], [])
    record = after_crash.get(sid)
    assert record is not None
    assert record.finished_ms is None


@pytest.mark.parametrize(
    ("writer", "kind"), [("shared", SharedRecorder), ("session", BatchRecorder)]
)
def test_the_app_chooses_the_recorder_from_its_settings(
    tmp_path: Path, replay_factory: EstimatorFactory, writer: str, kind: type[Recorder]
) -> None:
    settings = Settings(data_dir=tmp_path, create_demo_users=False, frame_writer=writer)  # type: ignore[arg-type]
    app = create_app(settings, estimator_factory=replay_factory, clock=ManualClock())
    with TestClient(app) as client:
        assert isinstance(client.app, FastAPI)
        assert isinstance(app_state(client.app).live.recorder, kind)


def test_an_unknown_writer_is_refused_naming_the_choices() -> None:
    with pytest.raises(ValueError, match="frame_writer one of \\('shared', 'session'\\)"):
        Settings(frame_writer="each")  # type: ignore[arg-type]

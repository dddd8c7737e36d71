"""Frames are written in batches, events at once: a crash (no flush) loses at most the
last batch of landmark rows, never an event, and a batch is one commit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from exercises.base import Prescription
from server.clock import ManualClock
from server.store.db import Database
from server.store.recording import SessionStore
from server.store.users import UserStore
from tests.server.store.rows import frame_record, set_done

BATCH = 10


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def recorder(db: Database, clock: ManualClock) -> tuple[SessionStore, str]:
    user = UserStore(db, 60.0).create_user("bram", "bram-wachtwoord", "patient")
    store = SessionStore(db, batch_frames=BATCH, batch_ms=1000.0, clock=clock)
    sid, _ = store.create(user.id, "bridge", Prescription(), None)
    return store, sid


@pytest.fixture
def after_crash(database_url: str) -> Iterator[SessionStore]:
    """What a restarted app reads: a new engine (its own connections) on the same data."""
    other = Database(database_url)
    try:
        yield SessionStore(other)
    finally:
        other.close()


def _stamps(store: SessionStore, sid: str) -> list[int]:
    return [o.timestamp_ms for o in store.observations(sid)]


def test_a_crash_loses_at_most_the_last_batch(
    recorder: tuple[SessionStore, str], after_crash: SessionStore
) -> None:
    store, sid = recorder
    for i in range(2 * BATCH + 3):
        store.record(sid, frame_record(i * 40), [])
    # No flush: the app died here. Two full batches are in, the three after are gone.
    assert _stamps(after_crash, sid) == [i * 40 for i in range(2 * BATCH)]
    assert _stamps(store, sid) == [i * 40 for i in range(2 * BATCH + 3)]  # a read flushes


def test_an_event_is_committed_at_once_with_the_frames_before_it(
    recorder: tuple[SessionStore, str], after_crash: SessionStore
) -> None:
    store, sid = recorder
    for i in range(4):
        store.record(sid, frame_record(i * 40), [set_done(120)] if i == 3 else [])
    store.record(sid, frame_record(160), [])
    assert [e.kind for e in after_crash.events(sid)] == ["set_completed"]
    assert _stamps(after_crash, sid) == [0, 40, 80, 120]  # the frame after it may wait
    store.record_events(sid, [set_done(170)])  # an event without a frame: at once too
    assert len(after_crash.events(sid)) == 2
    assert _stamps(after_crash, sid) == [0, 40, 80, 120, 160]


def test_a_batch_is_also_due_after_batch_ms(
    recorder: tuple[SessionStore, str], after_crash: SessionStore, clock: ManualClock
) -> None:
    store, sid = recorder
    store.record(sid, frame_record(0), [])
    clock.advance(0.5)
    store.record(sid, frame_record(500), [])
    assert _stamps(after_crash, sid) == []
    clock.advance(0.5)
    store.record(sid, frame_record(1000), [])
    assert _stamps(after_crash, sid) == [0, 500, 1000]


@pytest.mark.parametrize("end", ["count_frames", "finish", "flush"])
def test_saving_counters_finishing_or_flushing_writes_the_batch(
    recorder: tuple[SessionStore, str], after_crash: SessionStore, end: str
) -> None:
    store, sid = recorder
    store.record(sid, frame_record(0), [])
    store.record(sid, frame_record(40), [])
    if end == "count_frames":
        store.count_frames(sid, 2, 0, 0)
    elif end == "finish":
        store.finish(sid)
    else:
        store.flush_all()
    assert _stamps(after_crash, sid) == [0, 40]


def test_one_commit_per_batch_not_per_frame(
    db: Database, recorder: tuple[SessionStore, str]
) -> None:
    store, sid = recorder
    commits: list[None] = []
    event.listen(db.engine, "commit", lambda _conn: commits.append(None))
    for i in range(3 * BATCH):
        store.record(sid, frame_record(i * 40), [])
    assert len(commits) == 3


def test_buffered_rows_and_events_wait_for_the_write_that_falls_due(
    recorder: tuple[SessionStore, str], after_crash: SessionStore
) -> None:
    """`buffer` (an on-device session on the event loop) touches no database; it says
    when a write is due, and that write commits the frames and events in their order."""
    store, sid = recorder
    assert store.buffer(sid, frame_record(0), []) is False
    assert store.buffer(sid, frame_record(40), [set_done(40)]) is True  # an event: due
    assert after_crash.events(sid) == []  # nothing written yet
    store.buffer(sid, frame_record(80), [set_done(80)])
    store.flush(sid)
    assert [e.timestamp_ms for e in after_crash.events(sid)] == [40, 80]
    assert _stamps(after_crash, sid) == [0, 40, 80]


def test_a_failed_write_puts_its_rows_back_and_rows_keep_coming_meanwhile(
    recorder: tuple[SessionStore, str], db: Database
) -> None:
    store, sid = recorder
    store.buffer(sid, frame_record(0), [set_done(0)])

    def fail(*_args: object) -> None:
        # A row buffered while the commit is under way does not wait for its lock.
        store.buffer(sid, frame_record(40), [])
        raise RuntimeError("disk full")

    event.listen(db.engine, "before_cursor_execute", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        store.flush(sid)
    event.remove(db.engine, "before_cursor_execute", fail)
    store.flush(sid)
    assert [e.timestamp_ms for e in store.events(sid)] == [0]
    assert _stamps(store, sid) == [0, 40]

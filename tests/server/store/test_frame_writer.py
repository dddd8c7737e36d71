"""The shared writer: the buffered rows of many sessions in one transaction per tick,
in order, never lost to a failed write, and written when the app shuts down."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import event, select

from exercises.base import Prescription
from server.store.db import Database
from server.store.models import SessionRow
from server.store.recording import SessionStore
from server.store.users import UserStore
from tests.server.store.rows import frame_record, set_done

TICK_MS = 50.0


@pytest.fixture
def store(db: Database) -> Iterator[SessionStore]:
    out = SessionStore(db, batch_frames=1000, batch_ms=60_000.0, write_tick_ms=TICK_MS)
    try:
        yield out
    finally:
        out.close()


def _sessions(db: Database, store: SessionStore, n: int) -> list[str]:
    user = UserStore(db, 60.0).create_user("bram", "bram-wachtwoord", "patient")
    return [store.create(user.id, "bridge", Prescription(), None)[0] for _ in range(n)]


def _counts(value: int) -> Callable[[], tuple[int, int, int]]:
    return lambda: (value, 1, 2)


def _stamps(db: Database, sid: str) -> list[int]:
    # A new store on the same database: it reads what was committed (no flush of ours).
    return [o.timestamp_ms for o in SessionStore(db).observations(sid)]


def _counters(db: Database, sid: str) -> tuple[int, int, int]:
    with db.session() as s:
        row = s.execute(
            select(
                SessionRow.frames_received, SessionRow.frames_dropped, SessionRow.frames_rejected
            ).where(SessionRow.id == sid)
        ).one()
    return int(row[0]), int(row[1]), int(row[2])


def _wait_for(done: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        assert time.monotonic() < deadline, "the shared writer did not write in time"
        time.sleep(0.01)


def test_many_sessions_rows_events_and_counters_in_one_commit(
    db: Database, store: SessionStore
) -> None:
    sids = _sessions(db, store, 5)
    commits: list[str] = []
    event.listen(db.engine, "commit", lambda _c: commits.append(threading.current_thread().name))
    for i, sid in enumerate(sids):
        for t in range(3):
            store.buffer(sid, frame_record(t * 40), [set_done(80)] if t == 2 else [])
        store.write_soon(sid, _counts(10 + i))
    _wait_for(lambda: _counters(db, sids[-1])[0] == 14)
    # Every session handed in within the tick: one transaction.
    assert commits.count("frame-writer") == 1
    for i, sid in enumerate(sids):
        assert _stamps(db, sid) == [0, 40, 80]
        assert [e.timestamp_ms for e in store.events(sid)] == [80]
        assert _counters(db, sid) == (10 + i, 1, 2)


def test_rows_and_events_keep_their_order_over_ticks(db: Database, store: SessionStore) -> None:
    (sid,) = _sessions(db, store, 1)
    for t in range(6):
        store.buffer(sid, frame_record(t * 40), [set_done(t * 40)])
        store.write_soon(sid, _counts(t + 1))
        time.sleep(TICK_MS / 1000.0 * 0.7)  # some in the same tick, some in the next
    _wait_for(lambda: _counters(db, sid)[0] == 6)
    assert _stamps(db, sid) == [t * 40 for t in range(6)]
    assert [e.timestamp_ms for e in store.events(sid)] == [t * 40 for t in range(6)]


def test_a_failed_write_keeps_its_rows_and_is_retried(db: Database) -> None:
    """Retried after `SharedWriter`'s retry_s (a second), until it goes through."""
    store = SessionStore(db, batch_frames=1000, batch_ms=60_000.0, write_tick_ms=TICK_MS)
    (sid,) = _sessions(db, store, 1)
    failures: list[None] = []
    more = threading.Event()

    def fail(*_args: object) -> None:
        # The disk is full for the writer twice, then has room again.
        if threading.current_thread().name == "frame-writer" and len(failures) < 2:
            failures.append(None)
            if len(failures) == 1:
                store.buffer(sid, frame_record(40), [])  # rows keep coming during the failed write
                more.set()
            raise db.engine.dialect.loaded_dbapi.OperationalError("disk I/O error")

    event.listen(db.engine, "before_cursor_execute", fail)
    try:
        store.buffer(sid, frame_record(0), [set_done(0)])
        store.write_soon(sid, _counts(2))
        _wait_for(lambda: _counters(db, sid)[0] == 2)
    finally:
        event.remove(db.engine, "before_cursor_execute", fail)
        store.close()
    assert more.is_set()
    assert len(failures) == 2
    assert _stamps(db, sid) == [0, 40]
    assert [e.timestamp_ms for e in store.events(sid)] == [0]


def test_closing_writes_what_waits(db: Database) -> None:
    store = SessionStore(db, batch_frames=1000, batch_ms=60_000.0, write_tick_ms=60_000.0)
    sids = _sessions(db, store, 3)
    for sid in sids:
        store.buffer(sid, frame_record(0), [set_done(0)])
        store.write_soon(sid, _counts(1))
    assert all(_stamps(db, sid) == [] for sid in sids)  # the tick has not come (a minute)
    store.close()  # the app shuts down: it does not wait for the tick
    for sid in sids:
        assert _stamps(db, sid) == [0]
        assert _counters(db, sid) == (1, 1, 2)
    # Handed in after the writer stopped: the rows wait for the app's last flush.
    store.buffer(sids[0], frame_record(40), [])
    store.write_soon(sids[0], _counts(2))
    assert _stamps(db, sids[0]) == [0]
    store.flush_all()
    assert _stamps(db, sids[0]) == [0, 40]

"""Per-frame rows wait in memory and are written in batches: one commit per batch, not
one per frame. A batch is due after `batch_frames` frames or `batch_ms` since its first
frame, and whenever the frame brought events (so a rep is committed with the frames
that made it); a crash loses at most the batch still waiting, never an event. A
caller that must not wait for the database (an on-device session, stepped on the event
loop) buffers the frame and its events here and has them written just after (with the
next write of the session: `SessionStore.buffer`).

One writer thread for the buffered rows of all on-device sessions: when a session's
batch falls due it is handed to the `SharedWriter` (`submit`: no database, no thread
hop, event loop safe). Every `tick_s` the writer takes every session handed to it since
and writes them all in one transaction (`write`: `SessionStore.write_sessions`, one
executemany per table), instead of a commit per session on its own thread: with a
hundred sessions those threads fought for SQLite's one write lock and for the
interpreter, and held the event loop back.

Rows are never lost to a failed write: the batches put them back (`FrameBatches.taken`),
the sessions stay handed in, and the writer tries again after `retry_s`. `close` writes
what waits and stops the thread (the app's shutdown).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from exercises.events import Event
from server.store.models import Base, EventRow, FrameRow, SessionRow

__all__ = [
    "SET_COUNTERS",
    "Counts",
    "FrameBatch",
    "FrameBatches",
    "SharedWriter",
    "insert_rows",
]

log = logging.getLogger("formcheck.server")

_FRAME_VALUES = (
    "has_pose",
    "landmarks",
    "image_w",
    "image_h",
    "signals_json",
    "angle_deg",
    "phase",
    "inference_ms",
)


def _table(model: type[Base]) -> Table:
    """A model's Core table (Core statements skip the ORM's per-row work)."""
    return Base.metadata.tables[model.__tablename__]


SET_COUNTERS = (  # executemany: one row of bound values per session
    update(_table(SessionRow))
    .where(SessionRow.id == bindparam("sid"))
    .values(
        frames_received=bindparam("r"),
        frames_dropped=bindparam("d"),
        frames_rejected=bindparam("x"),
    )
)


@dataclass(slots=True)
class FrameBatch:
    """One session's waiting rows (by timestamp: a repeated one replaces the earlier)."""

    rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)  # buffered with their frames
    since_s: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Held for a whole database write (`FrameBatches.taken`): one at a time per session,
    # while `lock` is held only for a moment, so adding a row never waits for a commit.
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, timestamp_ms: int, row: dict[str, Any], now_s: float) -> None:
        if self.since_s is None:
            self.since_s = now_s
        self.rows[timestamp_ms] = row

    def pending(self) -> list[dict[str, Any]]:
        return [self.rows[t] for t in sorted(self.rows)]

    def clear(self) -> None:
        """After the batch was committed (on a failed write the rows stay for the next)."""
        self.rows.clear()
        self.events.clear()
        self.since_s = None


class FrameBatches:
    """The waiting batches of all sessions; each session's is used under its own lock."""

    def __init__(self, batch_frames: int, batch_ms: float, clock: Callable[[], float]) -> None:
        if batch_frames < 1 or batch_ms < 0:
            raise ValueError(
                f"batch_frames must be >= 1 and batch_ms >= 0, got {batch_frames}, {batch_ms}"
            )
        self.batch_frames = batch_frames
        self.batch_s = batch_ms / 1000.0
        self.clock = clock
        self._batches: dict[str, FrameBatch] = {}
        self._lock = threading.Lock()

    @contextmanager
    def locked(self, session_id: str, *, create: bool = True) -> Iterator[FrameBatch]:
        """The session's batch, held for the block (write it to the database inside);
        with `create=False` a session without one gets an empty batch of its own."""
        with self._lock:
            batch = self._batches.get(session_id)
            if batch is None:
                batch = FrameBatch()
                if create:
                    self._batches[session_id] = batch
        with batch.lock:
            yield batch

    @contextmanager
    def taken(self, session_id: str) -> Iterator[FrameBatch]:
        """The session's waiting rows and events, taken out of its batch for one write
        (the block): new ones keep arriving in the batch meanwhile, and a block that
        fails puts the taken ones back (newer rows of the same time win)."""
        with self._lock:
            batch = self._batches.get(session_id) or FrameBatch()
        with batch.write_lock:
            with batch.lock:
                out = FrameBatch(dict(batch.rows), list(batch.events), batch.since_s)
                batch.clear()
            try:
                yield out
            except BaseException:
                with batch.lock:
                    batch.rows = out.rows | batch.rows
                    batch.events[:0] = out.events
                    batch.since_s = out.since_s if batch.since_s is None else batch.since_s
                raise

    def due(self, batch: FrameBatch) -> bool:
        if len(batch.rows) >= self.batch_frames:
            return True
        return batch.since_s is not None and self.clock() - batch.since_s >= self.batch_s

    def session_ids(self) -> list[str]:
        with self._lock:
            return list(self._batches)

    def discard(self, session_id: str) -> None:
        """Forget a finished session's (flushed) batch."""
        with self._lock:
            self._batches.pop(session_id, None)


def insert_rows(s: Session, frames: list[dict[str, Any]], events: list[dict[str, Any]]) -> None:
    """Frame rows (upserted) and event rows (in order), one Core executemany each: the
    ORM's bulk paths cost more per row than the database does."""
    if frames:
        dialect = s.get_bind().dialect.name
        table = _table(FrameRow)
        stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=["session_id", "timestamp_ms"],
            set_={c: stmt.excluded[c] for c in _FRAME_VALUES},
        )
        s.connection().execute(stmt, frames)
    if events:
        s.connection().execute(insert(_table(EventRow)), events)


# A session's frame counters (received, dropped, rejected), read when its rows are
# written (so the newest, never an older count after a newer one).
Counts = Callable[[], tuple[int, int, int]]


class SharedWriter:
    """`write(sessions)` runs on one thread, for all sessions submitted in a tick."""

    def __init__(
        self,
        write: Callable[[Mapping[str, Counts]], None],
        *,
        tick_s: float = 0.1,
        retry_s: float = 1.0,
    ) -> None:
        if tick_s < 0 or retry_s < 0:
            raise ValueError(f"tick_s and retry_s must be >= 0, got {tick_s}, {retry_s}")
        self._write = write
        self._tick_s = tick_s
        self._retry_s = retry_s
        self._due: dict[str, Counts] = {}  # in the order they were submitted
        self._cond = threading.Condition()
        self._closing = False
        self._thread: threading.Thread | None = None

    def submit(self, session_id: str, counts: Counts) -> None:
        """Have the session's waiting rows and its counters written within a tick (once
        closed: by whoever flushes the batches next)."""
        with self._cond:
            if self._closing:
                # Shutting down: the rows stay in their batch, for `SessionStore.flush_all`
                # (the app's last write), and the counters for the session's `close`.
                return
            self._due[session_id] = counts  # the newest reader (a dict keeps the order)
            if self._thread is None:  # started by the first write, not by building it
                self._thread = threading.Thread(target=self._run, name="frame-writer", daemon=True)
                self._thread.start()
            self._cond.notify()

    def close(self) -> None:
        """Write what waits (one try: rows a failed write keeps stay in their batches
        for the sessions' own writes) and stop the thread."""
        with self._cond:
            self._closing = True
            self._cond.notify()
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._due and not self._closing:
                    self._cond.wait()
                if not self._due:
                    return
                # Let the rest of the tick's sessions join the same transaction.
                self._cond.wait_for(lambda: self._closing, self._tick_s)
                due, self._due = self._due, {}
                closing = self._closing
            try:
                self._write(due)
            except SQLAlchemyError as err:
                log.warning("writing %d sessions' frames failed (kept, retried): %s", len(due), err)
                with self._cond:
                    self._due = due | self._due
                    if closing:
                        return
                    self._cond.wait_for(lambda: self._closing, self._retry_s)

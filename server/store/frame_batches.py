"""Per-frame rows wait in memory and are written in batches: one commit per batch, not
one per frame. A batch is due after `batch_frames` frames or `batch_ms` since its first
frame, and whenever the frame brought events (so a rep is committed with the frames
that made it); a crash loses at most the batch still waiting, never an event. A
caller that must not wait for the database (an on-device session, stepped on the event
loop) buffers the frame and its events here and has them written just after (with the
next write of the session, which it runs off the loop at once: `SessionStore.buffer`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from exercises.events import Event

__all__ = ["FrameBatch", "FrameBatches"]


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

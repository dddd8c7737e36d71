"""One writer thread for the buffered rows of all on-device sessions.

An on-device session is stepped on the event loop and only buffers its rows
(`server.store.frame_batches`); when a session's batch falls due it is handed to the
`SharedWriter` (`submit`: no database, no thread hop, event loop safe). Every
`tick_s` the writer takes every session handed to it since and writes them all in one
transaction (`write`: `SessionStore.write_sessions`, one executemany per table), instead
of a commit per session on its own thread: with a hundred sessions those threads fought
for SQLite's one write lock and for the interpreter, and held the event loop back.

Rows are never lost to a failed write: the batches put them back (`FrameBatches.taken`),
the sessions stay handed in, and the writer tries again after `retry_s`. `close` writes
what waits and stops the thread (the app's shutdown).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping

from sqlalchemy.exc import SQLAlchemyError

__all__ = ["Counts", "SharedWriter"]

log = logging.getLogger("formcheck.server")

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
        """Have the session's waiting rows and its counters written within a tick."""
        with self._cond:
            if self._closing:
                raise RuntimeError("the shared writer is closed")
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

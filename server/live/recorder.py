"""Where a live session's frames, events and counters go: one `Recorder`, chosen once by
the app (`create_app`, from `Settings.frame_writer`) for every patient's session, and
`NoRecorder` for the clinic demo.

Either way a frame's events are committed before its answer goes out (the session
calls `save` when `record` says so, off the event loop): a crash after the page showed
a rep never loses it. Frame rows wait in the session's batch
(`server.store.frame_batches`) and are written when it falls due:

- `BatchRecorder`: by the session itself, before that frame's answer (one commit per
  session per batch, with its counters);
- `SharedRecorder`: by the one writer thread of all sessions, within a tick, in one
  transaction with every other session's due rows (a hundred sessions' commits fight
  for SQLite's one write lock otherwise); the answer does not wait for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from exercises.events import Event
from server.store.frame_batches import Counts
from server.store.recording import FrameRecord, SessionStore

__all__ = ["BatchRecorder", "NoRecorder", "Recorder", "SharedRecorder"]


class Recorder(Protocol):
    """A live session's recording. `counts` reads the session's frame counters
    (received, dropped, rejected) when they are written."""

    def record(
        self, session_id: str, frame: FrameRecord, events: Sequence[Event], counts: Counts
    ) -> bool:
        """Keep one frame and the events it brought; no database (event loop safe).
        True when `save` must run before the frame's answer goes out."""
        ...

    def save(
        self,
        session_id: str,
        counts: Counts,
        events: Sequence[Event] = (),
        *,
        finished: bool = False,
    ) -> None:
        """Commit what waits, then `events`, with the counters (and, `finished`, the
        session stamped finished), in one transaction. Blocking: off the event loop."""
        ...


class _Stored:
    def __init__(self, store: SessionStore) -> None:
        self._store = store

    def save(
        self,
        session_id: str,
        counts: Counts,
        events: Sequence[Event] = (),
        *,
        finished: bool = False,
    ) -> None:
        self._store.save(session_id, counts(), events, finished=finished)


class BatchRecorder(_Stored):
    """Each session writes its own batches, when they fall due."""

    def record(
        self, session_id: str, frame: FrameRecord, events: Sequence[Event], counts: Counts
    ) -> bool:
        return self._store.buffer(session_id, frame, events)  # events, or the batch is due


class SharedRecorder(_Stored):
    """Due batches go to the store's one writer thread (`SessionStore.write_soon`);
    only events are written before their answer."""

    def record(
        self, session_id: str, frame: FrameRecord, events: Sequence[Event], counts: Counts
    ) -> bool:
        due = self._store.buffer(session_id, frame, events)
        if due and not events:
            self._store.write_soon(session_id, counts)
        return bool(events)


class NoRecorder:
    """Keeps nothing: the clinic demo writes no row anywhere."""

    def record(
        self, session_id: str, frame: FrameRecord, events: Sequence[Event], counts: Counts
    ) -> bool:
        return False

    def save(
        self,
        session_id: str,
        counts: Counts,
        events: Sequence[Event] = (),
        *,
        finished: bool = False,
    ) -> None:
        pass

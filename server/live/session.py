"""One live exercise session: frames (bytes) or landmarks (estimated in the patient's
browser) in, overlay results and events out.

A `LiveSession` outlives its WebSocket: a dropped connection (or a reloaded page) that
comes back within the grace period continues with the same engine, counts and clock,
the time away left out, and may come back with the other pose source (`use_source`):
the engine and its counts go on. Its frames and its database writes run on its own
worker thread (`executor`), off the event loop and in arrival order; landmark messages
(no model) are stepped on the event loop and only buffer their rows (`process_landmarks`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from exercises.base import ExerciseStatus
from exercises.events import Event
from exercises.run import ExerciseRun, Step
from server.clock import SYSTEM_CLOCK, Clock
from server.live.codec import FrameError, decode_frame
from server.live.landmarks import LandmarkError, LandmarkMessage
from server.live.overlay import pose_to_wire, status_to_wire
from server.live.setup_check import SetupWatch
from server.live.summary import not_judged_to_wire
from server.pipelines import FramePipeline, FrameStep
from server.protocol.codes import ErrorCode
from server.protocol.errors import ErrorAnswer
from server.protocol.live import DroppedMessage, ResultMessage, SessionMessage
from server.protocol.parts import Counters, Cue, NotJudged, Timing
from server.settings import PoseSource, Settings
from server.store.recording import FrameRecord, SessionRecord

__all__ = [
    "REATTACH_GAP_MS",
    "CueSource",
    "FrameAnswer",
    "FrameCounters",
    "LiveSession",
    "SessionSink",
]

# Session time between the last frame before a connection went away and the first after
# it came back (about one frame interval: the engines see a short gap, not a long pause).
REATTACH_GAP_MS = 100

# The one answer to each frame or landmark message.
FrameAnswer = ResultMessage | DroppedMessage | ErrorAnswer


class CueSource(Protocol):
    """Turns a frame's events and status into at most a few spoken cues."""

    def cues(self, events: list[Event], status: ExerciseStatus, timestamp_ms: int) -> list[Cue]: ...


class SessionSink(Protocol):
    """Where a live session's frames and events go: the database
    (`server.store.recording.SessionStore`), or nowhere (the clinic demo)."""

    def record(self, session_id: str, frame: FrameRecord, events: Sequence[Event]) -> None: ...

    def buffer(self, session_id: str, frame: FrameRecord, events: Sequence[Event]) -> bool: ...

    def write_soon(self, session_id: str, counts: Callable[[], tuple[int, int, int]]) -> None: ...

    def flush(self, session_id: str) -> None: ...

    def record_events(self, session_id: str, events: Sequence[Event]) -> None: ...

    def count_frames(self, session_id: str, received: int, dropped: int, rejected: int) -> None: ...

    def finish(self, session_id: str) -> None: ...


@dataclass(slots=True)
class FrameCounters:
    received: int = 0
    dropped: int = 0  # arrived while inference was behind: skipped, never queued
    rejected: int = 0  # malformed: answered with an error

    def to_wire(self) -> Counters:
        return Counters(received=self.received, dropped=self.dropped, rejected=self.rejected)


class LiveSession:
    def __init__(
        self,
        record: SessionRecord,
        run: ExerciseRun,
        *,
        pipeline: FramePipeline,
        cues: CueSource,
        store: SessionSink,
        settings: Settings,
        start_timestamp_ms: int = 0,
        source: PoseSource = "server",
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self.record = record
        self.run = run  # engine, judge, prescription watch and summary
        self.counters = FrameCounters(
            record.frames_received, record.frames_dropped, record.frames_rejected
        )
        self.executor = ThreadPoolExecutor(1, thread_name_prefix=f"session-{record.id[:8]}")
        self.epoch = 0  # bumped by every (re)attached connection
        self.detached_at: float | None = None  # monotonic seconds, None while connected
        self.closed = False  # finished or expired: no more frames
        self.source: PoseSource = source  # where `pipeline` takes its poses from
        self._pipeline = pipeline
        self._step = FrameStep(pipeline, run)
        self._setup = SetupWatch(run.spec)
        self._cues = cues
        self._store = store
        self._settings = settings
        self._clock = clock  # arrival times: the session clock runs on it
        self._origin_s = clock.monotonic_s() - start_timestamp_ms / 1000.0
        self._last_ts_ms = start_timestamp_ms - 1  # last handed out (event loop)
        self._processed_ts_ms = start_timestamp_ms - 1  # last processed (worker thread)
        self._lock = threading.Lock()
        self._not_judged: NotJudged | None = None  # what the events say of the view
        self._page_t_ms: float | None = None  # the last landmarks' page time (event loop)
        self.write_due = False  # buffered rows wait for `write` (landmarks, event loop)

    @property
    def id(self) -> str:
        return self.record.id

    def close_gap(self, gap_ms: int = REATTACH_GAP_MS) -> None:
        """Time without a connection is not session time: the next frame follows the last
        one by `gap_ms` (event loop only; called when a connection attaches). A reload or
        a dropped connection then neither closes a set by its pause nor counts unseen
        seconds into a hold or a breathing session: counting goes on where it was."""
        now_s = self._clock.monotonic_s()
        if int((now_s - self._origin_s) * 1000) - self._last_ts_ms > gap_ms:
            self._origin_s = now_s - (self._last_ts_ms + gap_ms) / 1000.0
        self._page_t_ms = None  # a new connection's page clock starts anew

    def use_source(self, source: PoseSource, new_pipeline: Callable[[], FramePipeline]) -> None:
        """Take poses from `source` from now on: a reconnected page may have switched.
        The pipeline the source needs replaces the old one (whose estimator is freed);
        the engine, its counts and the clock go on. At attach, off the event loop (an
        estimator takes a while to build)."""
        if source == self.source:
            return
        pipeline = new_pipeline()
        with self._lock:
            old, self._pipeline = self._pipeline, pipeline
            self._step = FrameStep(pipeline, self.run)
            self.source = source
        old.close()

    def next_timestamp_ms(self) -> int:
        """Session time of a frame arriving now; strictly increasing (event loop only)."""
        ts = max(int((self._clock.monotonic_s() - self._origin_s) * 1000), self._last_ts_ms + 1)
        self._last_ts_ms = ts
        return ts

    def landmark_timestamp_ms(self, message: LandmarkMessage) -> int:
        """Session time of landmarks arriving now (event loop only). The first after an
        attach takes the arrival time; later ones follow the page's own clock (`t_ms`
        deltas, at least 1 ms: the time between its camera frames) but never run ahead
        of the arrival clock, so a page cannot make a hold longer than it took. Raises
        LandmarkError (landmarks_out_of_order) unless `t_ms` is after the last one's."""
        page, self._page_t_ms = self._page_t_ms, message.t_ms
        arrival = int((self._clock.monotonic_s() - self._origin_s) * 1000)
        if page is None:
            ts = arrival
        elif message.t_ms <= page:
            self._page_t_ms = page
            raise LandmarkError(
                ErrorCode.LANDMARKS_OUT_OF_ORDER,
                f"t_ms must increase: expected more than {page:.1f}, got {message.t_ms:.1f}",
            )
        else:
            ts = min(self._last_ts_ms + max(1, round(message.t_ms - page)), arrival)
        ts = max(ts, self._last_ts_ms + 1)
        self._last_ts_ms = ts
        return ts

    def count_rejected(self) -> None:
        with self._lock:
            self.counters.rejected += 1

    def process_landmarks(
        self, seq: int, message: LandmarkMessage, timestamp_ms: int
    ) -> FrameAnswer:
        """The browser's landmarks through the same step as a frame's; the same answer,
        with the browser's model time as the frame's inference time.

        Runs on the event loop (no model: ~0.5 ms of CPU; with a hundred sessions the
        hops to a worker thread and back cost more than the step), so it touches no
        database: the frame and its events are buffered, and when a write is due
        `write_due` is set and the caller runs `write`, which hands them to the writer;
        an answer with events waits for `save_now` first."""
        t0 = time.perf_counter()
        inference_ms = message.inference_ms or 0.0
        return self._answer(
            seq,
            timestamp_ms,
            t0,
            lambda: (
                self._step.landmarks(
                    message.candidates(timestamp_ms), timestamp_ms, message.signals()
                ),
                inference_ms,
            ),
            buffer_only=True,
        )

    def save_now(self) -> None:
        """Write the buffered frames and events now (a landmark message's events: a rep is
        stored before the page hears of it, as with images). On the session's thread."""
        self._store.flush(self.id)

    def write(self) -> None:
        """Have the buffered frames and events written with the counters, in one commit
        shared with other sessions' (`server.store.frame_batches`; event loop safe);
        those buffered meanwhile wait for the next."""
        self.write_due = False
        self._store.write_soon(self.id, self._counts)

    def _counts(self) -> tuple[int, int, int]:
        # On the writer's thread, inside the session's write: no lock (finish holds
        # `_lock` while it waits for that write); each counter only grows.
        c = self.counters
        return c.received, c.dropped, c.rejected

    def process(self, seq: int, data: bytes, timestamp_ms: int) -> FrameAnswer:
        """Decode, estimate, update the engine, record; the per-frame wire message."""
        t0 = time.perf_counter()
        try:
            frame = decode_frame(
                data,
                timestamp_ms,
                max_bytes=self._settings.max_frame_bytes,
                max_side_px=self._settings.max_frame_side_px,
                target_side_px=self._settings.inference_side_px,
            )
        except FrameError as err:
            with self._lock:
                self.counters.rejected += 1
            return ErrorAnswer(seq=seq, code=err.code, message=str(err))

        def step() -> tuple[Step, float]:
            t1 = time.perf_counter()
            done = self._step.frame(frame)
            return done, (time.perf_counter() - t1) * 1000.0

        return self._answer(seq, timestamp_ms, t0, step)

    def _answer(
        self,
        seq: int,
        timestamp_ms: int,
        t0: float,
        step_of: Callable[[], tuple[Step, float]],
        *,
        buffer_only: bool = False,
    ) -> FrameAnswer:
        """One instant through the step (`step_of`: the step and its inference time),
        then set progress, cues and the recording; the result message."""
        with self._lock:
            if self.closed:
                return ErrorAnswer(
                    seq=seq, code=ErrorCode.SESSION_CLOSED, message="this session has ended"
                )
            if timestamp_ms <= self._processed_ts_ms:
                # Overtaken by a newer frame (two connections during a takeover):
                # engines take frames in time order only.
                self.counters.dropped += 1
                return DroppedMessage(seq=seq, counters=self.counters.to_wire())
            self._processed_ts_ms = timestamp_ms
            step, inference_ms = step_of()
            observation, events, status = step.observation, step.events, step.status
            if events:
                self._not_judged = not_judged_to_wire(self.run.summary.events)
            not_judged = self._not_judged
            cues = self._cues.cues(events, status, timestamp_ms)
            record = FrameRecord(observation, status.angle_deg, status.phase, inference_ms)
            if buffer_only:
                self.write_due |= self._store.buffer(self.id, record, events)
            else:
                self._store.record(self.id, record, events)
            setup = self._setup.check(observation, status.ready)
        return ResultMessage(
            seq=seq,
            timestamp_ms=timestamp_ms,
            pose=pose_to_wire(observation, status, self.run.spec.key_angle),
            status=status_to_wire(status),
            setup=setup.to_wire(),
            events=tuple(events),
            # Stands until the view is judged: the page shows it large and says it.
            not_judged=not_judged,
            cues=tuple(cues),
            counters=self.counters.to_wire(),
            timing=Timing(
                inference_ms=round(inference_ms, 1),
                server_ms=round((time.perf_counter() - t0) * 1000.0, 1),
            ),
        )

    def count_received(self) -> None:
        with self._lock:
            self.counters.received += 1

    def count_dropped(self) -> None:
        with self._lock:
            self.counters.dropped += 1

    def save_counters(self) -> None:
        c = self.counters
        self._store.count_frames(self.id, c.received, c.dropped, c.rejected)

    def status_message(self, *, resumed: bool) -> SessionMessage:
        with self._lock:
            status = self.run.status
        return SessionMessage(
            session_id=self.id,
            exercise=self.record.exercise,
            prescription=self.record.prescription,
            resumed=resumed,
            source=self.source,
            status=status_to_wire(status),
            counters=self.counters.to_wire(),
        )

    def finish(self) -> list[Event]:
        """End of the exercise: close a rep in progress, record, free the estimator."""
        with self._lock:
            if self.closed:
                return []
            self.closed = True
            events = self.run.finish()  # at the last frame, as offline
            self._store.record_events(self.id, events)
            self._store.finish(self.id)
            self.save_counters()
            self._pipeline.close()
        return events

    def close(self) -> None:
        """Free the estimator and thread without finishing (the session may be restored)."""
        with self._lock:
            if not self.closed:
                self.save_counters()
                self._pipeline.close()
                self.closed = True
        self.executor.shutdown(wait=False)

"""One live exercise session: poses in (`PoseJob`: a camera image or the landmarks the
patient's browser found), overlay results and events out, through one `step`.

A `LiveSession` outlives its WebSocket: a dropped connection (or a reloaded page) that
comes back within the grace period continues with the same engine, counts and clock,
the time away left out, and may come back with the other pose source (`use_source`):
the engine and its counts go on. Its life is a state machine with checked transitions
(`server.live.lifecycle`). An image's decoding and estimate run on the session's own
worker thread (`executor`), off the event loop and in arrival order; landmarks (no
model: ~0.5 ms, less than the hops to a thread and back) are stepped on the event
loop. Its recording goes to the app's `Recorder` (`server.live.recorder`), which says
when to write before the answer: a rep is stored before the page hears of it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from exercises.base import ExerciseStatus
from exercises.events import Event
from exercises.run import ExerciseRun
from pose.errors import FormcheckError
from pose.types import Observation
from server.clock import SYSTEM_CLOCK, Clock
from server.live.codec import FrameError
from server.live.job import PoseJob, Poses
from server.live.landmarks import LandmarkError
from server.live.lifecycle import ENDED, SessionState, checked_move
from server.live.overlay import pose_to_wire, status_to_wire
from server.live.recorder import Recorder
from server.live.setup_check import SetupWatch
from server.live.summary import not_judged_to_wire
from server.pipelines import FramePipeline
from server.protocol.codes import ErrorCode
from server.protocol.errors import ErrorAnswer
from server.protocol.live import DroppedMessage, ResultMessage, SessionMessage
from server.protocol.parts import Counters, Cue, NotJudged, Setup, Timing
from server.settings import PoseSource
from server.store.recording import FrameRecord, SessionRecord

__all__ = [
    "REATTACH_GAP_MS",
    "CueSource",
    "FrameAnswer",
    "FrameCounters",
    "LiveSession",
]

log = logging.getLogger("formcheck.server")

# Session time between the last frame before a connection went away and the first after
# it came back (about one frame interval: the engines see a short gap, not a long pause).
REATTACH_GAP_MS = 100

# The one answer to each frame or landmark message.
FrameAnswer = ResultMessage | DroppedMessage | ErrorAnswer


class CueSource(Protocol):
    """Turns a frame's events and status into at most a few spoken cues."""

    def cues(self, events: list[Event], status: ExerciseStatus, timestamp_ms: int) -> list[Cue]: ...


@dataclass(slots=True)
class FrameCounters:
    received: int = 0
    dropped: int = 0  # arrived while inference was behind: skipped, never queued
    rejected: int = 0  # malformed: answered with an error

    def to_wire(self) -> Counters:
        return Counters(received=self.received, dropped=self.dropped, rejected=self.rejected)


@dataclass(frozen=True, slots=True)
class _Stepped:
    """One instant stepped: the result message's parts, and whether its recording must
    be saved before it goes out."""

    observation: Observation
    status: ExerciseStatus
    events: list[Event]
    setup: Setup
    not_judged: NotJudged | None
    cues: list[Cue]
    counters: Counters
    inference_ms: float
    server_ms: float
    save: bool


class LiveSession:
    def __init__(
        self,
        record: SessionRecord,
        run: ExerciseRun,
        *,
        pipeline: FramePipeline,
        cues: CueSource,
        recorder: Recorder,
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
        self.detached_at: float | None = None  # monotonic seconds, set while DETACHED
        self.source: PoseSource = source  # where `pipeline` takes its poses from
        self._state = SessionState.NEW
        self._life = threading.Lock()  # state moves (never held for long)
        self._pipeline = pipeline
        self._setup = SetupWatch(run.spec)
        self._cues = cues
        self._recorder = recorder
        self._clock = clock  # arrival times: the session clock runs on it
        self._origin_s = clock.monotonic_s() - start_timestamp_ms / 1000.0
        self._last_ts_ms = start_timestamp_ms - 1  # last handed out (event loop)
        self._processed_ts_ms = start_timestamp_ms - 1  # last stepped
        self._lock = threading.Lock()  # the step: pipeline and engine (held for inference)
        self._counting = threading.Lock()  # the counters (the event loop never waits long)
        self._not_judged: NotJudged | None = None  # what the events say of the view
        self._page_t_ms: float | None = None  # the last landmarks' page time (event loop)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def ended(self) -> bool:
        """Finished or closed: it takes no more frames."""
        return self._state in ENDED

    def _move(self, to: SessionState) -> SessionState:
        """Move to `to` (under `_life`); the state it was in. Raises TransitionError."""
        was, self._state = self._state, checked_move(self._state, to)
        return was

    # -- its connections ---------------------------------------------------------

    def attach(self) -> int:
        """A connection takes the session over (event loop); returns its epoch. Time
        without a connection is left out of session time (`close_gap`)."""
        with self._life:
            self._move(SessionState.ATTACHED)
            self.epoch += 1
            self.detached_at = None
        self.close_gap()
        return self.epoch

    def detach(self, epoch: int, *, gone_s: float = 0.0) -> None:
        """The connection with `epoch` went away `gone_s` ago: the grace period starts
        (unless a newer connection holds the session, or it has ended), its counters are
        saved. Blocking: off the event loop."""
        with self._life:
            if epoch != self.epoch or self.ended:
                return
            was = self._move(SessionState.DETACHED)
            self.detached_at = self._clock.monotonic_s() - gone_s
        if was is SessionState.ATTACHED:
            self._recorder.save(self.id, self._counts)

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
            self.source = source
        old.close()

    # -- its instants ------------------------------------------------------------

    def session_time_ms(self, page_t_ms: float | None = None) -> int:
        """Session time of an instant arriving now; strictly increasing (event loop
        only). Without `page_t_ms` (a camera image), the arrival time. With it (the
        page's own clock, landmarks): the first after an attach takes the arrival time;
        later ones follow the page's deltas (at least 1 ms: the time between its camera
        frames) but never run ahead of the arrival clock, so a page cannot make a hold
        longer than it took. Raises LandmarkError (landmarks_out_of_order) unless
        `page_t_ms` is after the last one's."""
        arrival = int((self._clock.monotonic_s() - self._origin_s) * 1000)
        if page_t_ms is None:
            ts = arrival
        else:
            page, self._page_t_ms = self._page_t_ms, page_t_ms
            if page is None:
                ts = arrival
            elif page_t_ms <= page:
                self._page_t_ms = page
                raise LandmarkError(
                    ErrorCode.LANDMARKS_OUT_OF_ORDER,
                    f"t_ms must increase: expected more than {page:.1f}, got {page_t_ms:.1f}",
                )
            else:
                ts = min(self._last_ts_ms + max(1, round(page_t_ms - page)), arrival)
        ts = max(ts, self._last_ts_ms + 1)
        self._last_ts_ms = ts
        return ts

    def arrive(self, poses: Poses, arrived_s: float) -> PoseJob | ErrorAnswer:
        """An instant's poses that arrived at `arrived_s` (`time.perf_counter()`),
        counted and stamped with their seq and session time: the job for `step`; or,
        when their time is out of order, the refusal (event loop only)."""
        with self._counting:
            self.counters.received += 1
            seq = self.counters.received
        try:
            timestamp_ms = self.session_time_ms(poses.page_t_ms)
        except LandmarkError as err:
            with self._counting:
                self.counters.rejected += 1
            return ErrorAnswer(seq=seq, code=err.code, message=str(err))
        return PoseJob(seq, timestamp_ms, arrived_s, poses)

    def refuse(self, code: ErrorCode, message: str) -> ErrorAnswer:
        """An instant refused unread (not the wire form): counted, answered."""
        with self._counting:
            self.counters.received += 1
            self.counters.rejected += 1
            seq = self.counters.received
        return ErrorAnswer(seq=seq, code=code, message=message)

    def drop(self, job: PoseJob) -> DroppedMessage:
        """A job skipped unstepped (a newer one pushed it out): counted, answered."""
        with self._counting:
            self.counters.dropped += 1
            return DroppedMessage(seq=job.seq, counters=self.counters.to_wire())

    async def step(self, job: PoseJob) -> FrameAnswer:
        """One instant through the session: its poses observed (an image's estimate on
        the session's thread, landmarks here), the engine, the cues, the recording; the
        one answer. An answer with events goes out once they are stored (as may a frame
        whose batch falls due, by the recorder's rule)."""
        if self.ended:
            return _closed(job.seq)
        loop = asyncio.get_running_loop()
        try:
            if job.poses.needs_model:
                stepped = await loop.run_in_executor(self.executor, self._step, job)
            else:
                stepped = self._step(job)
            if not isinstance(stepped, _Stepped):
                return stepped
            if stepped.save:
                await loop.run_in_executor(self.executor, self._save)
        except (FormcheckError, ValueError, SQLAlchemyError) as err:
            # One instant failed past reading (a pose or engine rule, the disk): say so
            # and keep the session (a failed write keeps its rows for the next); the
            # error is logged for the clinic.
            log.warning("session %s frame %d failed: %s", self.id, job.seq, err)
            return ErrorAnswer(seq=job.seq, code=ErrorCode.PROCESSING_FAILED, message=str(err))
        return ResultMessage(
            seq=job.seq,
            timestamp_ms=job.timestamp_ms,
            pose=pose_to_wire(stepped.observation, stepped.status, self.run.spec.key_angle),
            status=status_to_wire(stepped.status),
            setup=stepped.setup,
            events=tuple(stepped.events),
            # Stands until the view is judged: the page shows it large and says it.
            not_judged=stepped.not_judged,
            cues=tuple(stepped.cues),
            counters=stepped.counters,
            timing=Timing(
                inference_ms=round(stepped.inference_ms, 1),
                server_ms=round(stepped.server_ms, 1),
                # Arrival to answer, as the server sees it (the wait, the step, the
                # thread hops; not the JSON encoding and the send that follow).
                answer_ms=round((time.perf_counter() - job.arrived_s) * 1000.0, 2),
            ),
        )

    def _step(self, job: PoseJob) -> _Stepped | FrameAnswer:
        t0 = time.perf_counter()
        ts = job.timestamp_ms
        with self._lock:
            if self.ended:
                return _closed(job.seq)
            if ts <= self._processed_ts_ms:
                # Overtaken by a newer frame (two connections during a takeover):
                # engines take frames in time order only.
                return self.drop(job)
            self._processed_ts_ms = ts
            try:
                observation, inference_ms = job.poses.observe(self._pipeline, ts)
            except FrameError as err:
                with self._counting:
                    self.counters.rejected += 1
                return ErrorAnswer(seq=job.seq, code=err.code, message=str(err))
            step = self.run.step(observation)
            events, status = step.events, step.status
            if events:
                self._not_judged = not_judged_to_wire(self.run.summary.events)
            cues = self._cues.cues(events, status, ts)
            frame = FrameRecord(observation, status.angle_deg, status.phase, inference_ms)
            save = self._recorder.record(self.id, frame, events, self._counts)
            setup = self._setup.check(observation, status.ready).to_wire()
            not_judged = self._not_judged
        with self._counting:
            counters = self.counters.to_wire()
        server_ms = (time.perf_counter() - t0) * 1000.0
        return _Stepped(
            observation,
            status,
            events,
            setup,
            not_judged,
            cues,
            counters,
            inference_ms,
            server_ms,
            save,
        )

    def _counts(self) -> tuple[int, int, int]:
        # Read when the counters are written (on a writer's thread too): no lock (finish
        # holds `_lock` while it writes); each counter only grows.
        c = self.counters
        return c.received, c.dropped, c.rejected

    def _save(self) -> None:
        self._recorder.save(self.id, self._counts)

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

    # -- its end -----------------------------------------------------------------

    def finish(self) -> list[Event]:
        """End of the exercise: close a rep in progress, store it all as finished (one
        commit), free the estimator. A session that has ended already: nothing."""
        with self._lock:
            with self._life:
                if self.ended:
                    return []
                self._move(SessionState.FINISHED)
            events = self.run.finish()  # at the last frame, as offline
            self._recorder.save(self.id, self._counts, events, finished=True)
            self._pipeline.close()
        return events

    def close(self) -> None:
        """Free the estimator and thread; unfinished, its counters are saved first (it
        may be restored from its recording). Closing a closed session does nothing."""
        with self._lock:
            with self._life:
                if self._state is SessionState.CLOSED:
                    return
                was = self._move(SessionState.CLOSED)
            if was is not SessionState.FINISHED:
                try:
                    self._recorder.save(self.id, self._counts)
                finally:
                    self._pipeline.close()
        self.executor.shutdown(wait=False)


def _closed(seq: int) -> ErrorAnswer:
    return ErrorAnswer(seq=seq, code=ErrorCode.SESSION_CLOSED, message="this session has ended")

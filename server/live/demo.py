"""The clinic demo: live sessions without an account that store nothing.

Counting, cues and the overlay are a patient's (the same `LiveSession`), but its
recorder is `NoRecorder`, which keeps nothing, and the session lives only in memory
until it finishes or its connection goes. At most `limit` run at once (each holds an
estimator and a worker thread).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from exercises.registry import default_prescription, spec_of
from exercises.run import ExerciseRun
from server.clock import SYSTEM_CLOCK, Clock
from server.live.lifecycle import SessionState
from server.live.recorder import NoRecorder
from server.live.session import CueSource, LiveSession
from server.live.summary import summarise
from server.pipelines import FramePipeline
from server.protocol.live import Summary
from server.settings import PoseSource, Settings
from server.store.recording import SessionRecord

__all__ = ["DemoFullError", "DemoSessions"]

_CONNECT_WITHIN_S = 30.0  # a demo never connected this long after its start is dropped


class DemoFullError(RuntimeError):
    """As many demo sessions run as the settings allow."""


@dataclass(slots=True)
class _Demo:
    live: LiveSession
    token: str
    started_s: float  # monotonic


class DemoSessions:
    def __init__(
        self,
        settings: Settings,
        new_pipeline: Callable[[str, PoseSource], FramePipeline],
        new_cues: Callable[[str, str], CueSource],
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._settings = settings
        self._clock = clock
        self._new_pipeline = new_pipeline
        self._new_cues = new_cues
        self._live: dict[str, _Demo] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._live)

    def start(self, exercise: str, language: str) -> tuple[LiveSession, str]:
        """A new demo session of `exercise` at its default dose; returns it and the token
        its socket must bring. Raises UnknownExerciseError, DemoFullError."""
        spec_of(exercise)
        self._drop_unconnected()
        with self._lock:
            if len(self._live) >= self._settings.demo_sessions:
                raise DemoFullError(f"{len(self._live)} demo sessions are running already")
            prescription = default_prescription(exercise)
            record = SessionRecord(
                uuid.uuid4().hex,
                0,
                None,
                exercise,
                prescription,
                self._clock.wall_ms(),
                None,
                0,
                0,
                0,
            )
            # Built for the device unless the clinic runs pose on its server: the model
            # is loaded only when the page connects with source=server (`attach`).
            source: PoseSource = "server" if self._settings.pose_mode == "server" else "device"
            live = LiveSession(
                record,
                ExerciseRun(exercise, prescription),
                pipeline=self._new_pipeline(exercise, source),
                cues=self._new_cues(exercise, language),
                recorder=NoRecorder(),
                source=source,
                clock=self._clock,
            )
            token = secrets.token_urlsafe(24)
            self._live[record.id] = _Demo(live, token, self._clock.monotonic_s())
        return live, token

    def attach(
        self, session_id: str, token: str, source: PoseSource = "server"
    ) -> LiveSession | None:
        """The session its socket may run, attached (once: a demo is not resumed), or
        None; its poses from `source` (building the pipeline it needs: call off the
        event loop)."""
        with self._lock:
            found = self._live.get(session_id)
            if found is None or not hmac.compare_digest(found.token, token):
                return None
            live = found.live
            if live.state is not SessionState.NEW:
                return None
            live.attach()
        live.use_source(source, lambda: self._new_pipeline(live.record.exercise, source))
        return live

    def _drop_unconnected(self) -> None:
        now = self._clock.monotonic_s()
        with self._lock:
            stale = [
                sid
                for sid, d in self._live.items()
                if d.live.state is SessionState.NEW and now - d.started_s > _CONNECT_WITHIN_S
            ]
        for sid in stale:
            self.end(sid)

    def summary(self, live: LiveSession) -> Summary:
        """The summary a patient's session would show, from the run's own events."""
        record = live.record
        finished = SessionRecord(
            record.id,
            record.user_id,
            None,
            record.exercise,
            record.prescription,
            record.started_ms,
            self._clock.wall_ms(),
            live.counters.received,
            live.counters.dropped,
            live.counters.rejected,
        )
        return summarise(finished, live.run.summary.events, demo=True)

    def end(self, session_id: str) -> None:
        """Close and forget the session (finished, or its connection went away)."""
        with self._lock:
            found = self._live.pop(session_id, None)
        if found is not None:
            found.live.close()

    def close_all(self) -> None:
        for session_id in list(self._live):
            self.end(session_id)

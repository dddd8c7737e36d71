"""The app's live sessions: attach, detach with a grace period, restore by replay.

A session whose connection dropped stays alive for `Settings.resume_grace_s`; after
that (or after a server restart) it is rebuilt from the database by replaying its
recorded observations through a fresh engine, so nothing counted is lost. A session this
process never held (its own server died or restarted; with several server processes,
another one) is adopted the same way while its last recorded frame is within the grace
period (`adopt`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exercises.events import Event
from exercises.run import ExerciseRun
from server.clock import SYSTEM_CLOCK, Clock
from server.live.lifecycle import SessionState
from server.live.recorder import Recorder
from server.live.session import REATTACH_GAP_MS, CueSource, LiveSession
from server.pipelines import FramePipeline
from server.settings import PoseSource, Settings
from server.store.recording import SessionRecord, SessionStore

__all__ = ["LiveRegistry", "Replayed"]


@dataclass(slots=True)
class Replayed:
    """A session's recording run through a fresh engine: the slow part of a restore
    (seconds for a long session), done before the app's connect lock is taken so no
    one else's connect waits for it (`LiveRegistry.replay`)."""

    session_id: str
    run: ExerciseRun
    events: list[Event]
    last_ts_ms: int  # the last replayed frame's session time; -1: none


class LiveRegistry:
    def __init__(
        self,
        settings: Settings,
        store: SessionStore,
        new_pipeline: Callable[[str, PoseSource], FramePipeline],
        new_cues: Callable[[str, str], CueSource],
        *,
        recorder: Recorder,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._settings = settings
        self._clock = clock
        self._store = store  # the recordings restored sessions are replayed from
        self.recorder = recorder  # where every session's frames and events go (the app's choice)
        self._new_pipeline = new_pipeline
        self._new_cues = new_cues
        self._live: dict[str, LiveSession] = {}
        self.restored = 0  # sessions rebuilt by replay (for tests and logs)

    def __len__(self) -> int:
        return len(self._live)

    def holds(self, session_id: str) -> bool:
        """True when the session is live here (connected or within its grace period)."""
        live = self._live.get(session_id)
        return live is not None and not live.ended

    def count(self, source: PoseSource, *, but: str = "") -> int:
        """Sessions held here (connected or within grace) that take poses from
        `source`, leaving out session `but` (each source has its own cap)."""
        return sum(
            1 for s in self._live.values() if s.source == source and s.id != but and not s.ended
        )

    def of_user(self, user_id: int) -> list[LiveSession]:
        """The user's live sessions, oldest first."""
        return [s for s in self._live.values() if s.record.user_id == user_id and not s.ended]

    def replay(self, record: SessionRecord) -> Replayed:
        """`record`'s recorded observations through a fresh engine (blocking: off the
        event loop, and outside the app's connect lock)."""
        run = ExerciseRun(record.exercise, record.prescription)
        last_ts_ms = -1
        events: list[Event] = []
        for observation in self._store.observations(record.id):
            events += run.step(observation).events  # recorded already when they happened
            last_ts_ms = observation.timestamp_ms
        return Replayed(record.id, run, events, last_ts_ms)

    def get_or_restore(
        self,
        record: SessionRecord,
        language: str,
        source: PoseSource = "server",
        replayed: Replayed | None = None,
    ) -> tuple[LiveSession, bool]:
        """The live session for `record` taking poses from `source`, rebuilt from its
        recording if needed (a held one switches to `source`, keeping its counts), from
        `replayed` when it is still the whole recording.

        Returns (session, resumed): resumed is True when the session had frames before.
        May run the replay synchronously: call it off the event loop.
        """
        live = self._live.get(record.id)
        if live is not None and not live.ended:
            live.use_source(source, lambda: self._new_pipeline(record.exercise, source))
            return live, True
        fresh = (
            replayed is not None
            and replayed.session_id == record.id
            and replayed.last_ts_ms == self._store.last_timestamp_ms(record.id)
        )
        done = replayed if fresh and replayed is not None else self.replay(record)
        run, last_ts_ms = done.run, done.last_ts_ms
        if last_ts_ms >= 0:
            self.restored += 1
        live = LiveSession(
            record,
            run,
            pipeline=self._new_pipeline(record.exercise, source),
            cues=self._new_cues(record.exercise, language),
            recorder=self.recorder,
            start_timestamp_ms=last_ts_ms + REATTACH_GAP_MS if last_ts_ms >= 0 else 0,
            source=source,
            clock=self._clock,
        )
        self._live[record.id] = live
        return live, last_ts_ms >= 0

    def within_grace(self, session_id: str) -> LiveSession | None:
        """The live session if it is connected or was detached less than the grace
        period ago (a reloaded page may carry on with it); otherwise None."""
        live = self._live.get(session_id)
        if live is None or live.ended:
            return None
        gone_s = 0.0 if live.detached_at is None else self._clock.monotonic_s() - live.detached_at
        return None if gone_s > self._settings.resume_grace_s else live

    def gone_ms(self, record: SessionRecord) -> int | None:
        """How long ago `record`'s last frame was recorded, when within the grace period
        (it may be adopted); else None.

        The last frame's time is taken as the start plus its session time: the session
        clock only lags the wall clock (a pause adds less than its length), so a session
        is never taken as more recent than it is."""
        last_ts_ms = self._store.last_timestamp_ms(record.id)
        gone_ms = self._clock.wall_ms() - (record.started_ms + last_ts_ms)
        if last_ts_ms < 0 or gone_ms > self._settings.resume_grace_s * 1000:
            return None
        return gone_ms

    def adopt(
        self, record: SessionRecord, language: str, replayed: Replayed | None = None
    ) -> LiveSession | None:
        """`record`, not held here, rebuilt from the database (or `replayed`) if its last
        recorded frame is within the grace period (else None); held as detached, so the
        sweep ends it when no connection comes. May run the replay: call it off the
        event loop."""
        gone_ms = self.gone_ms(record)
        if gone_ms is None:
            return None
        # Built without a model unless the clinic runs pose on its server: the socket
        # that comes switches it to the source it brings (`LiveSession.use_source`).
        source: PoseSource = "server" if self._settings.pose_mode == "server" else "device"
        live, _ = self.get_or_restore(record, language, source, replayed)
        if live.state is SessionState.NEW:  # (not one a socket attached meanwhile)
            live.detach(live.epoch, gone_s=gone_ms / 1000)
        return live

    def attach(self, live: LiveSession) -> int:
        """A connection takes the session over; returns its epoch."""
        return live.attach()

    def detach(self, live: LiveSession, epoch: int) -> None:
        """The connection with `epoch` went away; start the grace period if it was current."""
        live.detach(epoch)

    def forget(self, session_id: str) -> None:
        self._live.pop(session_id, None)

    def close_user(self, user_id: int) -> list[str]:
        """Close and drop every live session of `user_id` (an erased patient's); their ids."""
        ids = [sid for sid, live in self._live.items() if live.record.user_id == user_id]
        for sid in ids:
            self._live.pop(sid).close()
        return ids

    def sweep(self) -> list[str]:
        """Close sessions detached for longer than the grace period; returns their ids."""
        now = self._clock.monotonic_s()
        expired = [
            sid
            for sid, live in self._live.items()
            if live.ended
            or (
                live.detached_at is not None
                and now - live.detached_at > self._settings.resume_grace_s
            )
        ]
        for sid in expired:
            self._live.pop(sid).close()
        return expired

    def close_all(self) -> None:
        for live in self._live.values():
            live.close()
        self._live.clear()

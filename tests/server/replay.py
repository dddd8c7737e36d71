"""The model's stand-in for the server tests that are not about it: every live session's
estimator replays a recorded bridge (`pose.recording`, the project's .npz recordings).

The recording is built from the synthetic bridge (tests/exercises/builders.py: two reps
seen from the side, at `REPLAY_FPS`), saved and loaded as the server saves and loads
landmarks. Frames sent at that rate are counted as the engine counts the bridge: the
poses are real `PoseFrame`s going through selection, smoothing and the engine; only the
model is left out.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from exercises.run import ExerciseRun
from pose.recording import save_observations
from pose.types import Frame, Observation, PoseFrame
from server.jobs.recipes import ReplayRecipe
from server.live.cueing import SessionCues
from server.live.recorder import BatchRecorder
from server.live.session import LiveSession
from server.settings import Settings
from server.store.recording import SessionStore
from tests.exercises.builders import bridge_sequence
from tests.server.live.sessions import step_image

__all__ = [
    "REPLAY_FPS",
    "REPLAY_REPS",
    "Playback",
    "bridge_recording",
    "play_through_live_session",
    "record_bridge",
    "replay_estimators",
]

_JPEG = cv2.imencode(".jpg", np.full((360, 480, 3), 90, np.uint8))[1].tobytes()

REPLAY_FPS = 8.0
REPLAY_REPS = 2


def bridge_recording() -> list[Observation]:
    """The recorded bridge's observations: `REPLAY_REPS` reps at `REPLAY_FPS`."""
    return bridge_sequence(reps=REPLAY_REPS, fps=REPLAY_FPS)


def record_bridge(path: Path) -> Path:
    """Save the recorded bridge to `path` (.npz); returns it."""
    save_observations(path, bridge_recording())
    return path


def replay_estimators(recording: Path) -> ReplayRecipe:
    """A factory for `create_app`: each session, and each upload's analysis child,
    replays `recording` from its start."""
    return ReplayRecipe(recording)


class Playback:
    """A live session's pipeline that plays back recorded observations by frame time."""

    def __init__(self, observations: list[Observation]) -> None:
        self._by_ms = {o.timestamp_ms: o for o in observations}
        self.closed = False

    def process(self, frame: Frame) -> Observation:
        return self._by_ms[frame.timestamp_ms]

    def observe(
        self, candidates: list[PoseFrame], timestamp_ms: int, signals: object = ()
    ) -> Observation:
        return self._by_ms[timestamp_ms]

    def close(self) -> None:
        self.closed = True


def play_through_live_session(
    store: SessionStore,
    session_id: str,
    observations: list[Observation],
    settings: Settings,
    *,
    finish: bool = True,
) -> None:
    """Feed a stored session one camera frame (a real JPEG) per recorded observation, as
    the WebSocket does, and end it (`finish`) or leave it as a dropped connection would."""
    record = store.get(session_id)
    assert record is not None, session_id
    session = LiveSession(
        record,
        ExerciseRun(record.exercise, record.prescription),
        pipeline=Playback(observations),
        cues=SessionCues(record.exercise, "nl"),
        recorder=BatchRecorder(store),
    )
    for seq, obs in enumerate(observations):
        message = step_image(session, seq, _JPEG, obs.timestamp_ms, settings)
        assert message.type == "result", message
    if finish:
        session.finish()
    else:
        store.flush(session_id)

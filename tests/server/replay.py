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

from pose.recording import ReplayEstimator, save_observations
from pose.types import Observation
from server.live.inference import EstimatorFactory
from tests.exercises.builders import bridge_sequence

__all__ = ["REPLAY_FPS", "REPLAY_REPS", "bridge_recording", "record_bridge", "replay_estimators"]

REPLAY_FPS = 8.0
REPLAY_REPS = 2


def bridge_recording() -> list[Observation]:
    """The recorded bridge's observations: `REPLAY_REPS` reps at `REPLAY_FPS`."""
    return bridge_sequence(reps=REPLAY_REPS, fps=REPLAY_FPS)


def record_bridge(path: Path) -> Path:
    """Save the recorded bridge to `path` (.npz); returns it."""
    save_observations(path, bridge_recording())
    return path


def replay_estimators(recording: Path) -> EstimatorFactory:
    """A factory for `create_app`: each session replays `recording` from its start."""
    return lambda: ReplayEstimator.from_recording(recording)

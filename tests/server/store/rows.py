"""Builders of what a live session hands the store: a frame's record, a set's end."""

from __future__ import annotations

import numpy as np

from exercises.events import SetCompleted
from pose.joints import NUM_JOINTS
from pose.types import Observation, PoseFrame
from server.store.recording import FrameRecord

__all__ = ["frame_record", "set_done"]


def frame_record(timestamp_ms: int) -> FrameRecord:
    """A frame with a pose at rest (100 deg, 20 ms of inference)."""
    pose = PoseFrame(
        timestamp_ms,
        np.full((NUM_JOINTS, 3), 0.5),
        np.zeros((NUM_JOINTS, 3)),
        np.ones(NUM_JOINTS),
    )
    return FrameRecord(Observation(timestamp_ms, pose), 100.0, "rest", 20.0)


def set_done(timestamp_ms: int) -> SetCompleted:
    return SetCompleted(timestamp_ms=timestamp_ms, set_index=1, reps=1, side=None, rest_s=60.0)

"""Recorded observations: save a stream of `Observation`s and play it back.

Used to replay landmarks without the model (tuning, tests: the fake estimator of the
house style) and by the server to keep landmarks, never video.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from pose.closing import Closing
from pose.joints import NUM_JOINTS
from pose.types import Frame, Observation, PoseFrame

__all__ = ["ReplayEstimator", "load_observations", "save_observations"]


def save_observations(path: Path, observations: Sequence[Observation]) -> None:
    """Write observations to an .npz file (landmarks, visibility, times, signals)."""
    n = len(observations)
    norm = np.zeros((n, NUM_JOINTS, 3))
    world = np.zeros((n, NUM_JOINTS, 3))
    vis = np.zeros((n, NUM_JOINTS))
    size = np.zeros((n, 2), dtype=np.int64)
    has = np.zeros(n, dtype=bool)
    keys = sorted({k for o in observations for k in o.signals})
    signals = np.full((n, len(keys)), np.nan)
    for i, obs in enumerate(observations):
        for j, key in enumerate(keys):
            signals[i, j] = obs.signals.get(key, np.nan)
        if obs.pose is not None:
            has[i] = True
            norm[i], world[i], vis[i] = obs.pose.xyz_norm, obs.pose.xyz_world, obs.pose.visibility
            size[i] = obs.pose.image_size_px
    # Written beside the target and renamed into place, so a reader (another test worker
    # sharing a cache) never sees half a file.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npz")
    np.savez_compressed(
        tmp,
        timestamp_ms=np.array([o.timestamp_ms for o in observations], dtype=np.int64),
        has_pose=has,
        xyz_norm=norm,
        xyz_world=world,
        visibility=vis,
        image_size_px=size,
        signal_names=np.array(keys, dtype=str),
        signals=signals,
    )
    tmp.replace(path)


def load_observations(path: Path) -> list[Observation]:
    """The observations `save_observations` wrote. Each array is read once (an .npz
    member is decompressed again at every `data[name]`)."""
    with np.load(path) as data:
        names = [str(s) for s in data["signal_names"]]
        times, has_pose = data["timestamp_ms"], data["has_pose"]
        sizes, signals = data["image_size_px"], data["signals"]
        norm = data["xyz_norm"].astype(np.float64)
        world = data["xyz_world"].astype(np.float64)
        vis = data["visibility"].astype(np.float64)
    out: list[Observation] = []
    for i, ts in enumerate(times):
        pose = None
        if has_pose[i]:
            w, h = (int(v) for v in sizes[i])
            pose = PoseFrame(int(ts), norm[i], world[i], vis[i], (w, h))
        sig = {k: float(v) for k, v in zip(names, signals[i], strict=True) if np.isfinite(v)}
        out.append(Observation(int(ts), pose, sig))
    return out


class ReplayEstimator(Closing):
    """An estimator that plays back recorded poses, one per `estimate` call (looping),
    each stamped with the frame's time: the model's stand-in where it is not under test.
    Like the real one it refuses frames after `close()`."""

    def __init__(self, poses: Iterable[PoseFrame | None]) -> None:
        self._poses = list(poses)
        self._i = 0
        self.closed = False

    @classmethod
    def from_recording(cls, path: Path) -> ReplayEstimator:
        """Plays back the poses of an .npz recording (`save_observations`)."""
        return cls(o.pose for o in load_observations(path))

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        if self.closed:
            raise RuntimeError("ReplayEstimator.estimate called after close()")
        pose = self._poses[self._i % len(self._poses)] if self._poses else None
        self._i += 1
        return [] if pose is None else [pose.with_timestamp(frame.timestamp_ms)]

    def close(self) -> None:
        self.closed = True

"""Single-person tracking while one person is in view, several when a second appears.

MediaPipe's landmarker asked for one pose tracks that person from frame to frame and
keeps them in views its detector finds hard (lying people filmed from the feet end);
asked for two, it re-runs the detector on every frame that shows fewer than two and
loses such people more often (see docs/synth_detection.md). So: watch with a
multi-person landmarker; after `calm_after_ms` with fewer than two people, close it and
track with the single-person one, and `look` for a second person every
`probe_every_ms`, so one (a therapist stepping in) brings a multi-person landmarker and
person selection back into play.

The look holds no state between calls (an IMAGE-mode landmarker), so one may serve
every stream of a server (`LockedEstimator`): a session then holds one landmarker
while it tracks, not two (memory, threads). Without tracking, its detector now and then
finds one person twice (two skeletons a tenth of the body apart: seen on the synthetic
breathing clip from the front); such a double is not a second person.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from pose.closing import Closing
from pose.types import Frame, PoseFrame

__all__ = [
    "AdaptiveConfig",
    "AdaptiveEstimator",
    "ClosableEstimator",
    "LockedEstimator",
    "distinct_people",
]

# Two skeletons whose landmarks lie this close (median distance over the larger one's
# box diagonal, image coordinates) are one person found twice. A double measured 0.10;
# two people side by side are a body width or more apart (>= ~0.4).
SAME_PERSON_MAX = 0.2


class ClosableEstimator(Protocol):
    def estimate(self, frame: Frame) -> list[PoseFrame]: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class AdaptiveConfig:
    calm_after_ms: int = 2000  # this long with under two people: switch to single tracking
    probe_every_ms: int = 1000  # while single: look for a second person this often (~3% cost)


def _diagonal(pose: PoseFrame) -> float:
    xy = pose.xyz_norm[:, :2]
    return float(np.hypot(*(xy.max(axis=0) - xy.min(axis=0))))


def distinct_people(poses: Sequence[PoseFrame]) -> int:
    """How many people `poses` show: a pose that doubles an earlier one (`SAME_PERSON_MAX`)
    is not counted."""
    kept: list[PoseFrame] = []
    for pose in poses:
        double = False
        for other in kept:
            spread = np.linalg.norm(pose.xyz_norm[:, :2] - other.xyz_norm[:, :2], axis=1)
            scale = max(_diagonal(pose), _diagonal(other), 1e-6)
            double = double or float(np.median(spread)) / scale < SAME_PERSON_MAX
        if not double:
            kept.append(pose)
    return len(kept)


class LockedEstimator(Closing):
    """A stateless estimator shared by many streams' threads, one call at a time."""

    def __init__(self, inner: ClosableEstimator) -> None:
        self._inner = inner
        self._lock = threading.Lock()

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        with self._lock:
            return self._inner.estimate(frame)

    def close(self) -> None:
        with self._lock:
            self._inner.close()


class AdaptiveEstimator(Closing):
    """`single` and the multi-person landmarkers `new_multi` makes are this stream's own
    (closed with it); `look` is closed with it only when `owns_look`."""

    def __init__(
        self,
        single: ClosableEstimator,
        look: ClosableEstimator,
        new_multi: Callable[[], ClosableEstimator],
        config: AdaptiveConfig | None = None,
        *,
        owns_look: bool = True,
    ) -> None:
        self.config = config or AdaptiveConfig()
        self._single = single
        self._look = look
        self._owns_look = owns_look
        self._new_multi = new_multi
        self._multi: ClosableEstimator | None = new_multi()
        self._crowd_ms: int | None = None  # last time two or more people were seen
        self._probe_ms = 0
        self._start_ms: int | None = None

    @property
    def mode(self) -> Literal["single", "multi"]:
        return "single" if self._multi is None else "multi"

    def estimate(self, frame: Frame) -> list[PoseFrame]:
        now = frame.timestamp_ms
        if self._start_ms is None:
            self._start_ms = now
        if self._multi is not None:
            poses = self._multi.estimate(frame)
            if len(poses) >= 2:
                self._crowd_ms = now
            calm_since = self._crowd_ms if self._crowd_ms is not None else self._start_ms
            if now - calm_since >= self.config.calm_after_ms:
                self._multi.close()
                self._multi, self._probe_ms = None, now
            return poses
        poses = self._single.estimate(frame)
        if now - self._probe_ms >= self.config.probe_every_ms:
            self._probe_ms = now
            crowd = self._look.estimate(frame)
            if distinct_people(crowd) >= 2:
                self._multi, self._crowd_ms = self._new_multi(), now
                return crowd
        return poses

    def close(self) -> None:
        self._single.close()
        if self._multi is not None:
            self._multi.close()
            self._multi = None
        if self._owns_look:
            self._look.close()

"""Continuity of the tracked body: a skeleton that jumps is not believed at once.

Pose trackers sometimes flip for a frame or a few to a misplaced skeleton (a second,
ghost detection of a small person; a mirrored limb). A body cannot move its trunk and
thighs by a large share of its own size in one frame, so a pose whose key joints jump
further than `max_speed_per_s` (in trunk lengths per second, plus a fixed allowance for
landmark noise) from the last believed pose is treated as unseen. If the jump persists
for `adopt_after_ms`, it is real (the patient moved, or a new person is tracked) and is
believed from then on. After the pose has been lost for `forget_after_ms` the last
believed pose is forgotten: the patient may well have moved while unseen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pose.geometry import length
from pose.joints import Joint
from pose.types import FloatArray, PoseFrame

__all__ = ["ContinuityConfig", "ContinuityFilter"]

_KEY = (
    Joint.LEFT_SHOULDER,
    Joint.RIGHT_SHOULDER,
    Joint.LEFT_HIP,
    Joint.RIGHT_HIP,
    Joint.LEFT_KNEE,
    Joint.RIGHT_KNEE,
)


@dataclass(frozen=True, slots=True)
class ContinuityConfig:
    # The fastest a key joint of these floor exercises moves: a fast bridge lifts the
    # hips at about 1.6 trunk lengths/s, a clamshell knee opens at about 1.
    max_speed_per_s: float = 2.0
    # Landmark noise allowance per frame, trunk lengths.
    noise: float = 0.12
    # The speed allowance grows with the time since the last believed pose only up to
    # this: after a run of unbelieved frames a ghost must not become believable. A slow
    # or stalled stream (8 fps, a 0.6 s stall on a loaded machine) really has gaps this
    # long, across which a knee moves half a trunk length; 0.7 s allows 1.5 trunk lengths,
    # still short of a ghost of another person beside the patient.
    max_dt_ms: int = 700
    # A jump that lasts this long is believed (the patient really moved, or someone
    # else is tracked now); a tracker's transient ghost with its smoothing tail is shorter.
    adopt_after_ms: int = 1000
    # No pose for this long: forget the last believed pose.
    forget_after_ms: int = 300


def _points(pose: PoseFrame) -> tuple[FloatArray, float]:
    pts = pose.px_of(_KEY)
    trunk = length((pts[0] + pts[1]) / 2 - (pts[2] + pts[3]) / 2)
    return pts, trunk


class ContinuityFilter:
    """Passes believable poses; returns None for a pose that jumped (one call per frame)."""

    def __init__(self, config: ContinuityConfig | None = None) -> None:
        self.config = config if config is not None else ContinuityConfig()
        self._last: tuple[int, FloatArray, float] | None = None
        self._jump_since_ms: int | None = None

    def __call__(self, timestamp_ms: int, pose: PoseFrame | None) -> PoseFrame | None:
        if pose is None:
            if (
                self._last is not None
                and timestamp_ms - self._last[0] >= self.config.forget_after_ms
            ):
                self._last, self._jump_since_ms = None, None
            return None
        pts, trunk = _points(pose)
        if self._last is None or trunk <= 1e-6:
            self._accept(pose.timestamp_ms, pts, trunk)
            return pose
        t0, last_pts, last_trunk = self._last
        dt_s = min(max(0, pose.timestamp_ms - t0), self.config.max_dt_ms) / 1000.0
        allowed = (self.config.noise + self.config.max_speed_per_s * dt_s) * last_trunk
        jump = float(np.max(np.linalg.norm(pts - last_pts, axis=1)))
        if jump <= allowed:
            self._accept(pose.timestamp_ms, pts, trunk)
            return pose
        if self._jump_since_ms is None:
            self._jump_since_ms = pose.timestamp_ms
        if pose.timestamp_ms - self._jump_since_ms >= self.config.adopt_after_ms:
            self._accept(pose.timestamp_ms, pts, trunk)
            return pose
        return None

    def _accept(self, timestamp_ms: int, pts: FloatArray, trunk: float) -> None:
        self._last = (timestamp_ms, pts, trunk)
        self._jump_since_ms = None

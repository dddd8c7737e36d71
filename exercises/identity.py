"""Is the tracked body still the same body? A trunk that turns faster than a trunk can.

A person's trunk (the line from the hips' midpoint to the shoulders') is the slowest part
of the body to turn: lying down or sitting up takes a second or more, a bridge tilts it by
a few tens of degrees a second. When the pose model or the person selection leaves the
patient for someone else (a therapist sitting beside her, a person walking past, a ghost
of a misread frame), the trunk it reports jumps: from lying to sitting in a tenth of a
second, or flip-flopping between two bodies. `IdentityWatch` compares each pose's trunk
(in body sizes: the diagonal of the box around shoulders, hips, knees and ankles, which a
turn or a far camera changes little) with the poses of the last `window_ms` and says the
stream is **away** from the body it followed from the first frame that moved further
than `max_turn_per_s` allows. It is back when the trunk returns to where it was (a ghost
of a frame or two, or the tracker coming back to the patient), or when the new body has
been steady for `adopt_ms` (someone else is followed now, or the patient really moved
fast). The time away is what the engine was fed that may not be the patient's.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from pose.geometry import length
from pose.joints import BODY_CORE
from pose.types import PoseFrame

__all__ = ["IdentityConfig", "IdentityWatch"]


@dataclass(frozen=True, slots=True)
class IdentityConfig:
    # Each pose is compared with those of the last 300 ms: smoothing spreads a switch to
    # another body over a few frames, which one frame-to-frame step would not see.
    window_ms: int = 300
    # Landmark noise allowance on the trunk, body sizes (a far, small body's trunk wobbles
    # by a few hundredths of its size between frames).
    noise: float = 0.1
    # The fastest the trunk line changes, body sizes a second: the trunk is under half a
    # body size long, and sitting up from lying in under a second turns it by about 1.5
    # rad/s (0.7 sizes/s); a bridge tilts it at 0.2. Measured: real clips of the four
    # exercises and their look-alikes at most 0.8 over 300 ms (a sit-to-stand, a squat);
    # the pose following a person walking past or sitting beside the patient 1.4-4.
    max_turn_per_s: float = 1.0
    # Back where it was: the trunk line within this of the last one before the jump
    # (body sizes): the noise, and a little way the patient moved meanwhile.
    back_within: float = 0.15
    # ...for this long: a tracker flip-flopping between two bodies comes back for a frame
    # at a time (two frames at 10 fps).
    back_for_ms: int = 200
    # Steady this long away from where it was: the new body is the one followed now.
    adopt_ms: int = 1000
    # No pose for this long: nothing to compare with (the patient may have moved unseen).
    forget_ms: int = 500


def _trunk(pose: PoseFrame) -> tuple[tuple[float, float], float]:
    """The trunk line (shoulders' midpoint minus hips', pixels) and the body's size."""
    pts = pose.px_of(BODY_CORE)
    size = length(np.ptp(pts, axis=0))
    tx, ty = ((pts[0] + pts[1]) / 2 - (pts[2] + pts[3]) / 2).tolist()
    return (tx, ty), max(size, 1e-6)


# (timestamp_ms, trunk line, body size, seen while away)
_Seen = tuple[int, tuple[float, float], float, bool]


def _apart(trunk: tuple[float, float], size: float, then: _Seen) -> float:
    """How far the trunk line is from `then`'s, in body sizes (plain floats: this runs
    against every pose of the last window, each frame)."""
    (x, y), (x0, y0) = trunk, then[1]
    return math.hypot(x - x0, y - y0) / max(size, then[2])


def _moved(
    trunk: tuple[float, float], size: float, timestamp_ms: int, then: _Seen, c: IdentityConfig
) -> bool:
    """Has the trunk moved further since `then` than a trunk can?"""
    allowed = c.noise + c.max_turn_per_s * (timestamp_ms - then[0]) / 1000.0
    return _apart(trunk, size, then) > allowed


@dataclass
class IdentityWatch:
    """One `update` per frame: is the tracked body away from the one followed?"""

    config: IdentityConfig = field(default_factory=IdentityConfig)
    _recent: deque[_Seen] = field(default_factory=deque)
    _before: _Seen | None = None  # while away: the last pose of the body followed
    _steady_ms: int = 0  # while away: since when the body seen has not jumped
    _back_ms: int | None = None  # while away: since when it is back where it was
    _seen_ms: int | None = None

    def update(self, timestamp_ms: int, pose: PoseFrame | None) -> bool:
        c = self.config
        if pose is None:
            if self._seen_ms is not None and timestamp_ms - self._seen_ms >= c.forget_ms:
                self._recent.clear()
                self._before, self._seen_ms = None, None
            return False
        trunk, size = _trunk(pose)
        self._seen_ms = timestamp_ms
        recent = self._recent
        while recent and timestamp_ms - recent[0][0] > c.window_ms:
            recent.popleft()
        if self._before is None:
            # Compared with the body followed (not with a ghost it has come back from).
            jumped = [r for r in recent if not r[3] and _moved(trunk, size, timestamp_ms, r, c)]
            if jumped:
                self._before, self._steady_ms, self._back_ms = jumped[-1], timestamp_ms, None
        elif _apart(trunk, size, self._before) <= c.back_within:
            self._back_ms = timestamp_ms if self._back_ms is None else self._back_ms
            if timestamp_ms - self._back_ms >= c.back_for_ms:  # back where it was, staying
                self._follow(since_ms=self._back_ms)
        else:
            self._back_ms = None
            if any(r[3] and _moved(trunk, size, timestamp_ms, r, c) for r in recent):
                self._steady_ms = timestamp_ms  # the body seen away is still jumping
            elif timestamp_ms - self._steady_ms >= c.adopt_ms:
                self._follow(since_ms=0)  # the body followed now
        away = self._before is not None
        self._recent.append((timestamp_ms, trunk, size, away))
        return away

    def _follow(self, since_ms: int) -> None:
        """No longer away: the poses seen from `since_ms` on are of the body followed."""
        self._before, self._back_ms = None, None
        self._recent = deque((m, t, z, away and m < since_ms) for m, t, z, away in self._recent)

"""The one paced player of the server tests: frames sent one frame interval apart.

On a `ManualClock` (the app's clock in most server tests) the interval is made by moving
the clock: a replay runs as fast as the code allows. On the system clock (servers in
other processes, where real time is the point) it is waited out.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from server.clock import Clock, ManualClock

__all__ = ["frame_slots"]


def frame_slots(count: int, fps: float, clock: Clock) -> Iterator[int]:
    """0 to `count` - 1; each after the one before has been handled by the caller, one
    frame interval later on `clock`."""
    start = time.monotonic()
    for i in range(count):
        yield i
        if isinstance(clock, ManualClock):
            clock.advance(1.0 / fps)
        else:
            time.sleep(max(0.0, start + (i + 1) / fps - time.monotonic()))

"""The server's one clock: wall-clock milliseconds for records, monotonic seconds for
intervals (the exercises never read a clock: their time is the stream's).

`create_app` takes a `Clock` and hands it to the sessions, the registry, the stores and the
throttles; `SYSTEM_CLOCK` is the real one. `ManualClock` moves only when told: tests and
replays run as fast as the code allows instead of sleeping for time to pass.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

__all__ = ["SYSTEM_CLOCK", "Clock", "ManualClock", "SystemClock", "now_ms"]


class Clock(Protocol):
    def wall_ms(self) -> int:
        """Milliseconds since the Unix epoch (what records store)."""
        ...

    def monotonic_s(self) -> float:
        """Seconds that never go back (for intervals and timeouts)."""
        ...


class SystemClock:
    def wall_ms(self) -> int:
        return int(time.time() * 1000)

    def monotonic_s(self) -> float:
        return time.monotonic()


SYSTEM_CLOCK: Clock = SystemClock()


def now_ms() -> int:
    """The system clock's wall time (for the command line, which has no app)."""
    return SYSTEM_CLOCK.wall_ms()


class ManualClock:
    """A clock that stands still until `advance` moves both of its readings; safe to read
    from the server's threads while a test moves it. Its wall time starts at `wall_ms`,
    by default the real time it was made at (records seeded "now" then stay recent)."""

    def __init__(self, wall_ms: int | None = None, monotonic_s: float = 10_000.0) -> None:
        self._lock = threading.Lock()
        self._wall_ms = float(SYSTEM_CLOCK.wall_ms() if wall_ms is None else wall_ms)
        self._monotonic_s = monotonic_s

    def wall_ms(self) -> int:
        with self._lock:
            return int(self._wall_ms)

    def monotonic_s(self) -> float:
        with self._lock:
            return self._monotonic_s

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"a clock does not go back ({seconds} s)")
        with self._lock:
            self._wall_ms += seconds * 1000.0
            self._monotonic_s += seconds

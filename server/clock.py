"""Wall-clock milliseconds for records (the server's edge; exercises never read a clock)."""

from __future__ import annotations

import time

__all__ = ["now_ms"]


def now_ms() -> int:
    return int(time.time() * 1000)

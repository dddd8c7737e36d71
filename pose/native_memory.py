"""Native memory of the MediaPipe graphs: hand freed memory back to the system.

A landmarker's graph frees tens of MB when closed (weights repacked for XNNPACK, image
and tensor buffers), but glibc keeps freed heap pages for reuse: a server whose sessions
come and go would hold the peak of them all. `release_freed()` asks glibc to return
what is free (`malloc_trim`); elsewhere (another C library) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache

__all__ = ["release_freed"]


@cache
def _trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    # glibc only: other C libraries have no malloc_trim.
    return getattr(ctypes.CDLL(name), "malloc_trim", None)


def release_freed() -> None:
    """Return freed heap memory to the system (milliseconds: after a close, not per frame)."""
    trim = _trim()
    if trim is not None:
        trim(0)

from __future__ import annotations

import ctypes
import ctypes.util
import os
from pathlib import Path

import pytest

from pose.native_memory import release_freed


def _rss_mb() -> float:
    for line in Path(f"/proc/{os.getpid()}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads /proc (Linux)")
def test_freed_native_heap_goes_back_to_the_system() -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    # 200 MB in 32 kB blocks: below glibc's mmap threshold, so on the heap, as a
    # graph's many buffers are; freed, they stay in the process until trimmed.
    blocks = [libc.malloc(32_768) for _ in range(6400)]
    for block in blocks:
        ctypes.memset(block, 1, 32_768)
    held = _rss_mb()
    for block in blocks:
        libc.free(block)
    release_freed()
    assert _rss_mb() < held - 100

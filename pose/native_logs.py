"""MediaPipe's native code logs to file descriptor 2 (not Python's sys.stderr).

`quiet_native_stderr()` points fd 2 at /dev/null while it runs and hands back a
text stream on the real stderr, so a command line shows its own progress and errors,
not pages of TFLite start-up chatter.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["quiet_native_stderr"]


@contextmanager
def quiet_native_stderr() -> Iterator[TextIO]:
    sys.stderr.flush()
    saved_fd = os.dup(2)
    real = os.fdopen(os.dup(saved_fd), "w", buffering=1, encoding="utf-8", errors="replace")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    old_stderr = sys.stderr
    sys.stderr = real
    try:
        yield real
    finally:
        sys.stderr = old_stderr
        real.flush()
        os.dup2(saved_fd, 2)
        os.close(saved_fd)
        real.close()

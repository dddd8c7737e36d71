"""Watching an analysis child from both ends: it must not hang, and must not outlive us.

`Silence` kills a child that has said nothing for `silent_s` since its last word, or for
`start_s` since it was started before its first (its imports and model load are the
slow part, and a loaded machine makes them slower; a decoder stuck on a clip, a model
that never returns): its job then fails as `analysis_stalled` instead of being
held until the server stops. `die_with_parent` runs in the child: when the process that
started it is gone (killed, even with -9), the child ends too, instead of analysing for
nobody. Real time is the point of both, so they read the system's monotonic clock.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time

__all__ = ["Silence", "die_with_parent"]


class Silence:
    """Kills `child` when `beat()` was not called for `silent_s` seconds (`start_s` before
    the first beat, counted from here); `fired` says so. Use as a context manager around
    reading the child's messages."""

    def __init__(
        self, child: subprocess.Popen[bytes], silent_s: float, start_s: float | None = None
    ) -> None:
        start_s = silent_s if start_s is None else start_s
        if silent_s <= 0 or start_s <= 0:
            raise ValueError(f"silent_s and start_s must be > 0, got {silent_s}, {start_s}")
        self._child = child
        self._silent_s = silent_s
        self._allowed_s = start_s  # until the first beat
        self._last_s = time.monotonic()
        self._done = threading.Event()
        self.fired = False
        self._thread = threading.Thread(target=self._watch, name="analysis-watchdog", daemon=True)

    def __enter__(self) -> Silence:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def beat(self) -> None:
        self._last_s = time.monotonic()
        self._allowed_s = self._silent_s

    def _watch(self) -> None:
        while not self._done.wait(min(1.0, self._silent_s / 4)):
            if time.monotonic() - self._last_s > self._allowed_s and self._child.poll() is None:
                self.fired = True
                self._child.kill()
                return


def die_with_parent(poll_s: float = 1.0) -> None:
    """In the child: end this process (at once, no cleanup) when its parent is gone."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(poll_s)
            if os.getppid() != parent:  # re-parented: whoever started us has died
                os._exit(3)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()

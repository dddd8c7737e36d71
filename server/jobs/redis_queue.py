"""Jobs on a Redis queue (RQ), for `formcheck worker` processes on this or other machines.

A submitted job's clip goes into the database (`JobStore.save_clip`: the one store every
process shares; the local file is deleted at once) and its id onto the queue; a worker
takes the id, the clip from the database, and records the session there. The job waits
without an owner, for at most `wait_s`: past that it is marked interrupted, and so is
a job whose worker died (its lease runs out, `server.store.jobs`).

Why RQ: the analysis is synchronous, CPU-bound Python; RQ runs a plain function per job
(no asyncio, no broker besides Redis), is actively released, and small.
"""

from __future__ import annotations

from pathlib import Path

from redis import Redis
from rq import Queue

from server.jobs.runner import QueueFullError, RunJob
from server.store.jobs import JobStore

__all__ = ["ANALYSE", "QUEUE_NAME", "RedisQueue", "connect"]

QUEUE_NAME = "formcheck-uploads"
ANALYSE = "server.jobs.worker.analyse"  # what a worker runs: analyse(job_id)


def connect(url: str) -> Redis:
    """A client for `url` (redis://host:port/db); checked at once, so a wrong URL fails
    at start, not at the first upload."""
    redis = Redis.from_url(url)
    redis.ping()
    return redis


class RedisQueue:
    """Hands jobs to workers through Redis; at most `max_waiting` wait at once."""

    owner: str | None = None  # queued jobs wait on the shared queue, held by no one

    def __init__(
        self, redis: Redis, jobs: JobStore, *, max_waiting: int, wait_s: float, run_s: float
    ) -> None:
        self._queue = Queue(QUEUE_NAME, connection=redis)
        self._jobs = jobs
        self._max = max_waiting
        self.lease_s: float | None = wait_s
        self._run_s = run_s

    def submit(self, job_id: str, clip: Path, run: RunJob) -> None:
        waiting = self._queue.count
        if waiting >= self._max:
            raise QueueFullError(f"{waiting} jobs waiting (at most {self._max})")
        try:
            self._jobs.save_clip(job_id, clip)
        finally:
            clip.unlink(missing_ok=True)  # the database holds it now (or the job fails)
        wait_s = round(self.lease_s or 0)
        self._queue.enqueue(
            ANALYSE,
            job_id,
            job_id=f"formcheck-{job_id}",
            ttl=wait_s,  # not taken within this long: dropped (and the job is interrupted)
            job_timeout=round(self._run_s),
            result_ttl=0,  # the outcome is in the database
            failure_ttl=24 * 3600,
        )

    def close(self) -> None:
        self._queue.connection.close()

"""Jobs on a Redis queue (RQ), for `formcheck worker` processes on this or other machines.

A submitted job's clip goes into the database (`JobStore.save_clip`: the one store every
process shares; the local file is deleted at once) and its id onto the queue; a worker
takes the id, the clip from the database, and records the session there. While the clip
moves, the job is held by the server that took it (its lease, renewed by its heartbeat);
once on the queue it waits without an owner, for at most `wait_s`: past that it is
marked interrupted, and so is a job whose worker died (its lease runs out,
`server.store.jobs`) and a waiting job the queue no longer has (`fail_lost`: Redis
restarted without its data).

What a worker runs is not up to the queue: jobs are JSON (RQ's `JSONSerializer`, never
pickle, which runs code as it loads), and `AnalysisJob` runs `analyse(job_id)` and
nothing else: any other function, an object's method or a callback named in a job is
refused before anything is imported. Redis itself needs a password (`Settings`), so
only the servers and workers write to it.

Why RQ: the analysis is synchronous, CPU-bound Python; RQ runs a plain function per job
(no asyncio, no broker besides Redis), is actively released, and small.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.job import Job
from rq.serializers import JSONSerializer
from sqlalchemy.exc import SQLAlchemyError

from server.jobs.runner import QueueFullError, QueueUnavailableError, RunJob
from server.store.jobs import JobStore

__all__ = [
    "ANALYSE",
    "QUEUE_NAME",
    "AnalysisJob",
    "ForbiddenJobError",
    "RedisQueue",
    "connect",
    "rq_job_id",
]

log = logging.getLogger("formcheck.jobs")

QUEUE_NAME = "formcheck-uploads"
ANALYSE = "server.jobs.worker.analyse"  # what a worker runs: analyse(job_id)
SERIALIZER = JSONSerializer
_JOB_ID = re.compile(r"[0-9a-f]{32}")


def rq_job_id(job_id: str) -> str:
    """The queue's name for our job `job_id`."""
    return f"formcheck-{job_id}"


def connect(url: str) -> Redis:
    """A client for `url` (redis://:password@host:port/db); checked at once, so a wrong
    URL or password fails at start, not at the first upload."""
    redis = Redis.from_url(url)
    redis.ping()
    return redis


class ForbiddenJobError(RuntimeError):
    """A job on the queue asked for something other than `analyse(job_id)`."""


class AnalysisJob(Job):
    """An RQ job that can only be `analyse(<32 hex digits>)`, with no callbacks."""

    @property
    def func(self) -> Callable[..., Any]:
        from server.jobs.worker import analyse  # noqa: PLC0415 (the worker imports this)

        name, instance, args, kwargs = self.func_name, self.instance, self.args, self.kwargs
        if name != ANALYSE or instance is not None or kwargs:
            raise ForbiddenJobError(f"expected {ANALYSE}(job_id), the job names {name!r}")
        if len(args) != 1 or not isinstance(args[0], str) or not _JOB_ID.fullmatch(args[0]):
            raise ForbiddenJobError(f"expected one job id (32 hex digits), got {len(args)} args")
        return analyse

    @property
    def success_callback(self) -> None:
        self._refuse_callback(self._success_callback_name)

    @property
    def failure_callback(self) -> None:
        self._refuse_callback(self._failure_callback_name)

    @property
    def stopped_callback(self) -> None:
        self._refuse_callback(self._stopped_callback_name)

    @staticmethod
    def _refuse_callback(name: str | None) -> None:
        if name:
            raise ForbiddenJobError(f"jobs run no callbacks; this one names {name!r}")


class RedisQueue:
    """Hands jobs to workers through Redis; at most `max_waiting` wait at once. `owner`
    (this server) holds a job for `lease_s` while its clip moves into the database."""

    def __init__(
        self,
        redis: Redis,
        jobs: JobStore,
        *,
        owner: str,
        lease_s: float,
        max_waiting: int,
        wait_s: float,
        run_s: float,
    ) -> None:
        self._queue = Queue(
            QUEUE_NAME, connection=redis, job_class=AnalysisJob, serializer=SERIALIZER
        )
        self._jobs = jobs
        self._max = max_waiting
        self.owner: str | None = owner
        self.lease_s: float | None = lease_s
        self._wait_s = wait_s
        self._run_s = run_s

    def submit(self, job_id: str, clip: Path, run: RunJob) -> None:
        try:
            waiting = self._queue.count
            if waiting >= self._max:
                raise QueueFullError(f"{waiting} jobs waiting (at most {self._max})")
            self._jobs.save_clip(job_id, clip)
            self._queue.enqueue(
                ANALYSE,
                job_id,
                job_id=rq_job_id(job_id),
                ttl=round(self._wait_s),  # not taken within this long: dropped (and failed)
                job_timeout=round(self._run_s),
                result_ttl=0,  # the outcome is in the database
                failure_ttl=24 * 3600,
            )
        except (RedisError, SQLAlchemyError) as err:  # Redis away, the database full
            raise QueueUnavailableError(f"the hand-off failed ({type(err).__name__})") from None
        finally:
            clip.unlink(missing_ok=True)  # the database holds it now (or the job fails)
        self._jobs.release(job_id, self._wait_s)  # on the queue: waits for any worker

    def fail_lost(self) -> int:
        """Mark interrupted the jobs waiting on the queue that it no longer has (Redis
        restarted without them); returns how many. Nothing while Redis is away."""
        waiting = self._jobs.waiting()
        if not waiting:
            return 0
        try:
            connection = self._queue.connection
            lost = [j for j in waiting if not AnalysisJob.exists(rq_job_id(j), connection)]
        except RedisError as err:
            log.warning(
                "the queue does not answer (%s): lost jobs checked later", type(err).__name__
            )
            return 0
        return self._jobs.fail_waiting(lost)

    def close(self) -> None:
        self._queue.connection.close()

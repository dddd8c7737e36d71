"""`formcheck worker`: analyses uploaded clips from the Redis queue, on any machine that
reaches the queue and the database.

RQ's `SimpleWorker` runs each job in this process (no fork per job: a forked MediaPipe is
not to be trusted); the job is `analyse(job_id)`, which hands it to this process's
`UploadJobs.run_queued`; nothing else runs (`server.jobs.redis_queue.AnalysisJob`).
The clip itself is analysed in a fresh child process with a memory limit, which loads
the model from the recipe it is given (`server.jobs.child`). While it runs, a heartbeat renews
the job's lease, so the servers know the worker is alive (`server.jobs.leases`).
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rq import Queue, SimpleWorker
from rq.job import Job
from rq.registry import StartedJobRegistry

from server.jobs.child import ChildAnalysis
from server.jobs.leases import Heartbeat
from server.jobs.recipes import EstimatorRecipe
from server.jobs.redis_queue import QUEUE_NAME, SERIALIZER, AnalysisJob, RedisQueue, connect
from server.jobs.uploads import UploadJobs, UploadLimits
from server.private_files import private_dir
from server.scrub import scrubbed_trace
from server.settings import Settings
from server.store.db import Database
from server.store.jobs import JobStore
from server.store.recording import SessionStore

__all__ = [
    "AnalysisWorker",
    "WorkerOptions",
    "analyse",
    "remove_finished_clips",
    "run_worker",
    "worker_name",
]

log = logging.getLogger("formcheck.jobs")

# The running worker's way to a job, set by `run_worker` (RQ calls `analyse` by name).
_RUN: list[Callable[[str], bool]] = []


def analyse(job_id: str) -> bool:
    """The queued job RQ hands this worker; True when it ran (see `run_queued`)."""
    if not _RUN:
        raise RuntimeError("analyse runs inside `formcheck worker` only")
    return _RUN[0](job_id)


def worker_name() -> str:
    """This process's name as a job holder: `worker:<host>:<pid>` (a new one per start)."""
    return f"worker:{socket.gethostname()}:{os.getpid()}"


def remove_finished_clips(folder: Path, jobs: JobStore) -> int:
    """Delete the clips in `folder` whose job is not running (a killed worker's); the
    running ones belong to another worker on this machine. Returns how many."""
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob("*.upload"):
        record = jobs.get(path.stem)
        if record is None or record.state != "running":
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# How long the worker's command thread (RQ's pubsub: shutdown, stop a job) blocks in one
# read. RQ's own 60 s made every stop wait up to 60 s more: closing the channel waits for
# that read to end (about half of all burst runs took 60 s to exit).
COMMAND_POLL_S = 1.0


class AnalysisWorker(SimpleWorker):
    """RQ's worker, writing a failed job's error by type and frames only: to the log and
    to the failed job's record in Redis (its text may quote a patient's data). It stops
    within about `COMMAND_POLL_S` of its last job."""

    def subscribe(self) -> None:
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        # (RQ annotates the attribute as None, then sets a thread in its own subscribe.)
        self.pubsub_thread = self.pubsub.run_in_thread(  # type: ignore[assignment]
            sleep_time=COMMAND_POLL_S,
            daemon=True,
            exception_handler=self._pubsub_exception_handler,
        )

    def handle_exception(self, job: Job, *exc_info: object) -> None:
        err = exc_info[1] if len(exc_info) > 1 else None
        trace = scrubbed_trace(err) if isinstance(err, BaseException) else ""
        log.log(logging.ERROR, "job %s: failed", job.id, extra={"fields": {"error": trace}})

    def handle_job_failure(
        self,
        job: Job,
        queue: Queue,
        started_job_registry: StartedJobRegistry | None = None,
        exc_string: str = "",
    ) -> None:
        err = sys.exc_info()[1]  # RQ calls this while handling the job's error
        kept = scrubbed_trace(err) if err is not None else ""
        super().handle_job_failure(job, queue, started_job_registry, kept)


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    queue_url: str
    burst: bool = False  # stop when the queue is empty (tests, batch runs)


def run_worker(settings: Settings, recipe: EstimatorRecipe, options: WorkerOptions) -> None:
    """Take jobs from the queue until stopped (SIGTERM/SIGINT: the running job ends
    first), each clip analysed by a child on estimators of `recipe`. The database is
    `settings.database` (PostgreSQL when scaled)."""
    redis = connect(options.queue_url)
    db = Database(settings.database)
    jobs = JobStore(db)
    folder = private_dir(settings.data_dir / "worker-clips")
    if remove_finished_clips(folder, jobs):
        log.warning("deleted clips a stopped worker left in %s", folder)
    name = worker_name()
    lease_s = settings.job_lease_s
    queue = RedisQueue(
        redis,
        jobs,
        owner=name,
        lease_s=lease_s,
        max_waiting=settings.upload_queue,
        wait_s=settings.job_wait_s,
        run_s=settings.upload_max_duration_s * 4,
    )
    uploads = UploadJobs(
        jobs,
        SessionStore(db),
        ChildAnalysis(recipe, settings.analysis_memory_mb),
        queue,
        limits=UploadLimits.of(settings),
        folder=folder,
    )
    _RUN[:] = [lambda job_id: uploads.run_queued(job_id, name, lease_s)]
    heartbeat = Heartbeat(jobs, name, lease_s).start()
    try:
        worker = AnalysisWorker(
            [QUEUE_NAME],
            connection=redis,
            name=name.replace(":", "-"),
            job_class=AnalysisJob,
            serializer=SERIALIZER,
        )
        log.info("%s: taking jobs from %s", name, QUEUE_NAME)
        worker.work(burst=options.burst, with_scheduler=False, logging_level="WARNING")
    finally:
        _RUN.clear()
        heartbeat.stop()
        db.close()

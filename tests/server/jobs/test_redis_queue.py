"""The Redis queue on a real Redis (RQ): a submitted job's clip moves into the database
and its id onto the queue; `formcheck worker`'s loop (here in burst mode, in this
process) takes it, analyses it into a session and deletes the clip; a full queue
refuses with the code the page knows, and so does a queue that is away (the job failed,
its clip gone). The worker runs nothing but the analysis of a job id, whatever is
written into Redis; a waiting job the queue lost is failed by the lease check."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis
from rq import Callback, Queue
from rq.job import Job
from rq.serializers import JSONSerializer
from sqlalchemy import select

from exercises.registry import default_prescription
from server.jobs.checks import UploadError
from server.jobs.child import ChildAnalysis
from server.jobs.recipes import ReplayRecipe
from server.jobs.redis_queue import QUEUE_NAME, RedisQueue, connect
from server.jobs.uploads import Upload, UploadJobs, UploadLimits
from server.jobs.worker import AnalysisWorker, WorkerOptions, run_worker
from server.settings import Settings
from server.store.db import Database
from server.store.jobs import JobStore
from server.store.models import JobRow
from server.store.recording import SessionStore
from server.store.users import UserStore
from tests.deploy.cluster import redis_server
from tests.server.live_server import free_port
from tests.server.uploads import plain_clip

pytestmark = [pytest.mark.scaled, pytest.mark.xdist_group("scaled")]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def redis(redis_url: str) -> Iterator[Redis]:
    client = connect(redis_url)
    client.flushall()
    yield client
    client.close()


def _queue(db: Database, redis: Redis, max_waiting: int = 1) -> RedisQueue:
    return RedisQueue(
        redis,
        JobStore(db),
        owner="server:test",
        lease_s=30.0,
        max_waiting=max_waiting,
        wait_s=600.0,
        run_s=60.0,
    )


def _uploads(
    db: Database, redis: Redis, replay: ReplayRecipe, folder: Path, max_waiting: int = 1
) -> UploadJobs:
    jobs = JobStore(db)
    queue = _queue(db, redis, max_waiting)
    limits = UploadLimits.of(Settings(upload_max_bytes=10_000_000, upload_max_duration_s=60.0))
    analysis = ChildAnalysis(replay, memory_mb=2048)  # the server only hands jobs on
    return UploadJobs(jobs, SessionStore(db), analysis, queue, limits=limits, folder=folder)


def _upload(db: Database, folder: Path, name: str) -> Upload:
    users = UserStore(db, 60.0)
    user = users.by_username("rq") or users.create_user("rq", "pw-queue-1", "patient")
    folder.mkdir(exist_ok=True)
    clip = plain_clip(folder / f"{name}.mp4").rename(folder / f"{name}.upload")
    return Upload(clip, user.id, user.id, "bridge", default_prescription("bridge"))


def test_a_worker_takes_the_job_and_its_clip_from_the_database(
    database_url: str,
    redis: Redis,
    redis_url: str,
    replay_factory: ReplayRecipe,
    tmp_path: Path,
) -> None:
    db = Database(database_url)
    try:
        uploads = _uploads(db, redis, replay_factory, tmp_path / "server")
        upload = _upload(db, tmp_path / "server", "a")
        job_id = uploads.accept(upload)
        assert not upload.path.exists()  # the database holds it now
        assert uploads.jobs.has_clip(job_id)
        record = uploads.jobs.get(job_id)
        assert record is not None
        assert (record.state, record.owner) == ("queued", None)  # on the shared queue
        settings = Settings(data_dir=tmp_path / "worker", database_url=database_url)
        run_worker(settings, replay_factory, WorkerOptions(redis_url, burst=True))
        record = uploads.jobs.get(job_id)
        assert record is not None
        assert (record.state, record.progress) == ("done", 1.0), record
        assert record.owner == f"worker:{socket.gethostname()}:{os.getpid()}"
        assert record.session_id is not None
        assert SessionStore(db).get(record.session_id) is not None
        assert not uploads.jobs.has_clip(job_id)
        assert list((tmp_path / "worker" / "worker-clips").iterdir()) == []
    finally:
        db.close()


def test_a_worker_stops_within_seconds_of_its_last_job(redis: Redis) -> None:
    """RQ's command thread read for up to 60 s at a time; when it had already seen its
    channel unsubscribed, stopping waited out that read: about half of all stops took
    60 s more (three of the suite's worker runs in one CI run). That moment, made here."""
    worker = AnalysisWorker([QUEUE_NAME], connection=redis, name="stop-test")
    worker.subscribe()
    assert worker.pubsub is not None
    assert worker.pubsub_thread is not None
    worker.pubsub.unsubscribe()
    deadline = time.monotonic() + 5
    while worker.pubsub.subscribed:  # the thread reads the reply, then waits to resubscribe
        assert time.monotonic() < deadline, "the unsubscribe was never read"
        time.sleep(0.01)  # polling a real thread: real time is the point
    time.sleep(0.2)
    start = time.monotonic()
    worker.unsubscribe()
    assert time.monotonic() - start < 5.0
    assert not worker.pubsub_thread.is_alive()


def test_a_full_queue_refuses_the_upload_and_keeps_no_clip(
    database_url: str, redis: Redis, replay_factory: ReplayRecipe, tmp_path: Path
) -> None:
    db = Database(database_url)
    try:
        uploads = _uploads(db, redis, replay_factory, tmp_path)
        uploads.accept(_upload(db, tmp_path, "first"))
        second = _upload(db, tmp_path, "second")
        with pytest.raises(UploadError) as refused:
            uploads.accept(second)
        assert refused.value.code == "upload_queue_full"
        assert not second.path.exists()
    finally:
        db.close()


def test_the_worker_runs_only_the_analysis_of_a_job_id(
    database_url: str,
    redis: Redis,
    redis_url: str,
    replay_factory: ReplayRecipe,
    tmp_path: Path,
) -> None:
    """Jobs written straight into Redis: another function (as JSON and pickled), our
    function with a callback or a second argument. None runs; the real job after them
    is analysed by the same worker."""
    ran = {k: tmp_path / f"ran-{k}" for k in ("json", "pickle", "argument")}
    json_queue = Queue(QUEUE_NAME, connection=redis, serializer=JSONSerializer)
    json_queue.enqueue("os.mkdir", str(ran["json"]))
    Queue(QUEUE_NAME, connection=redis).enqueue("os.mkdir", str(ran["pickle"]))
    callback = Callback("os.mkdir")  # refused before the job runs; the worker goes on
    json_queue.enqueue("server.jobs.worker.analyse", "0" * 32, on_failure=callback)
    json_queue.enqueue("server.jobs.worker.analyse", "0" * 32, str(ran["argument"]))
    db = Database(database_url)
    try:
        uploads = _uploads(db, redis, replay_factory, tmp_path / "server", max_waiting=10)
        job_id = uploads.accept(_upload(db, tmp_path / "server", "a"))
        settings = Settings(data_dir=tmp_path / "worker", database_url=database_url)
        run_worker(settings, replay_factory, WorkerOptions(redis_url, burst=True))
        assert [k for k, path in ran.items() if path.exists()] == []
        # What RQ keeps of each refused job is its error's type and frames, no text.
        failed = json_queue.failed_job_registry.get_job_ids()
        kept = [Job.fetch(j, redis, JSONSerializer).latest_result() for j in failed]
        traces = [r.exc_string or "" for r in kept if r is not None]
        assert len(traces) == 3, failed
        assert all(t.endswith("Error") for t in traces), traces
        assert [t for t in traces if "os.mkdir'" in t or str(tmp_path) in t] == []
        record = uploads.jobs.get(job_id)
        assert record is not None
        assert record.state == "done", record
    finally:
        db.close()


def test_a_hand_off_to_a_queue_that_is_away_fails_the_job_and_deletes_the_clip(
    db: Database, replay_factory: ReplayRecipe, tmp_path: Path
) -> None:
    away = Redis(port=free_port(), socket_connect_timeout=1)  # nothing listens there
    uploads = _uploads(db, away, replay_factory, tmp_path)
    upload = _upload(db, tmp_path, "a")
    with pytest.raises(UploadError) as refused:
        uploads.accept(upload)
    assert refused.value.code == "upload_queue_full"  # 503: try again later
    assert not upload.path.exists()
    (failed,) = [uploads.jobs.get(j) for j in _all_jobs(db)]
    assert failed is not None
    assert (failed.state, failed.error_code) == ("failed", "upload_queue_full")
    assert not uploads.jobs.has_clip(failed.id)


def test_a_waiting_job_the_queue_lost_is_failed_by_the_lease_check(
    database_url: str, redis: Redis, replay_factory: ReplayRecipe, tmp_path: Path
) -> None:
    db = Database(database_url)
    try:
        uploads = _uploads(db, redis, replay_factory, tmp_path)
        job_id = uploads.accept(_upload(db, tmp_path, "a"))
        queue = _queue(db, redis)
        assert queue.fail_lost() == 0  # on the queue: left alone
        redis.flushall()  # Redis restarted without its data
        assert queue.fail_lost() == 1
        record = uploads.jobs.get(job_id)
        assert record is not None
        assert (record.state, record.error_code) == ("failed", "interrupted")
        assert not uploads.jobs.has_clip(job_id)
    finally:
        db.close()


def _all_jobs(db: Database) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(JobRow.id)))

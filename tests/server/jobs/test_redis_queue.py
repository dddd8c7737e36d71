"""The Redis queue on a real Redis (RQ): a submitted job's clip moves into the database
and its id onto the queue; `formcheck worker`'s loop (here in burst mode, in this
process) takes it, analyses it into a session and deletes the clip; a full queue
refuses with the code the page knows."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis

from exercises.registry import default_prescription
from server.jobs.checks import UploadError
from server.jobs.redis_queue import RedisQueue, connect
from server.jobs.uploads import Upload, UploadJobs, UploadLimits
from server.jobs.worker import WorkerOptions, run_worker
from server.live.inference import EstimatorFactory
from server.settings import Settings
from server.store.db import Database
from server.store.jobs import JobStore
from server.store.recording import SessionStore
from server.store.users import UserStore
from tests.deploy.cluster import redis_server
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


def _uploads(db: Database, redis: Redis, replay: EstimatorFactory, folder: Path) -> UploadJobs:
    jobs = JobStore(db)
    queue = RedisQueue(redis, jobs, max_waiting=1, wait_s=600.0, run_s=60.0)
    limits = UploadLimits(10_000_000, 60.0)
    return UploadJobs(jobs, SessionStore(db), replay, queue, limits=limits, folder=folder)


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
    replay_factory: EstimatorFactory,
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


def test_a_full_queue_refuses_the_upload_and_keeps_no_clip(
    database_url: str, redis: Redis, replay_factory: EstimatorFactory, tmp_path: Path
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

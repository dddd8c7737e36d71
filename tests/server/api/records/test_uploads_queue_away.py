"""Uploads on the Redis queue when Redis goes away: the upload is answered 503 (try
again later) at once, its clip is deleted and its job failed, never a 500 or a job left
queued (a job that was waiting when Redis lost its data: tests/server/jobs/
test_redis_queue.py)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import select

from server.api.state import app_state
from server.live.inference import EstimatorFactory
from server.store.models import JobClipRow, JobRow
from tests.deploy.cluster import redis_server
from tests.server.clients import Client
from tests.server.live_server import running_server
from tests.server.uploads import plain_clip, upload

pytestmark = [pytest.mark.scaled, pytest.mark.xdist_group("scaled")]


def test_an_upload_while_redis_is_away_is_503_and_leaves_nothing(
    tmp_path: Path, replay_factory: EstimatorFactory
) -> None:
    clip = plain_clip(tmp_path / "clip.mp4").read_bytes()
    with ExitStack() as redis:
        url = redis.enter_context(redis_server(tmp_path))
        with (
            running_server(
                tmp_path / "data", estimator_factory=replay_factory, queue_url=url
            ) as server,
            Client.login(server, *server.credentials()["patient"]) as patient,
        ):
            redis.close()  # Redis stops
            r = upload(patient.http, "/api/recordings", clip)
            assert r.status_code == 503, r.text
            assert r.json()["code"] == "upload_queue_full"
            assert list((server.settings.data_dir / "uploads").iterdir()) == []
            with app_state(server.app).db.session() as s:
                states = list(s.scalars(select(JobRow.state)))
                clips = list(s.scalars(select(JobClipRow.job_id)))
            assert (states, clips) == (["failed"], [])

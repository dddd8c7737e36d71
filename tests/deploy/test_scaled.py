"""Past one machine: two `formcheck serve` processes behind nginx (deploy/nginx.conf),
two `formcheck worker`s on a real Redis queue, one PostgreSQL. An upload through nginx is
analysed by a worker, not in a server; a live session survives the SIGKILL of the
server it was on: the reloaded page carries on with it on the other, with its counts."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cv2
import httpx
import numpy as np
import pytest
from redis import Redis
from rq import Worker
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from server.clock import SYSTEM_CLOCK
from server.store.db import Database
from server.store.jobs import JobRecord, JobStore
from tests.deploy.cluster import Cluster, Process, cluster
from tests.server.clients import play_paced, receive
from tests.server.databases import fresh_database_url
from tests.server.live_server import read_credentials
from tests.server.replay import REPLAY_FPS, bridge_recording, record_bridge
from tests.server.uploads import plain_clip, upload, wait_for_job

pytestmark = [pytest.mark.scaled, pytest.mark.xdist_group("scaled")]

FRAME = cv2.imencode(".jpg", np.full((360, 480, 3), 90, np.uint8))[1].tobytes()


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    folder = tmp_path_factory.mktemp("scaled")
    recording = record_bridge(folder / "bridge.npz")
    with (
        fresh_database_url("postgresql", folder) as url,
        cluster(folder, url, recording) as running,
    ):
        redis = Redis.from_url(running.queue_url)
        deadline = time.monotonic() + 90
        while Worker.count(connection=redis) < len(running.workers):
            for w in running.workers:
                assert w.popen.poll() is None, f"{w.name} exited:\n{w.tail()}"
            assert time.monotonic() < deadline, "the workers did not register with Redis"
            time.sleep(0.2)
        redis.close()
        yield running


@pytest.fixture
def http(scaled: Cluster) -> Iterator[httpx.Client]:
    """The demo patient, logged in through nginx."""
    username, password = read_credentials(scaled.data_dirs[0])["patient"]
    with httpx.Client(base_url=scaled.base_url, timeout=30) as client:
        r = client.post("/api/login", json={"username": username, "password": password})
        r.raise_for_status()
        client.headers["Authorization"] = f"Bearer {r.json()['token']}"
        yield client


def _play(ws: ClientConnection, frames: int) -> dict[str, Any]:
    """`frames` frames at the recording's rate: the servers are processes of their own on
    the system's clock, so here real time is the point."""
    return play_paced(ws, [FRAME] * frames, REPLAY_FPS, SYSTEM_CLOCK)


def test_an_upload_through_nginx_is_analysed_by_a_worker(
    scaled: Cluster, http: httpx.Client, tmp_path: Path
) -> None:
    clip = plain_clip(tmp_path / "clip.mp4")
    r = upload(http, "/api/recordings", clip.read_bytes())
    assert r.status_code == 202, r.text
    job = wait_for_job(http, r.json()["job_id"], timeout_s=90)
    assert job["state"] == "done", job
    report = http.get(f"/api/sessions/{job['session_id']}")
    assert report.status_code == 200, report.text
    db = Database(scaled.database_url)
    try:
        jobs = JobStore(db)
        record = jobs.get(job["job_id"])
        assert record is not None
        assert not jobs.has_clip(job["job_id"])  # the clip is gone with its analysis
    finally:
        db.close()
    # It ran in one of the worker processes (`worker:<host>:<pid>`), not in a server.
    assert record.owner is not None
    kind, _, pid = record.owner.split(":")[0], None, record.owner.rsplit(":", 1)[1]
    assert kind == "worker", record.owner
    assert int(pid) in {w.pid for w in scaled.workers}, record.owner
    for data in scaled.data_dirs:  # and no server kept a copy of the clip
        assert list(data.glob("uploads/*")) == []


def test_a_live_session_carries_on_when_its_server_is_killed(
    scaled: Cluster, http: httpx.Client
) -> None:
    frames = len(bridge_recording())  # two reps of the replayed bridge
    workout = http.post("/api/workouts").json()["workout_id"]
    r = http.post("/api/sessions", json={"exercise": "bridge", "workout_id": workout})
    r.raise_for_status()
    session = r.json()
    path = f"/api/sessions/{session['session_id']}"
    headers = {"Authorization": http.headers["Authorization"]}
    url = scaled.ws_url + session["ws_path"]
    with connect(url, additional_headers=headers, open_timeout=30) as ws:
        assert receive(ws)["resumed"] is False
        before = _play(ws, frames * 3 // 4)["status"]["reps"]
        assert before >= 1, "three quarters of the replay count at least one rep"
        # Which server holds it: every request of the session goes to the same one.
        mark = scaled.logged()
        http.get(path).raise_for_status()
        holder = scaled.server_on(scaled.upstream_of(path, after=mark))
        holder.kill()
        with pytest.raises(ConnectionClosed):  # the socket dies with its server
            ws.recv(timeout=10)
    # The page reloads: the other server takes the session over, rebuilt from the database.
    token = {"resume_token": session["resume_token"]}
    resumed = http.post(f"{path}/resume", json=token)
    assert resumed.status_code == 200, resumed.text
    assert resumed.json()["status"]["reps"] == before  # nothing counted was lost
    with connect(url, additional_headers=headers, open_timeout=30) as again:
        hello = receive(again)
        assert hello["type"] == "session", hello
        assert hello["resumed"] is True
        assert hello["status"]["reps"] == before  # nothing counted was lost
        after = _play(again, frames)["status"]["reps"]
        assert after > before, (before, after)
        again.send(json.dumps({"type": "finish"}))
        while (message := receive(again))["type"] != "finished":
            pass
    assert message["summary"]["reps"] == after
    mark = scaled.logged()
    http.get(path).raise_for_status()
    assert scaled.upstream_of(path, after=mark) != holder.port  # the other one has it now


def test_a_killed_workers_job_is_interrupted_and_the_other_worker_goes_on(
    scaled: Cluster, http: httpx.Client, tmp_path: Path
) -> None:
    """Its lease runs out (3 s here): the job fails as interrupted and its clip is deleted;
    the live worker is not touched and analyses the next upload."""
    db = Database(scaled.database_url)
    jobs = JobStore(db)
    try:
        long_clip = plain_clip(tmp_path / "long.mp4", frames=2400)  # 5 minutes at 8 fps
        r = upload(http, "/api/recordings", long_clip.read_bytes())
        assert r.status_code == 202, r.text
        job_id = r.json()["job_id"]
        running = _eventually(lambda: jobs.get(job_id), lambda j: j.state != "queued")
        assert running.state == "running", running
        victim = next(w for w in scaled.workers if running.owner == _owner_of(w))
        victim.kill()
        ended = _eventually(lambda: jobs.get(job_id), lambda j: j.state != "running", 30.0)
        assert (ended.state, ended.error_code) == ("failed", "interrupted"), ended
        assert not jobs.has_clip(job_id)
        assert http.get(f"/api/jobs/{job_id}").json()["error"] == "interrupted"
        r = upload(http, "/api/recordings", plain_clip(tmp_path / "next.mp4").read_bytes())
        job = wait_for_job(http, r.json()["job_id"], timeout_s=90)
        assert job["state"] == "done", job
        survivor = jobs.get(job["job_id"])
        assert survivor is not None
        assert survivor.owner != running.owner
    finally:
        db.close()


def _owner_of(worker: Process) -> str:
    return f"worker:{socket.gethostname()}:{worker.pid}"


def _eventually(
    get: Callable[[], JobRecord | None], ok: Callable[[JobRecord], bool], timeout_s: float = 60.0
) -> JobRecord:
    deadline = time.monotonic() + timeout_s
    while True:
        value = get()
        if value is not None and ok(value):
            return value
        assert time.monotonic() < deadline, value
        time.sleep(0.05)

"""Recorded clips: uploaded, checked, analysed as a job into a session like a live one
(on the replay estimator), deleted afterwards; refusals say what was wrong, never 500."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from pose.recording import save_observations
from pose.types import Observation
from server.api.records.uploads import FORM_OVERHEAD_BYTES
from server.api.state import app_state
from server.jobs.child import ChildAnalysis
from server.jobs.recipes import ReplayRecipe
from tests.server.clients import Client
from tests.server.live_server import RunningServer, running_server
from tests.server.replay import REPLAY_REPS
from tests.server.uploads import plain_clip, upload, wait_for_job

MAX_BYTES = 1_000_000


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, replay_factory: object
) -> Iterator[RunningServer]:
    with running_server(
        tmp_path_factory.mktemp("data"),
        estimator_factory=replay_factory,  # type: ignore[arg-type]
        upload_max_bytes=MAX_BYTES,
        upload_max_duration_s=60.0,
    ) as running:
        yield running


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return plain_clip(tmp_path_factory.mktemp("clips") / "bridge.mp4").read_bytes()


def _uploads_left(server: RunningServer) -> list[Path]:
    folder = server.settings.data_dir / "uploads"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_a_patients_clip_becomes_a_session_and_is_deleted(
    server: RunningServer, patient: Client, clip: bytes
) -> None:
    r = upload(patient.http, "/api/recordings", clip)
    assert r.status_code == 202, r.text
    job = wait_for_job(patient.http, r.json()["job_id"])
    assert job["state"] == "done", job
    assert job["progress"] == 1.0
    assert job["error"] is None
    assert set(job["seen"]) <= {"queued", "running", "done"}
    detail = patient.http.get(f"/api/sessions/{job['session_id']}").json()
    assert detail["summary"]["reps"] == REPLAY_REPS
    assert detail["summary"]["finished"] is True
    assert detail["session"]["user_id"] == patient.user["id"]
    assert len(detail["metrics"]) == detail["session"]["frames_received"] > 0
    listed = [s["session_id"] for s in patient.http.get("/api/sessions").json()]
    assert job["session_id"] in listed
    assert _uploads_left(server) == []


def test_a_therapist_uploads_for_their_own_patient_only(
    server: RunningServer, therapist: Client, patient: Client, clip: bytes
) -> None:
    pid = patient.user["id"]
    r = upload(therapist.http, f"/api/patients/{pid}/recordings", clip)
    assert r.status_code == 202, r.text
    job = wait_for_job(therapist.http, r.json()["job_id"])
    assert job["state"] == "done"
    # The patient sees the session the therapist's upload made, and its job.
    assert patient.http.get(f"/api/sessions/{job['session_id']}").status_code == 200
    assert patient.http.get(f"/api/jobs/{job['job_id']}").status_code == 200
    # Not a stranger's patient, nor a patient uploading for someone.
    users = app_state(server.app).users
    other = users.create_user("other_therapist", "pw-other-1", "therapist")
    stranger = users.create_user("stranger", "pw-stranger-1", "patient", therapist=other.username)
    assert (
        upload(therapist.http, f"/api/patients/{stranger.id}/recordings", clip).status_code == 404
    )
    assert upload(patient.http, f"/api/patients/{pid}/recordings", clip).status_code == 404
    assert upload(therapist.http, "/api/recordings", clip).status_code == 403
    with Client.login(server, "stranger", "pw-stranger-1") as s:
        assert s.http.get(f"/api/jobs/{job['job_id']}").status_code == 404
    with Client.login(server, "other_therapist", "pw-other-1") as o:
        assert o.http.get(f"/api/jobs/{job['job_id']}").status_code == 404
    assert _uploads_left(server) == []


def test_uploading_needs_a_login(server: RunningServer, clip: bytes) -> None:
    import httpx

    with httpx.Client(base_url=server.base_url) as anonymous:
        assert upload(anonymous, "/api/recordings", clip).status_code == 401
        assert anonymous.get("/api/jobs/nope").status_code == 401


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"just some text, not a video\n" * 20, 422, "unsupported_video"),
        (b"\x89PNG\r\n\x1a\n" + bytes(500), 422, "unsupported_video"),
        (b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8, 422, "corrupt_video"),
        (b"\x00\x00\x00\x18ftypmp42" + bytes(MAX_BYTES), 413, "video_too_large"),
    ],
    ids=["text", "png", "corrupt-mp4", "too-large"],
)
def test_a_bad_file_is_refused_with_its_code_and_deleted(
    server: RunningServer, patient: Client, data: bytes, status: int, code: str
) -> None:
    r = upload(patient.http, "/api/recordings", data)
    assert r.status_code == status, r.text
    assert r.json()["code"] == code
    assert _uploads_left(server) == []


def test_an_unknown_exercise_is_refused(patient: Client, clip: bytes) -> None:
    r = upload(patient.http, "/api/recordings", clip, exercise="cartwheel")
    assert r.status_code == 422
    assert r.json()["code"] == "unknown_exercise"


def test_a_too_long_clip_is_refused(server: RunningServer, patient: Client, tmp_path: Path) -> None:
    long_clip = plain_clip(tmp_path / "long.mp4", frames=70, fps=1.0)  # 70 s > 60 s
    r = upload(patient.http, "/api/recordings", long_clip.read_bytes())
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "video_too_long"
    assert _uploads_left(server) == []


def test_a_clip_with_nobody_fails_its_job_and_leaves_no_session(
    server: RunningServer, patient: Client, tmp_path: Path
) -> None:
    """A recording of nobody replayed in the analysis child (in the bridge's place for
    this test): the job fails with no_person_in_video and the frames it recorded are
    discarded."""
    before = len(patient.http.get("/api/sessions").json())
    state = app_state(server.app)
    real = state.uploads.analysis
    nobody = tmp_path / "nobody.npz"
    save_observations(nobody, [Observation(i * 100, None) for i in range(10)])
    state.uploads.analysis = ChildAnalysis(ReplayRecipe(nobody), memory_mb=2048)
    try:
        clip = plain_clip(tmp_path / "empty.mp4", frames=10)
        r = upload(patient.http, "/api/recordings", clip.read_bytes())
        job = wait_for_job(patient.http, r.json()["job_id"])
    finally:
        state.uploads.analysis = real
    assert job["state"] == "failed"
    assert job["error"] == "no_person_in_video"
    assert job["session_id"] is None
    assert len(patient.http.get("/api/sessions").json()) == before
    assert _uploads_left(server) == []


def test_a_restart_marks_the_jobs_it_interrupted_failed(
    tmp_path: Path, replay_factory: object
) -> None:
    from fastapi.testclient import TestClient

    from server.api.app import create_app
    from server.jobs.runner import server_owner
    from server.settings import Settings
    from server.store.db import Database
    from server.store.jobs import JobStore
    from server.store.users import UserStore

    settings = Settings(data_dir=tmp_path, create_demo_users=False)
    db = Database(settings.database)
    patient = UserStore(db, 60.0).create_user("restarted", "pw-restart-1", "patient")
    jobs = JobStore(db)
    owner = server_owner(tmp_path)  # this server's runner, in its previous life
    running = jobs.create(patient.id, patient.id, "bridge", owner=owner, lease_s=3600.0)
    jobs.start(running, owner, 3600.0)
    queued = jobs.create(patient.id, patient.id, "bridge", owner=owner, lease_s=3600.0)
    elsewhere = jobs.create(patient.id, patient.id, "bridge", owner="worker:b:1", lease_s=3600.0)
    db.close()
    left = tmp_path / "uploads" / "left-by-a-crash.upload"
    left.parent.mkdir()
    left.write_bytes(b"a patient's clip")
    app = create_app(settings, estimator_factory=replay_factory)  # type: ignore[arg-type]
    with TestClient(app) as client:
        token = client.post(
            "/api/login", json={"username": "restarted", "password": "pw-restart-1"}
        ).json()["token"]
        for job_id in (running, queued):
            body = client.get(f"/api/jobs/{job_id}", headers={"Authorization": f"Bearer {token}"})
            assert body.json()["job_id"] == job_id
            assert (body.json()["state"], body.json()["error"]) == ("failed", "interrupted")
        # A live worker's job (its lease still runs) is not the restarted server's.
        body = client.get(f"/api/jobs/{elsewhere}", headers={"Authorization": f"Bearer {token}"})
        assert body.json()["state"] == "queued"
    assert not left.exists()  # the interrupted jobs' clips are deleted on start


def test_a_clip_declared_over_the_limit_is_refused_before_it_is_read(
    server: RunningServer, patient: Client
) -> None:
    """Only the headers are sent, declaring a body well over the limit: the answer is
    413 at once, so the server neither waits for nor stores any of it."""
    declared = MAX_BYTES + FORM_OVERHEAD_BYTES + 50_000_000
    cookie = "; ".join(f"{k}={v}" for k, v in patient.http.cookies.items())
    head = (
        "POST /api/recordings HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{server.settings.port}\r\n"
        f"Cookie: {cookie}\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {declared}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.settings.port), timeout=10) as conn:
        conn.sendall(head.encode("ascii") + b"--x\r\n")  # a few bytes of the body, no more
        answer = conn.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    assert _uploads_left(server) == []

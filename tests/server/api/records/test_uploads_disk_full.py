"""A disk with no room for an upload: 503 with Retry-After at once, never a 500, and no
partial clip left. The full disk is the kernel's own refusal: the process's file-size
limit (RLIMIT_FSIZE, with SIGXFSZ ignored, so a write past it fails with EFBIG)."""

from __future__ import annotations

import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from server.api.state import app_state
from tests.server.uploads import MP4

ROOM_BYTES = 256 * 1024


@contextmanager
def _disk_full_past(limit_bytes: int) -> Iterator[None]:
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_an_upload_the_disk_has_no_room_for_is_503_and_leaves_nothing(
    app_client: TestClient, tmp_path: Path
) -> None:
    assert isinstance(app_client.app, FastAPI)
    app_state(app_client.app).users.create_user("anna", "anna-wachtwoord", "patient")
    login = app_client.post("/api/login", json={"username": "anna", "password": "anna-wachtwoord"})
    assert login.status_code == 200
    # Bigger than the room, smaller than the form parser keeps in memory (1 MB).
    clip = b"\x00\x00\x00\x18ftypmp42" + bytes(3 * ROOM_BYTES)
    with _disk_full_past(ROOM_BYTES):
        r = app_client.post(
            "/api/recordings", files={"file": ("clip.mp4", clip, MP4)}, data={"exercise": "bridge"}
        )
    assert r.status_code == 503, r.text
    assert r.json()["detail"]["code"] == "upload_queue_full"  # the page: try again later
    assert r.headers["Retry-After"] == "5"
    uploads = tmp_path / "uploads"
    assert not uploads.exists() or list(uploads.iterdir()) == []

"""A disk with no room for an upload: 503 with Retry-After at once, never a 500 or a 400,
and no partial clip left, whether the disk fills while the clip is saved or while the
form parser spools it (a file over 1 MB goes to a temporary file first). The full disk
is the kernel's own refusal: the process's file-size limit (RLIMIT_FSIZE, with SIGXFSZ
ignored, so a write past it fails with EFBIG), or a full tmpfs (ENOSPC) as the
temporary folder, where this machine lets the test mount one."""

from __future__ import annotations

import resource
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from server.api.state import app_state
from tests.server.disks import small_tmpfs
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


def _login(app_client: TestClient) -> None:
    assert isinstance(app_client.app, FastAPI)
    app_state(app_client.app).users.create_user("anna", "anna-wachtwoord", "patient")
    login = app_client.post("/api/login", json={"username": "anna", "password": "anna-wachtwoord"})
    assert login.status_code == 200


def _refused_for_no_room(r: Response, uploads: Path) -> None:
    assert r.status_code == 503, r.text
    assert r.json()["code"] == "upload_queue_full"  # the page: try again later
    assert r.headers["Retry-After"] == "5"
    assert not uploads.exists() or list(uploads.iterdir()) == []


@pytest.mark.parametrize("fault", ["EFBIG", "ENOSPC"])
def test_a_disk_too_full_to_spool_the_upload_is_503_and_leaves_nothing(
    app_client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    """The form parser's temporary file cannot grow (FastAPI answered 400: a body it
    could not parse); the temporary folder is left with nothing in use."""
    _login(app_client)
    clip = b"\x00\x00\x00\x18ftypmp42" + bytes(3 << 20)  # spooled to disk past 1 MB
    with ExitStack() as stack:
        if fault == "ENOSPC":
            spool = stack.enter_context(small_tmpfs(tmp_path / "tmpfs", 512 * 1024))
        else:
            spool = tmp_path / "spool"
            spool.mkdir()
            stack.enter_context(_disk_full_past(ROOM_BYTES))
        monkeypatch.setattr(tempfile, "tempdir", str(spool))
        r = app_client.post(
            "/api/recordings", files={"file": ("clip.mp4", clip, MP4)}, data={"exercise": "bridge"}
        )
        if fault == "ENOSPC":  # the spooled part's file is closed: its room is free again
            assert shutil.disk_usage(spool).used == 0
        assert list(spool.iterdir()) == []
    _refused_for_no_room(r, tmp_path / "uploads")


def test_an_upload_the_disk_has_no_room_for_is_503_and_leaves_nothing(
    app_client: TestClient, tmp_path: Path
) -> None:
    _login(app_client)
    # Bigger than the room, smaller than the form parser keeps in memory (1 MB).
    clip = b"\x00\x00\x00\x18ftypmp42" + bytes(3 * ROOM_BYTES)
    with _disk_full_past(ROOM_BYTES):
        r = app_client.post(
            "/api/recordings", files={"file": ("clip.mp4", clip, MP4)}, data={"exercise": "bridge"}
        )
    _refused_for_no_room(r, tmp_path / "uploads")

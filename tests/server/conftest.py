"""Fixtures for server tests: databases (SQLite and PostgreSQL), a real uvicorn,
logged-in clients, camera frames.

`server` (and its `patient`) runs on the replay estimator: no model. `model_server` (and
`model_patient`) runs the model, for the tests about it (mark them real_model). Both run
on a `ManualClock` that stands still until a test moves it (tests/server/pacing.py).
`app_client` is the app in-process (FastAPI's TestClient) on the replay estimator, on a
`ManualClock` too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from fastapi.testclient import TestClient

from exercises.registry import SPECS
from server.api import app as app_module
from server.api.app import create_app
from server.clock import ManualClock
from server.live.inference import EstimatorFactory
from server.settings import Settings
from server.store.db import Database
from tests.conftest import shared_videos_dir
from tests.server.clients import Client
from tests.server.databases import DATABASES, SERVER_DATABASE_ENV, fresh_database_url
from tests.server.live_server import RunningServer, running_server

BRIDGE_CLIP = "bridge_side_darebee_beprojects2018_01.mp4"


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database's URL, on SQLite and on PostgreSQL, fresh for each test."""
    with fresh_database_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """The fresh database, upgraded to the newest schema; closed afterwards."""
    database = Database(database_url)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture(scope="module")
def server_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str | None]:
    """The booted app's database URL: None (the embedded SQLite file in its data dir),
    or PostgreSQL for all with $FORMCHECK_TEST_SERVER_DATABASE=postgresql; a module asks
    for both with `tests.server.databases.on_both_databases`."""
    kind = getattr(request, "param", os.environ.get(SERVER_DATABASE_ENV) or "sqlite")
    if kind == "sqlite":
        yield None
        return
    with fresh_database_url(kind, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    replay_factory: EstimatorFactory,
    server_database: str | None,
) -> Iterator[RunningServer]:
    with running_server(
        tmp_path_factory.mktemp("data"),
        estimator_factory=replay_factory,
        clock=ManualClock(),
        resume_grace_s=60.0,
        database_url=server_database,
    ) as running:
        yield running


@pytest.fixture(scope="module")
def model_server(
    tmp_path_factory: pytest.TempPathFactory, server_database: str | None
) -> Iterator[RunningServer]:
    with running_server(
        tmp_path_factory.mktemp("data"),
        clock=ManualClock(),
        resume_grace_s=60.0,
        database_url=server_database,
    ) as running:
        yield running


@pytest.fixture
def app_client(
    tmp_path: Path, replay_factory: EstimatorFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    """`create_app` in-process on the replay estimator, its lifespan run; no demo users.
    Loading the model fails the test: with an estimator injected the app never needs it."""

    def no_model(*args: object, **kwargs: object) -> None:
        raise AssertionError("create_app loaded the model although an estimator was injected")

    monkeypatch.setattr(app_module, "load_model_bundle", no_model)
    settings = Settings(data_dir=tmp_path, create_demo_users=False)
    app = create_app(settings, estimator_factory=replay_factory, clock=ManualClock())
    with TestClient(app) as client:
        yield client


def _patient(server: RunningServer) -> Client:
    user, password = server.credentials()["patient"]
    return Client.login(server, user, password)


@pytest.fixture
def patient(server: RunningServer) -> Iterator[Client]:
    with _patient(server) as client:
        yield client


@pytest.fixture
def model_patient(model_server: RunningServer) -> Iterator[Client]:
    with _patient(model_server) as client:
        yield client


@pytest.fixture
def exercise_name() -> str:
    if not SPECS:
        pytest.skip("no exercise package is registered yet (exercises/<name>/)")
    return "bridge" if "bridge" in SPECS else next(iter(SPECS))


def jpeg(image: np.ndarray, quality: int = 80) -> bytes:
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return buf.tobytes()


def clip_frames(
    name: str, every: int = 1, limit: int | None = None, width: int = 640
) -> list[bytes]:
    """JPEG frames of a real clip (every n-th), scaled to `width`; skips when absent."""
    path: Path = shared_videos_dir() / name
    if not path.is_file():
        pytest.skip(f"clip {path} not found (set FORMCHECK_SHARED_VIDEOS)")
    cap = cv2.VideoCapture(str(path))
    frames: list[bytes] = []
    index = 0
    while limit is None or len(frames) < limit:
        ok, image = cap.read()
        if not ok:
            break
        if index % every == 0:
            h, w = image.shape[:2]
            frames.append(jpeg(cv2.resize(image, (width, round(h * width / w)))))
        index += 1
    cap.release()
    return frames


@pytest.fixture(scope="session")
def bridge_frames() -> list[bytes]:
    """The darebee bridge clip at 1/3 of its 24 fps (8 fps), 640 px wide."""
    return clip_frames(BRIDGE_CLIP, every=3)

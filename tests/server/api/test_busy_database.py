"""A database locked by another process answers 503 with Retry-After within the busy
timeout (not a 500 after half a minute), and the app goes on once the lock is gone."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from server.api.app import create_app
from server.api.state import app_state
from server.live.inference import EstimatorFactory
from server.settings import Settings

BUSY_S = 0.3


@pytest.fixture
def client(tmp_path: Path, replay_factory: EstimatorFactory) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path, create_demo_users=False, database_busy_s=BUSY_S)
    with TestClient(create_app(settings, estimator_factory=replay_factory)) as running:
        app_state(running.app).users.create_user("anna", "anna-wachtwoord", "patient")  # type: ignore[arg-type]
        yield running


def test_a_locked_database_answers_503_at_once_and_the_app_goes_on(
    client: TestClient, tmp_path: Path
) -> None:
    login = {"username": "anna", "password": "anna-wachtwoord"}
    other = sqlite3.connect(tmp_path / "formcheck.sqlite3", isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
        began = time.monotonic()
        r = client.post("/api/login", json=login)  # a login writes its row
        took_s = time.monotonic() - began
        assert r.status_code == 503, r.text
        assert r.headers["Retry-After"] == "5"
        assert r.json()["detail"]["code"] == "database_busy"
        assert took_s < BUSY_S + 2.0
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert client.post("/api/login", json=login).status_code == 200

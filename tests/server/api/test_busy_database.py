"""A database locked by another process answers 503 with Retry-After within the busy
timeout (not a 500 after half a minute), on SQLite and on PostgreSQL, and the app goes
on once the lock is gone; so does a database whose disk is full (SQLite on a full
tmpfs: "database or disk is full")."""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from server.api.app import create_app
from server.api.state import app_state
from server.live.inference import EstimatorFactory
from server.settings import Settings
from tests.server.disks import small_tmpfs

BUSY_S = 0.3


@contextmanager
def _locked(database_url: str, tmp_path: Path) -> Iterator[None]:
    """Another process holds the lock a login's write needs."""
    if database_url.startswith("sqlite"):
        other = sqlite3.connect(tmp_path / "formcheck.sqlite3", isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(text("LOCK TABLE logins IN ACCESS EXCLUSIVE MODE"))
            yield  # the lock ends with the transaction
    finally:
        engine.dispose()


def test_a_locked_database_answers_503_at_once_and_the_app_goes_on(
    database_url: str, tmp_path: Path, replay_factory: EstimatorFactory
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        database_url=None if database_url.startswith("sqlite") else database_url,
        create_demo_users=False,
        database_busy_s=BUSY_S,
    )
    login = {"username": "anna", "password": "anna-wachtwoord"}
    with TestClient(create_app(settings, estimator_factory=replay_factory)) as client:
        assert isinstance(client.app, FastAPI)
        app_state(client.app).users.create_user("anna", "anna-wachtwoord", "patient")
        with _locked(database_url, tmp_path):
            began = time.monotonic()
            r = client.post("/api/login", json=login)  # a login writes its row
            took_s = time.monotonic() - began
        assert r.status_code == 503, r.text
        assert r.headers["Retry-After"] == "5"
        assert "busy" in r.json()["message"]
        assert took_s < BUSY_S + 2.0
        assert client.post("/api/login", json=login).status_code == 200


def _fill(disk: Path) -> Path:
    """A file that takes every byte left on `disk`; returns it."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (1 << 20, 4096, 1):
            while True:
                try:
                    os.write(fd, bytes(chunk))
                except OSError as err:
                    if err.errno != errno.ENOSPC:
                        raise
                    break
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_under_the_database_answers_503_and_the_app_goes_on(
    tmp_path: Path, replay_factory: EstimatorFactory
) -> None:
    login = {"username": "anna", "password": "anna-wachtwoord"}
    with small_tmpfs(tmp_path / "disk", 16 << 20) as disk:
        settings = Settings(data_dir=disk, create_demo_users=False)
        with TestClient(create_app(settings, estimator_factory=replay_factory)) as client:
            assert isinstance(client.app, FastAPI)
            app_state(client.app).users.create_user("anna", "anna-wachtwoord", "patient")
            filler = _fill(disk)
            r = client.post("/api/login", json=login)  # a login writes its row
            assert r.status_code == 503, r.text
            assert r.headers["Retry-After"] == "5"
            filler.unlink()
            assert client.post("/api/login", json=login).status_code == 200

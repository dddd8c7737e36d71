"""Health data stays private: the SQLite database with its -wal and -shm files, the TLS
key and the first-run credentials are 0600 in 0700 folders, whatever the umask."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from exercises.base import Prescription
from server.api.bootstrap import ensure_demo_users
from server.cli.tls import ensure_certificate
from server.store.db import Database
from server.store.recording import SessionStore
from server.store.users import UserStore


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """A umask that would leave new files readable by everyone (0644)."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_the_database_and_its_wal_and_shm_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "formcheck.sqlite3"
    db = Database(path)
    try:
        users = UserStore(db, 60.0)
        user = users.create_user("anna", "anna-wachtwoord", "patient")
        SessionStore(db).create(user.id, "bridge", Prescription(), None)
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
        assert wal.is_file()  # the writes are in the WAL, not yet checkpointed
        assert shm.is_file()
        assert {p.name: _mode(p) for p in (path, wal, shm)} == {
            "formcheck.sqlite3": 0o600,
            "formcheck.sqlite3-wal": 0o600,
            "formcheck.sqlite3-shm": 0o600,
        }
        assert _mode(path.parent) == 0o700
    finally:
        db.close()


def test_a_database_left_readable_by_an_older_version_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "formcheck.sqlite3"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    tmp_path.chmod(0o755)
    Database(path).close()
    assert _mode(path) == 0o600
    assert _mode(tmp_path) == 0o700


def test_the_first_run_credentials_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    db = Database(tmp_path / "db" / "formcheck.sqlite3")
    try:
        creds = ensure_demo_users(UserStore(db, 60.0), data)
    finally:
        db.close()
    assert creds is not None
    assert _mode(creds.path) == 0o600
    assert _mode(data) == 0o700


def test_the_tls_key_is_private(tmp_path: Path) -> None:
    _, key = ensure_certificate(tmp_path, ["localhost"])
    assert _mode(key) == 0o600
    assert _mode(key.parent) == 0o700
    key.chmod(0o644)  # as an older version or a careless copy may have left it
    ensure_certificate(tmp_path, ["localhost"])
    assert _mode(key) == 0o600

"""`formcheck db upgrade|current`: migrations on demand, on SQLite or PostgreSQL by URL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import make_url
from typer.testing import CliRunner

from server.cli.main import app
from server.settings import DATABASE_URL_ENV
from server.store.db import Database
from server.store.migrate import head_revision
from server.store.users import UserStore
from tests.server.store.test_upgrade_from_before_migrations import write_old_database


def test_upgrade_adopts_a_database_from_before_migrations(tmp_path: Path) -> None:
    write_old_database(tmp_path / "formcheck.sqlite3")
    runner = CliRunner()
    done = runner.invoke(app, ["db", "upgrade", "--data-dir", str(tmp_path)])
    assert done.exit_code == 0, done.output
    assert f"revision (none) -> {head_revision()}" in done.output
    again = runner.invoke(app, ["db", "upgrade", "--data-dir", str(tmp_path)])
    assert f"revision {head_revision()} -> {head_revision()}" in again.output
    current = runner.invoke(app, ["db", "current", "--data-dir", str(tmp_path)])
    assert current.output.strip() == f"revision {head_revision()}; newest {head_revision()}"


def test_upgrade_by_url_from_the_environment(database_url: str) -> None:
    """The URL comes from $FORMCHECK_DATABASE_URL (or --database-url); no password shown."""
    done = CliRunner().invoke(app, ["db", "upgrade"], env={DATABASE_URL_ENV: database_url})
    assert done.exit_code == 0, done.output
    assert f"-> {head_revision()}" in done.output
    password = make_url(database_url).password
    if password:
        assert str(password) not in done.output
    db = Database(database_url, upgrade=False)
    try:
        assert UserStore(db, 60.0).count() == 0  # the tables are there
    finally:
        db.close()


def test_a_bad_url_is_one_clear_line(tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["db", "upgrade", "--database-url", "nosuchdb://x"])
    assert done.exit_code == 2
    assert done.output.startswith("formcheck: error:")

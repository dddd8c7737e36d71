"""Migrations: a fresh database is built by them, and a database written before them
(today's `CREATE TABLE IF NOT EXISTS` schema, no alembic_version) upgrades in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from server.store.db import Database
from server.store.migrate import (
    MigrationError,
    alembic_config,
    current_revision,
    head_revision,
    upgrade,
)
from server.store.models import Base


def test_a_fresh_database_is_at_the_newest_revision(db: Database) -> None:
    assert current_revision(db.engine) == head_revision()
    assert upgrade(db.engine) == head_revision()  # again: nothing to do


def test_the_migrations_build_exactly_the_models_schema(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_every_revision_goes_down_and_up_again(db: Database) -> None:
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    assert upgrade(db.engine) == head_revision()


def test_a_database_with_only_some_of_the_old_tables_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "stranger.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
    with pytest.raises(MigrationError, match="not one this app made"):
        Database(path)

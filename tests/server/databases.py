"""Fresh databases for tests: a SQLite file, or a schema of its own on the PostgreSQL
server named by $FORMCHECK_TEST_POSTGRES_URL (.ci/run starts one and always sets it;
without it the PostgreSQL cases are skipped, saying so)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.pool import NullPool

from server.store.db import Database
from server.store.models import Base

__all__ = [
    "DATABASES",
    "POSTGRES_ENV",
    "SERVER_DATABASE_ENV",
    "fresh_database_url",
    "on_both_databases",
    "table_counts",
]

POSTGRES_ENV = "FORMCHECK_TEST_POSTGRES_URL"
# Boots every test app on this database kind (sqlite by default; postgresql to run the
# whole server suite on PostgreSQL).
SERVER_DATABASE_ENV = "FORMCHECK_TEST_SERVER_DATABASE"
DATABASES = ("sqlite", "postgresql")
# For modules whose `server` fixture should boot the app once on each database.
on_both_databases = pytest.mark.parametrize(
    "server_database", DATABASES, indirect=True, scope="module"
)


def postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(
            f"PostgreSQL case: set ${POSTGRES_ENV} to a server URL "
            "(e.g. postgresql+psycopg://user:pw@127.0.0.1:5432/db; .ci/postgres.sh starts one)"
        )
    return url


@contextmanager
def fresh_database_url(kind: str, folder: Path) -> Iterator[str]:
    """A URL to an empty database of `kind`, dropped afterwards (PostgreSQL: a new schema,
    made the connections' search_path)."""
    if kind == "sqlite":
        yield make_url(f"sqlite:///{folder / 'formcheck.sqlite3'}").render_as_string()
        return
    if kind != "postgresql":
        raise ValueError(f"database kind must be one of {DATABASES}, got {kind!r}")
    base = make_url(postgres_base_url())
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base, poolclass=NullPool)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = base.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def table_counts(db: Database) -> dict[str, int]:
    """Every table's row count (what a test expects to grow, stay or shrink)."""
    with db.session() as s:
        return {
            name: int(s.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in Base.metadata.tables.items()
        }

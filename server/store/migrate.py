"""Schema migrations with Alembic, run in code (no alembic.ini): the app upgrades its
database on start-up, `formcheck db upgrade` does it on demand.

A database written before migrations existed has today's first tables and no
`alembic_version`: it is recognised, stamped with the first revision and upgraded in
place, never created again.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

__all__ = [
    "FIRST_REVISION",
    "MIGRATIONS_DIR",
    "MigrationError",
    "alembic_config",
    "current_revision",
    "head_revision",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
FIRST_REVISION = "0001"
# The tables the code before migrations made, all at once, on first start.
_FIRST_TABLES = frozenset(
    {"users", "logins", "prescriptions", "workouts", "sessions", "events", "frames"}
)
# One upgrade at a time per PostgreSQL database (the app and `formcheck db upgrade`).
_PG_LOCK_KEY = 0x466F726D  # "Form"


class MigrationError(RuntimeError):
    """The database is in no state a migration can start from; the message says why."""


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the packaged migrations, on `connection` if given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise MigrationError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Bring the database to `revision` (the newest by default); returns where it is now."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        config = alembic_config(conn)
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables and tables & _FIRST_TABLES:
            missing = sorted(_FIRST_TABLES - tables)
            if missing:
                raise MigrationError(
                    f"database has some of the first tables but not {missing}, and no "
                    "alembic_version: not one this app made; refusing to migrate it"
                )
            command.stamp(config, FIRST_REVISION)
        command.upgrade(config, revision)
    return current_revision(engine)

"""`formcheck db upgrade|current`: the database's schema revision (Alembic migrations).

The app upgrades its database on start-up; `formcheck db upgrade` does it on its own,
e.g. before starting a new version against a PostgreSQL server.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from server.settings import DATABASE_URL_ENV, Settings, default_data_dir

if TYPE_CHECKING:
    from server.store.db import Database

# The database layer (SQLAlchemy, Alembic) is imported by the commands that use it: every
# other `formcheck` command, and its errors, start without it.

__all__ = ["DataDirOption", "DatabaseUrlOption", "register", "settings_for"]

db_app = typer.Typer(no_args_is_help=True, help="The database: schema revision and upgrades.")

DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar=DATABASE_URL_ENV,
        help="SQLAlchemy URL, e.g. postgresql+psycopg://user:pw@host/db "
        "(default: the embedded SQLite file in the data folder)",
    ),
]
DataDirOption = Annotated[Path | None, typer.Option(help="The app's data folder (database)")]


def settings_for(data_dir: Path | None, database_url: str | None) -> Settings:
    return Settings(data_dir=data_dir or default_data_dir(), database_url=database_url or None)


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"formcheck: error: {message}\n")
    return typer.Exit(2)


def _open(settings: Settings) -> Database:
    from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415

    from server.store.db import Database  # noqa: PLC0415

    try:
        return Database(settings.database, upgrade=False)
    except (ValueError, SQLAlchemyError) as err:
        raise _fail(str(err)) from None


@db_app.command("upgrade")
def upgrade_command(
    revision: Annotated[str, typer.Option(help="Target revision")] = "head",
    database_url: DatabaseUrlOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Upgrade the schema in place (a database from before migrations is adopted)."""
    from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415

    from server.store.migrate import MigrationError, current_revision, upgrade  # noqa: PLC0415

    db = _open(settings_for(data_dir, database_url))
    try:
        before = current_revision(db.engine)
        after = upgrade(db.engine, revision)
    except (MigrationError, SQLAlchemyError) as err:
        raise _fail(str(err)) from None
    finally:
        db.close()
    where = db.url.render_as_string(hide_password=True)
    sys.stdout.write(f"{where}: revision {before or '(none)'} -> {after}\n")


@db_app.command("current")
def current_command(database_url: DatabaseUrlOption = None, data_dir: DataDirOption = None) -> None:
    """Print the database's schema revision and the newest this version knows."""
    from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415

    from server.store.migrate import current_revision, head_revision  # noqa: PLC0415

    db = _open(settings_for(data_dir, database_url))
    try:
        now = current_revision(db.engine)
    except SQLAlchemyError as err:
        raise _fail(str(err)) from None
    finally:
        db.close()
    sys.stdout.write(f"revision {now or '(none)'}; newest {head_revision()}\n")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")

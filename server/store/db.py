"""The database: an embedded SQLite file (the default, nothing to start) or PostgreSQL by
URL, through one SQLAlchemy engine with a connection pool and a session per unit of work.

Opening a database upgrades its schema (`server.store.migrate`). A SQLite database is
written in WAL mode and is private: the file (and its -wal and -shm files, which SQLite
gives the database file's mode) is 0600 in a 0700 folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from server.private_files import PRIVATE_FILE_MODE, private_file
from server.store.migrate import upgrade as upgrade_schema

__all__ = ["BUSY_S", "Database", "database_url"]

# A writer waits this long for another's commit (SQLite) or lock (PostgreSQL's
# lock_timeout) before failing (the app answers 503: a request waits this long at most,
# not a thread held for half a minute).
BUSY_S = 5.0


def database_url(target: str | Path) -> URL:
    """A SQLAlchemy URL from a URL string or a SQLite file path.

    `postgresql://` means psycopg 3 (the driver we install), as `postgresql+psycopg://`.
    """
    url = (
        URL.create("sqlite", database=str(target)) if isinstance(target, Path) else make_url(target)
    )
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        raise ValueError(f"a SQLite database needs a file path, got {url.render_as_string()!r}")
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL in WAL mode: a committed event survives a crash of the app; only a power
    # cut may lose the last commits.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted rows are overwritten with zeros, not left in free pages (an erased
    # patient's name and notes; SQLite's default depends on how it was built).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _lock_timeout(busy_s: float) -> Callable[[Any, object], None]:
    """PostgreSQL: a statement waits at most `busy_s` for another's lock, then fails
    (answered 503), as SQLite's busy timeout does; set on each new connection."""

    def on_connect(dbapi_connection: Any, _record: object) -> None:
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True  # a SET outside any transaction
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {round(busy_s * 1000)}")
        dbapi_connection.autocommit = autocommit

    return on_connect


def _engine(url: URL, busy_s: float) -> Engine:
    # hide_parameters: an error's text never carries the values of its statement (a
    # patient's name, note, joint angles), wherever it ends up.
    if url.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
        event.listen(engine, "connect", _lock_timeout(busy_s))
        return engine
    path = Path(str(url.database))
    private_file(path)  # before SQLite makes it, so it never exists readable by others
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        if extra.exists():  # left by an older version with the umask's mode
            extra.chmod(PRIVATE_FILE_MODE)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": busy_s},
        hide_parameters=True,
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Database:
    """One database by URL (or SQLite file path); thread-safe, one pool for the app."""

    def __init__(
        self, target: str | Path, *, upgrade: bool = True, busy_s: float | None = None
    ) -> None:
        """`busy_s`: how long a write waits for another's lock (None: BUSY_S)."""
        self.url = database_url(target)
        self.engine = _engine(self.url, BUSY_S if busy_s is None else busy_s)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if upgrade:
            upgrade_schema(self.engine)

    @property
    def dialect(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.url.get_backend_name()

    @property
    def sqlite_path(self) -> Path | None:
        return Path(str(self.url.database)) if self.dialect == "sqlite" else None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back on an error."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A Core connection in one transaction (for raw SQL, as the migrations use)."""
        with self.engine.begin() as conn:
            yield conn

    def checkpoint(self) -> None:
        """SQLite: copy the write-ahead log into the database file and empty it (after an
        erasure: the `-wal` file would keep the erased rows until SQLite's own next
        checkpoint). PostgreSQL: nothing (its WAL is the server's business)."""
        if self.dialect != "sqlite":
            return
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self.engine.dispose()

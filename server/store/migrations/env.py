"""Alembic's environment: migrates the connection that `server.store.migrate` hands
over in its configuration (no alembic.ini; the package carries its migrations)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from server.store.models import Base

__all__: list[str] = []

# Alembic runs this file by its path, under a module name of its own; imported as part
# of the package (by tools and tests) it only defines.
if __name__ != "server.store.migrations.env":
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("run the migrations through server.store.migrate (no connection given)")
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()

"""Alembic migrations of the database (run by server.store.migrate)."""

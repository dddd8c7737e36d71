"""Epoch milliseconds as BIGINT; indexes for the lists; landmarks written as float32.

SQLite's INTEGER already holds 64 bits (and its row-id keys must stay INTEGER), so the
types change on other databases only. Landmark blobs keep their column: new rows are
float32 (33, 7), rows written before stay float64 and are read by their length.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TIMES = {
    "users": ("created_ms",),
    "logins": ("expires_ms",),
    "prescriptions": ("created_ms",),
    "workouts": ("started_ms", "finished_ms"),
    "sessions": ("started_ms", "finished_ms"),
    "events": ("timestamp_ms",),
    "frames": ("timestamp_ms",),
}
_INDEXES = {
    "prescriptions_by_patient": ("prescriptions", ["patient_id", "position"]),
    "sessions_by_user": ("sessions", ["user_id", "started_ms"]),
    "sessions_by_workout": ("sessions", ["workout_id", "started_ms"]),
}


def _retype(to: sa.types.TypeEngine[int], was: sa.types.TypeEngine[int]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, columns in _TIMES.items():
        for column in columns:
            op.alter_column(table, column, type_=to, existing_type=was)


def upgrade() -> None:
    _retype(sa.BigInteger(), sa.Integer())
    for name, (table, columns) in _INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _) in _INDEXES.items():
        op.drop_index(name, table_name=table)
    _retype(sa.Integer(), sa.BigInteger())

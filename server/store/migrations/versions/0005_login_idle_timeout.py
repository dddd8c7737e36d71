"""Logins get a last-seen time (the idle timeout) and an index by user (ending every
login of a user at once: logout, a password change, deactivation).

Logins from before have last seen 0: they count as idle and end, so everyone logs in
once more after the upgrade.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _epoch_ms() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column(
        "logins", sa.Column("last_seen_ms", _epoch_ms(), nullable=False, server_default="0")
    )
    op.create_index("logins_by_user", "logins", ["user_id"])


def downgrade() -> None:
    op.drop_index("logins_by_user", table_name="logins")
    op.drop_column("logins", "last_seen_ms")

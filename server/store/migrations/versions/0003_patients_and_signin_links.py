"""Patients managed in the page: deactivation, one-time sign-in links, and programme
items that keep their dose when switched off, with a note for the patient.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _epoch_ms() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("users", sa.Column("deactivated_ms", _epoch_ms()))
    op.add_column(
        "prescriptions",
        sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.add_column("prescriptions", sa.Column("note", sa.Text, nullable=False, server_default=""))
    op.create_table(
        "signin_links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_sha256", sa.Text, nullable=False, unique=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_ms", _epoch_ms(), nullable=False),
        sa.Column("expires_ms", _epoch_ms(), nullable=False),
        sa.Column("used_ms", _epoch_ms()),
        sa.Column("revoked_ms", _epoch_ms()),
    )
    op.create_index("signin_links_by_user", "signin_links", ["user_id", "created_ms"])


def downgrade() -> None:
    op.drop_index("signin_links_by_user", table_name="signin_links")
    op.drop_table("signin_links")
    op.drop_column("prescriptions", "note")
    op.drop_column("prescriptions", "enabled")
    op.drop_column("users", "deactivated_ms")

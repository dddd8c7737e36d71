"""The analysis jobs of uploaded clips (never the clips) and the patients' intake.

It only adds its own tables.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _epoch_ms() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("uploaded_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("exercise", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("progress", sa.Float, nullable=False, server_default="0"),
        sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id")),
        sa.Column("error_code", sa.Text),
        sa.Column("source_fps", sa.Float),
        sa.Column("created_ms", _epoch_ms(), nullable=False),
        sa.Column("updated_ms", _epoch_ms(), nullable=False),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')"),
    )
    op.create_index("jobs_by_state", "jobs", ["state"])
    op.create_table(
        "intakes",
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("complaints_json", sa.Text, nullable=False),
        sa.Column("red_flags_json", sa.Text, nullable=False),
        sa.Column("updated_ms", _epoch_ms(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("intakes")
    op.drop_index("jobs_by_state", table_name="jobs")
    op.drop_table("jobs")

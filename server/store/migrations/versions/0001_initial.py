"""The schema as it was before migrations (`CREATE TABLE IF NOT EXISTS` at start-up).

A database made by that code has these tables and no `alembic_version`; it is stamped
with this revision, not created again (`server.store.migrate`).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.Text, nullable=False, unique=True),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("therapist_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("language", sa.Text, nullable=False, server_default="nl"),
        sa.Column("created_ms", sa.Integer, nullable=False),
        sa.CheckConstraint("role IN ('patient', 'therapist')"),
    )
    op.create_table(
        "logins",
        sa.Column("token_sha256", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("expires_ms", sa.Integer, nullable=False),
    )
    op.create_table(
        "prescriptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("therapist_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("exercise", sa.Text, nullable=False),
        sa.Column("prescription_json", sa.Text, nullable=False),
        sa.Column("created_ms", sa.Integer, nullable=False),
    )
    op.create_table(
        "workouts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("started_ms", sa.Integer, nullable=False),
        sa.Column("finished_ms", sa.Integer),
        sa.Column("pain_before", sa.Integer),
        sa.Column("pain_after", sa.Integer),
        sa.CheckConstraint("pain_before BETWEEN 0 AND 10"),
        sa.CheckConstraint("pain_after BETWEEN 0 AND 10"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("workout_id", sa.Integer, sa.ForeignKey("workouts.id")),
        sa.Column("exercise", sa.Text, nullable=False),
        sa.Column("prescription_json", sa.Text, nullable=False),
        sa.Column("resume_token_sha256", sa.Text, nullable=False),
        sa.Column("started_ms", sa.Integer, nullable=False),
        sa.Column("finished_ms", sa.Integer),
        sa.Column("frames_received", sa.Integer, nullable=False, server_default="0"),
        sa.Column("frames_dropped", sa.Integer, nullable=False, server_default="0"),
        sa.Column("frames_rejected", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("timestamp_ms", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("body_json", sa.Text, nullable=False),
    )
    op.create_index("events_by_session", "events", ["session_id", "id"])
    op.create_table(
        "frames",
        sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id"), primary_key=True),
        sa.Column("timestamp_ms", sa.Integer, primary_key=True),
        sa.Column("has_pose", sa.Integer, nullable=False),
        sa.Column("landmarks", sa.LargeBinary),  # float64 (33, 7)
        sa.Column("image_w", sa.Integer),
        sa.Column("image_h", sa.Integer),
        sa.Column("signals_json", sa.Text, nullable=False),
        sa.Column("angle_deg", sa.Float),
        sa.Column("phase", sa.Text, nullable=False),
        sa.Column("inference_ms", sa.Float, nullable=False),
    )


def downgrade() -> None:
    for table in ("frames", "events", "sessions", "workouts", "prescriptions", "logins", "users"):
        op.drop_table(table)

"""The safety advice a workout's pain scores called for, as the page gave it
(`server.progress.pain_advice`: stop and contact the therapist), kept for the therapist.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("workouts", sa.Column("pain_advice", sa.Text))


def downgrade() -> None:
    op.drop_column("workouts", "pain_advice")  # SQLite 3.35+ drops columns in place

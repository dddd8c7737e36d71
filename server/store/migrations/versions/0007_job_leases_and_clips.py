"""Jobs that run on other machines: who holds each unfinished job and until when (its
lease), the prescription it is analysed against, and the clip itself while it waits
for a worker (in chunks; deleted when the job ends).

Unfinished jobs of before this revision get an expired lease: the server that held
them has stopped (it is being upgraded), so the first sweep marks them interrupted.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _epoch_ms() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("jobs", sa.Column("prescription_json", sa.Text))
    op.add_column("jobs", sa.Column("owner", sa.Text))
    op.add_column("jobs", sa.Column("lease_until_ms", _epoch_ms()))
    op.execute("UPDATE jobs SET lease_until_ms = 0 WHERE state IN ('queued', 'running')")
    op.create_table(
        "job_clips",
        sa.Column("job_id", sa.Text, sa.ForeignKey("jobs.id"), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("job_clips")
    for column in ("lease_until_ms", "owner", "prescription_json"):
        op.drop_column("jobs", column)  # SQLite 3.35+ drops columns in place

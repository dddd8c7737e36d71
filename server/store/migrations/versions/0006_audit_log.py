"""The audit log: who read or changed whose data, when and from where. Append-only:
triggers refuse every UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) of its rows.

It only adds its own table, index and triggers.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_REFUSAL = "audit_log is append-only"
_SQLITE_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")


def _epoch_ms() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at_ms", _epoch_ms(), nullable=False),
        sa.Column("actor_id", sa.Integer),
        sa.Column("actor_role", sa.Text),
        sa.Column("patient_id", sa.Integer),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("object_id", sa.Text),
        sa.Column("client", sa.Text),
    )
    op.create_index("audit_log_by_patient", "audit_log", ["patient_id", "id"])
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{_REFUSAL}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse()"
        )
        return
    for name, verb in zip(_SQLITE_TRIGGERS, ("UPDATE", "DELETE"), strict=True):
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {verb} ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END"
        )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_refuse()")
    else:
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.drop_index("audit_log_by_patient", table_name="audit_log")
    op.drop_table("audit_log")

"""Every row of one patient, found through the models' foreign keys: their user row,
each row that references it (sessions, workouts, programme, intake, jobs, sign-in links,
logins) and each row that references one of those (events, frames), and so on. A new
table that references a patient's rows is found without a change here.

`rows_of` reads them (the export: no password hash or token hash), `erase` deletes them,
children first. The audit log has no foreign keys: it is not a patient's row but the
record of what was done with them, kept (ids only) through an erasure.
"""

from __future__ import annotations

import base64
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, false, or_, select
from sqlalchemy.orm import Session

from server.store.models import Base, UserRow

__all__ = ["SECRET_COLUMNS", "VIDEO_COLUMNS", "erase", "rows_of"]

# Kept out of an export: what would let someone log in, not data about the patient.
SECRET_COLUMNS = frozenset(
    {
        ("users", "password_hash"),
        ("logins", "token_sha256"),
        ("signin_links", "token_sha256"),
        ("sessions", "resume_token_sha256"),
    }
)
# Kept out of an export too: the clip of a job still waiting for a worker (video is never
# handed out; it is deleted when its job ends). The job's row says it was there.
VIDEO_COLUMNS = frozenset({("job_clips", "data")})
_USERS: Table = UserRow.__table__  # type: ignore[assignment]


def _membership(patient_id: int) -> dict[str, ColumnElement[bool]]:
    """Table name -> the condition its rows of the patient meet (tables with none left out)."""
    found: dict[str, ColumnElement[bool]] = {_USERS.name: _USERS.c.id == patient_id}
    for table in Base.metadata.sorted_tables:  # parents before children
        if table.name == _USERS.name:
            continue
        conditions = [
            fk.parent.in_(select(fk.column).where(found[fk.column.table.name]))
            for fk in table.foreign_keys
            if fk.column.table.name in found
        ]
        if conditions:
            found[table.name] = or_(false(), *conditions)
    return found


def _plain(value: object) -> object:
    if isinstance(value, bytes):  # landmarks: float32 (33, 7), see server.store.landmarks
        return base64.b64encode(value).decode("ascii")
    return value


def rows_of(s: Session, patient_id: int) -> dict[str, list[dict[str, Any]]]:
    """Table name -> every row of the patient's in it (secrets and video left out), by
    primary key."""
    out: dict[str, list[dict[str, Any]]] = {}
    left_out = SECRET_COLUMNS | VIDEO_COLUMNS
    for name, where in _membership(patient_id).items():
        table = Base.metadata.tables[name]
        columns = [c for c in table.columns if (name, c.name) not in left_out]
        query = select(*columns).where(where).order_by(*table.primary_key.columns)
        out[name] = [{k: _plain(v) for k, v in row._mapping.items()} for row in s.execute(query)]
    return out


def erase(s: Session, patient_id: int) -> dict[str, int]:
    """Delete every row of the patient's, children first; table name -> rows deleted."""
    membership = _membership(patient_id)
    deleted: dict[str, int] = {}
    for table in reversed(Base.metadata.sorted_tables):
        where = membership.get(table.name)
        if where is not None:
            result = s.execute(delete(table).where(where))
            deleted[table.name] = int(result.rowcount)  # type: ignore[attr-defined]
    return deleted

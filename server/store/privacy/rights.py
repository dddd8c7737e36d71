"""A patient's rights to their data (GDPR art. 15, 20 and 17): every row of theirs as
plain values, and their erasure, which leaves only the audit log's entries (ids, no
names) and the entry of the erasure itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from server.store.db import Database
from server.store.models import AuditRow, JobRow
from server.store.privacy.audit import AuditEntry, AuditStore, append
from server.store.privacy.rows import erase, rows_of
from server.store.users import User

__all__ = ["ErasureError", "PatientData"]


class ErasureError(ValueError):
    """Only a patient's data is erased, and not while a clip of theirs is being analysed
    (the analysis would write a session for them afterwards); the message says which."""


class PatientData:
    def __init__(self, db: Database, audit: AuditStore) -> None:
        self._db = db
        self._audit = audit

    def rows(self, patient: User) -> dict[str, list[dict[str, Any]]]:
        """Table name -> the patient's rows, the audit log's left out: its entries about
        or by them are `audit_entries`, which the export writes as the audit route does."""
        with self._db.session() as s:
            tables = rows_of(s, patient.id)
        tables.pop(AuditRow.__tablename__, None)
        return tables

    def audit_entries(self, patient: User) -> list[AuditEntry]:
        """The audit entries about or by the patient, oldest first."""
        return self._audit.of_patient(patient.id)

    def erase(self, patient: User, entry: AuditEntry) -> dict[str, int]:
        """Delete every row of `patient` and append `entry` (the erasure's own audit
        entry) in one transaction; table name -> rows deleted. On SQLite nothing of the
        patient's is left in the files after: deleted rows are zeroed (secure_delete)
        and the write-ahead log is checkpointed and emptied."""
        if patient.role != "patient":
            raise ErasureError(
                f"only a patient's data is erased, {patient.username} is a {patient.role}"
            )
        with self._db.session() as s:
            busy = s.scalar(
                select(func.count())
                .select_from(JobRow)
                .where(JobRow.user_id == patient.id, JobRow.state == "running")
            )
            if busy:
                raise ErasureError(
                    f"{busy} recorded clips of patient {patient.id} are being analysed; "
                    "erase when they are done"
                )
            deleted = erase(s, patient.id)
            append(s, [entry], self._audit.clock.wall_ms())
        self._db.checkpoint()  # the rows' old copies out of SQLite's -wal file
        return deleted

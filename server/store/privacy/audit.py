"""The audit log (NEN 7513): every read and change of a patient's data and every login,
written here only, as one of the `Action` codes below.

An entry holds ids and codes only: who (user id and role, or None), whose data (the
patient's id), what (the action and an object id: a session, job, link or rep), when
(epoch ms) and from where (the peer address the server saw; behind a reverse proxy
only a trusted one's forwarded address, `Settings.trusted_proxies`). Never a name, a
token or a health value. The table is append-only: this module has no update or
delete, and database triggers refuse them (revision 0006).

A patient's id may come back after an erasure on SQLite (a row id is reused when the
highest is deleted): a patient's log starts after the last erasure entry of their id,
so a new patient never sees an erased one's entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, func, insert, or_, select
from sqlalchemy.orm import Session

from server.clock import SYSTEM_CLOCK, Clock
from server.store.db import Database
from server.store.models import AuditRow
from server.store.privacy.page import MAX_PAGE
from server.store.users import User

__all__ = [
    "OBJECT_KINDS",
    "Action",
    "AuditEntry",
    "AuditPage",
    "AuditStore",
    "append",
]


class Action(StrEnum):
    """What was done: the one table of audit codes (the page says each in words)."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - an action code, not a password
    SIGNIN_LINK_USED = "signin_link_used"
    SIGNIN_LINK_REFUSED = "signin_link_refused"
    PATIENTS_LISTED = "patients_listed"
    PATIENT_ADDED = "patient_added"
    PATIENT_EDITED = "patient_edited"
    PATIENT_DEACTIVATED = "patient_deactivated"
    PATIENT_ACTIVATED = "patient_activated"
    PATIENT_EXPORTED = "patient_exported"
    PATIENT_ERASED = "patient_erased"
    SIGNIN_LINKS_READ = "signin_links_read"
    SIGNIN_LINK_CREATED = "signin_link_created"
    SIGNIN_LINK_REVOKED = "signin_link_revoked"
    SIGNIN_LINKS_REVOKED = "signin_links_revoked"
    PROGRAMME_READ = "programme_read"
    PROGRAMME_CHANGED = "programme_changed"
    PROGRESS_READ = "progress_read"
    WORKOUT_STARTED = "workout_started"
    PAIN_RECORDED = "pain_recorded"  # rows before the moment was told apart (issue 25)
    PAIN_BEFORE_RECORDED = "pain_before_recorded"
    PAIN_AFTER_RECORDED = "pain_after_recorded"
    SESSION_CREATED = "session_created"
    SESSIONS_LISTED = "sessions_listed"
    SESSION_READ = "session_read"
    SESSION_RESUMED = "session_resumed"
    SESSION_CONNECTED = "session_connected"
    SESSION_FINISHED = "session_finished"
    REPORT_VIEWED = "report_viewed"
    REPORT_PDF = "report_pdf"
    REPORT_CSV = "report_csv"
    REPORT_JSON = "report_json"
    REP_LANDMARKS_READ = "rep_landmarks_read"
    INTAKE_READ = "intake_read"
    INTAKE_SAVED = "intake_saved"
    RECORDING_UPLOADED = "recording_uploaded"
    JOB_READ = "job_read"
    AUDIT_READ = "audit_read"


# What an action's object id names, so the page says "workout 2", never a bare "2" (beside
# "pain score recorded" that read as the score). An action not here names no object.
OBJECT_KINDS: dict[Action, str] = {
    Action.WORKOUT_STARTED: "workout",
    Action.PAIN_RECORDED: "workout",
    Action.PAIN_BEFORE_RECORDED: "workout",
    Action.PAIN_AFTER_RECORDED: "workout",
    Action.SIGNIN_LINK_CREATED: "link",
    Action.SIGNIN_LINK_REVOKED: "link",
    Action.RECORDING_UPLOADED: "job",
    Action.JOB_READ: "job",
    Action.PROGRESS_READ: "plots",  # its one object: "plots", the plots read
    **dict.fromkeys(
        (
            Action.SESSION_CREATED,
            Action.SESSION_READ,
            Action.SESSION_RESUMED,
            Action.SESSION_CONNECTED,
            Action.SESSION_FINISHED,
            Action.REPORT_VIEWED,
            Action.REPORT_PDF,
            Action.REPORT_CSV,
            Action.REPORT_JSON,
            Action.REP_LANDMARKS_READ,
        ),
        "session",
    ),
}


@dataclass(frozen=True, slots=True)
class AuditEntry:
    action: Action
    actor_id: int | None
    actor_role: str | None
    patient_id: int | None
    object_id: str | None = None
    client: str | None = None
    at_ms: int = 0  # 0: now, when written
    id: int = 0  # 0: not written yet

    @classmethod
    def of(
        cls,
        action: Action,
        actor: User | None,
        patient_id: int | None,
        object_id: str | int | None = None,
        client: str | None = None,
    ) -> AuditEntry:
        return cls(
            action,
            None if actor is None else actor.id,
            None if actor is None else actor.role,
            patient_id,
            None if object_id is None else str(object_id),
            client,
        )

    @property
    def object_kind(self) -> str | None:
        """What `object_id` names (a session, a link...), when it names anything."""
        return None if self.object_id is None else OBJECT_KINDS.get(self.action)


@dataclass(frozen=True, slots=True)
class AuditPage:
    """Entries newest first, `offset` of `total`."""

    entries: list[AuditEntry]
    total: int
    offset: int
    limit: int


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        Action(row.action),
        row.actor_id,
        row.actor_role,
        row.patient_id,
        row.object_id,
        row.client,
        row.at_ms,
        row.id,
    )


def _after_erasure(patient_id: int) -> ColumnElement[bool]:
    """Rows written after the last erasure of `patient_id` (all when there was none)."""
    last = (
        select(func.coalesce(func.max(AuditRow.id), 0))
        .where(AuditRow.patient_id == patient_id, AuditRow.action == Action.PATIENT_ERASED.value)
        .scalar_subquery()
    )
    return AuditRow.id > last


def append(s: Session, entries: Iterable[AuditEntry], at_ms: int) -> None:
    """Append `entries` in the caller's transaction (an erasure's own entry commits with
    it), at `at_ms` unless an entry has its own time; the only writer of the audit log."""
    at = at_ms
    rows = [
        {
            "at_ms": e.at_ms or at,
            "actor_id": e.actor_id,
            "actor_role": e.actor_role,
            "patient_id": e.patient_id,
            "action": e.action.value,
            "object_id": e.object_id,
            "client": e.client,
        }
        for e in entries
    ]
    if rows:
        s.execute(insert(AuditRow), rows)


class AuditStore:
    def __init__(self, db: Database, clock: Clock = SYSTEM_CLOCK) -> None:
        self._db = db
        self.clock = clock  # the time of entries without their own

    def record(self, *entries: AuditEntry) -> None:
        """Append `entries` in one transaction (their time: now, unless given)."""
        if entries:
            with self._db.session() as s:
                append(s, entries, self.clock.wall_ms())

    def page(self, patient_id: int | None, *, offset: int = 0, limit: int = 50) -> AuditPage:
        """One patient's entries (those about them and those they made), or everyone's
        (None); newest first."""
        if offset < 0 or not 1 <= limit <= MAX_PAGE:
            raise ValueError(f"offset must be >= 0 and limit 1-{MAX_PAGE}, got {offset}, {limit}")
        where = [] if patient_id is None else [self._of_patient(patient_id)]
        query = select(AuditRow).where(*where).order_by(AuditRow.id.desc())
        with self._db.session() as s:
            total = int(s.scalar(select(func.count()).select_from(AuditRow).where(*where)) or 0)
            rows = s.scalars(query.offset(offset).limit(limit))
            return AuditPage([_entry(r) for r in rows], total, offset, limit)

    def of_patient(self, patient_id: int) -> list[AuditEntry]:
        """Every entry about or by the patient, oldest first (their export)."""
        query = select(AuditRow).where(self._of_patient(patient_id)).order_by(AuditRow.id)
        with self._db.session() as s:
            return [_entry(r) for r in s.scalars(query)]

    @staticmethod
    def _of_patient(patient_id: int) -> ColumnElement[bool]:
        return and_(
            or_(AuditRow.patient_id == patient_id, AuditRow.actor_id == patient_id),
            _after_erasure(patient_id),
        )

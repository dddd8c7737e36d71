"""The tables, as SQLAlchemy 2 typed models; the migrations in `migrations/versions`
build exactly this schema (a test compares them).

Times are epoch milliseconds (`*_ms`, BIGINT; SQLite's INTEGER is 64-bit already and
must stay INTEGER for its row-id keys). Patient video is never kept: an uploaded clip
waits in `job_clips` only until its analysis ends; otherwise the database holds users,
prescriptions, workouts with pain scores, sessions, their events and per-frame
landmarks and metrics, and the audit log of who read or changed what.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "AuditRow",
    "Base",
    "EventRow",
    "FrameRow",
    "IntakeRow",
    "JobClipRow",
    "JobRow",
    "LoginRow",
    "PrescriptionRow",
    "SessionRow",
    "SigninLinkRow",
    "UserRow",
    "WorkoutRow",
]

EpochMs = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    pass


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('patient', 'therapist')"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(Text, unique=True)
    display_name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text)
    therapist_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    password_hash: Mapped[str] = mapped_column(Text)  # "" for none: signs in by link only
    language: Mapped[str] = mapped_column(Text, server_default="nl")
    created_ms: Mapped[int] = mapped_column(EpochMs)
    deactivated_ms: Mapped[int | None] = mapped_column(EpochMs)  # None while active


class LoginRow(Base):
    __tablename__ = "logins"
    __table_args__ = (Index("logins_by_user", "user_id"),)

    token_sha256: Mapped[str] = mapped_column(Text, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    expires_ms: Mapped[int] = mapped_column(EpochMs)  # the absolute lifetime's end
    # The idle timeout counts from here; written at most once a minute, not per request.
    last_seen_ms: Mapped[int] = mapped_column(EpochMs, server_default="0")


class PrescriptionRow(Base):
    __tablename__ = "prescriptions"
    __table_args__ = (Index("prescriptions_by_patient", "patient_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    position: Mapped[int] = mapped_column(Integer)
    exercise: Mapped[str] = mapped_column(Text)
    prescription_json: Mapped[str] = mapped_column(Text)
    created_ms: Mapped[int] = mapped_column(EpochMs)
    # Switched off by the therapist: kept with its dose, not in the patient's programme.
    enabled: Mapped[bool] = mapped_column(Boolean, server_default=true())
    note: Mapped[str] = mapped_column(Text, server_default="")  # for the patient


class SigninLinkRow(Base):
    """A patient's one-time sign-in link: only the SHA-256 of its random token is kept."""

    __tablename__ = "signin_links"
    __table_args__ = (Index("signin_links_by_user", "user_id", "created_ms"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_sha256: Mapped[str] = mapped_column(Text, unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_ms: Mapped[int] = mapped_column(EpochMs)
    expires_ms: Mapped[int] = mapped_column(EpochMs)
    used_ms: Mapped[int | None] = mapped_column(EpochMs)
    revoked_ms: Mapped[int | None] = mapped_column(EpochMs)


class WorkoutRow(Base):
    __tablename__ = "workouts"
    __table_args__ = (
        CheckConstraint("pain_before BETWEEN 0 AND 10"),
        CheckConstraint("pain_after BETWEEN 0 AND 10"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    started_ms: Mapped[int] = mapped_column(EpochMs)
    finished_ms: Mapped[int | None] = mapped_column(EpochMs)
    pain_before: Mapped[int | None] = mapped_column(Integer)
    pain_after: Mapped[int | None] = mapped_column(Integer)
    # The safety advice the page gave on these scores (server.progress.pain_advice's code).
    pain_advice: Mapped[str | None] = mapped_column(Text)


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        Index("sessions_by_user", "user_id", "started_ms"),
        Index("sessions_by_workout", "workout_id", "started_ms"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    workout_id: Mapped[int | None] = mapped_column(ForeignKey("workouts.id"))
    exercise: Mapped[str] = mapped_column(Text)
    prescription_json: Mapped[str] = mapped_column(Text)
    resume_token_sha256: Mapped[str] = mapped_column(Text)
    started_ms: Mapped[int] = mapped_column(EpochMs)
    finished_ms: Mapped[int | None] = mapped_column(EpochMs)
    frames_received: Mapped[int] = mapped_column(Integer, server_default="0")
    frames_dropped: Mapped[int] = mapped_column(Integer, server_default="0")
    frames_rejected: Mapped[int] = mapped_column(Integer, server_default="0")


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (Index("events_by_session", "session_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"))
    timestamp_ms: Mapped[int] = mapped_column(EpochMs)
    kind: Mapped[str] = mapped_column(Text)
    body_json: Mapped[str] = mapped_column(Text)


class FrameRow(Base):
    """One processed frame. `landmarks` is a (33, 7) table (x y z norm, x y z world in
    metres, visibility): float32 since revision 0002, float64 in rows written before;
    the blob's length tells which."""

    __tablename__ = "frames"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), primary_key=True)
    timestamp_ms: Mapped[int] = mapped_column(EpochMs, primary_key=True)
    has_pose: Mapped[int] = mapped_column(Integer)
    landmarks: Mapped[bytes | None] = mapped_column(LargeBinary)
    image_w: Mapped[int | None] = mapped_column(Integer)
    image_h: Mapped[int | None] = mapped_column(Integer)
    signals_json: Mapped[str] = mapped_column(Text)
    angle_deg: Mapped[float | None] = mapped_column(Float)
    phase: Mapped[str] = mapped_column(Text)
    inference_ms: Mapped[float] = mapped_column(Float)


class JobRow(Base):
    """One analysis of an uploaded clip (its clip waits in `JobClipRow`): who it is for, its
    state and progress, and the session it made. The runner's state is here so a
    restart marks jobs that were running as failed, not lost."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("state IN ('queued', 'running', 'done', 'failed')"),
        Index("jobs_by_state", "state"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # the patient
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    exercise: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(Text)
    progress: Mapped[float] = mapped_column(Float, server_default="0")
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id"))
    error_code: Mapped[str | None] = mapped_column(Text)
    source_fps: Mapped[float | None] = mapped_column(Float)  # the clip's own frame rate
    created_ms: Mapped[int] = mapped_column(EpochMs)
    updated_ms: Mapped[int] = mapped_column(EpochMs)
    prescription_json: Mapped[str | None] = mapped_column(Text)  # None: the default dose
    # Who holds the unfinished job (a server's own runner, a worker; None: waiting on the
    # shared queue) and until when: past `lease_until_ms` its holder is taken for dead.
    owner: Mapped[str | None] = mapped_column(Text)
    lease_until_ms: Mapped[int | None] = mapped_column(EpochMs)


class JobClipRow(Base):
    """The clip of a job waiting for a worker on another machine, in chunks: the one
    place video is kept, and only until its job ends (`server.store.jobs`)."""

    __tablename__ = "job_clips"

    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class IntakeRow(Base):
    """A patient's intake: the complaints they recognise and the reasons to make an
    appointment that apply (the red flags), as JSON lists of catalogue keys."""

    __tablename__ = "intakes"

    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    complaints_json: Mapped[str] = mapped_column(Text)
    red_flags_json: Mapped[str] = mapped_column(Text)
    updated_ms: Mapped[int] = mapped_column(EpochMs)


class AuditRow(Base):
    """One entry of the audit log: who (`actor_id`, `actor_role`; None when nobody was
    logged in), whose data (`patient_id`), what (`action`, a `server.store.privacy.audit`
    code, and `object_id`), when and from where (`client`, the peer address).

    Append-only: no code updates or deletes a row, and triggers refuse it (revision
    0006). The ids are no foreign keys on purpose: an erased patient's rows outlive
    their user row, holding ids only (no names, no tokens, no health data).
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("audit_log_by_patient", "patient_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at_ms: Mapped[int] = mapped_column(EpochMs)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_role: Mapped[str | None] = mapped_column(Text)
    patient_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(Text)
    object_id: Mapped[str | None] = mapped_column(Text)
    client: Mapped[str | None] = mapped_column(Text)

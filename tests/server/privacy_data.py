"""A patient with a row in every table that can hold one of theirs, made through the
stores (and the ORM for a session's frame), for the export and erasure tests."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from exercises.events import PoseLost
from exercises.registry import default_prescription
from server.store.db import Database
from server.store.intake import APPOINTMENT_REASONS, COMPLAINTS, WARNING_SIGNS, IntakeStore
from server.store.jobs import JobStore
from server.store.models import FrameRow
from server.store.patients import PatientStore
from server.store.privacy.audit import Action, AuditEntry, AuditStore
from server.store.programmes import ProgrammeItem, ProgrammeStore
from server.store.recording import SessionStore
from server.store.signin_links import SigninLinks
from server.store.users import User, UserStore
from server.store.workouts import WorkoutStore

__all__ = ["Made", "patient_with_everything"]


@dataclass(frozen=True)
class Made:
    patient: User
    session_id: str
    signin_token: str
    login_token: str


def patient_with_everything(db: Database, therapist: User, name: str) -> Made:
    users = UserStore(db, 3600.0)
    patient = PatientStore(db, users).add(therapist, name, "nl")
    login = users.login(patient)
    link = SigninLinks(db, 3600.0).create(patient, therapist)
    bridge = default_prescription("bridge")
    ProgrammeStore(db).prescribe(therapist, patient, [ProgrammeItem("bridge", bridge, True, "")])
    workouts = WorkoutStore(db)
    workout = workouts.start(patient.id)
    workouts.set_pain(workout, "before", 4)
    sessions = SessionStore(db)
    session_id, _ = sessions.create(patient.id, "bridge", bridge, workout)
    sessions.record_events(session_id, [PoseLost(timestamp_ms=10)])
    with db.session() as s:
        s.add(
            FrameRow(
                session_id=session_id,
                timestamp_ms=10,
                has_pose=1,
                landmarks=b"\0" * (33 * 7 * 4),
                image_w=640,
                image_h=480,
                signals_json="{}",
                angle_deg=120.0,
                phase="up",
                inference_ms=9.0,
            )
        )
    jobs = JobStore(db)
    job = jobs.create(patient.id, therapist.id, "bridge")
    jobs.start(job)
    jobs.done(job, session_id, 30.0)
    waiting = jobs.create(patient.id, therapist.id, "clamshell")  # its clip waits for a worker
    with tempfile.TemporaryDirectory() as folder:
        clip = Path(folder) / "clip.mp4"
        clip.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(64))
        jobs.save_clip(waiting, clip)
    IntakeStore(db).save(patient.id, [COMPLAINTS[0]], [WARNING_SIGNS[0]], [APPOINTMENT_REASONS[0]])
    AuditStore(db).record(AuditEntry.of(Action.PROGRAMME_READ, therapist, patient.id))
    return Made(patient, session_id, link.token, login)

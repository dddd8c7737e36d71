"""Everything the app holds while it runs, built once in the lifespan."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from fastapi import FastAPI, WebSocket
from starlette.requests import HTTPConnection

from pose.closing import Closing
from server.api.throttle import LoginThrottle, PasswordGate
from server.clock import Clock
from server.jobs.leases import Heartbeat
from server.jobs.uploads import UploadJobs
from server.live.demo import DemoSessions
from server.live.registry import LiveRegistry
from server.live.session import LiveSession
from server.settings import Settings
from server.store.db import Database
from server.store.intake import IntakeStore
from server.store.patients import PatientStore
from server.store.privacy.audit import AuditStore
from server.store.privacy.rights import PatientData
from server.store.programmes import ProgrammeStore
from server.store.recording import SessionStore
from server.store.signin_links import SigninLinks
from server.store.users import UserStore
from server.store.workouts import WorkoutStore

__all__ = ["AppState", "OpenSocket", "app_state"]


@dataclass(slots=True)
class OpenSocket:
    """A live session's WebSocket, whose login it rides on (checked in every sweep:
    a login that ended closes it). It counts as the login's use only while frames or
    landmarks arrive: `received` is the session's count at the last sweep that saw it
    grow, `active_s` when (monotonic)."""

    ws: WebSocket
    user_id: int
    login_token: str
    live: LiveSession
    active_s: float  # the app clock's monotonic seconds
    received: int = 0


@dataclass(slots=True)
class AppState:
    settings: Settings
    db: Database
    users: UserStore
    programmes: ProgrammeStore
    sessions: SessionStore
    workouts: WorkoutStore
    live: LiveRegistry
    patients: PatientStore
    signin_links: SigninLinks
    uploads: UploadJobs  # recorded clips analysed as jobs
    intakes: IntakeStore
    demo: DemoSessions  # the clinic demo: live sessions that store nothing
    throttle: LoginThrottle  # wrong passwords per account and address
    password_gate: PasswordGate  # password checks: few at once, on their own threads
    audit: AuditStore  # who read or changed whose data (append-only)
    patient_data: PatientData  # a patient's export and erasure
    heartbeat: Heartbeat  # renews the leases of our jobs, interrupts dead holders' jobs
    clock: Clock  # the one clock (server/clock.py): a test's may stand still
    # Serialises attach/restore so two connections never rebuild one session twice.
    live_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    sockets: dict[str, OpenSocket] = field(default_factory=dict)  # by session id
    model: Closing | None = None  # the model's estimators when the app made them: closed last


def app_state(conn: HTTPConnection | FastAPI) -> AppState:
    app = conn if isinstance(conn, FastAPI) else conn.app
    state = getattr(app.state, "formcheck", None)
    if not isinstance(state, AppState):
        raise RuntimeError("the app's lifespan has not started (no AppState)")
    return state

"""Who is asking: a login token from the session cookie or an `Authorization: Bearer`
header (WebSockets may also pass `?access_token=`), and the access rules."""

from __future__ import annotations

from fastapi import HTTPException, Request, status
from starlette.requests import HTTPConnection

from server.api.boundary.access_log import note_user
from server.api.state import AppState, app_state
from server.store.recording import SessionRecord
from server.store.users import User

__all__ = [
    "COOKIE_NAME",
    "can_view_patient",
    "can_view_session",
    "current_user",
    "login_token",
    "own_patient",
    "therapist_only",
    "user_from",
]

COOKIE_NAME = "formcheck_login"


def login_token(conn: HTTPConnection) -> str | None:
    header = conn.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    cookie = conn.cookies.get(COOKIE_NAME)
    if cookie:
        return cookie
    return conn.query_params.get("access_token") if conn.scope["type"] == "websocket" else None


def user_from(conn: HTTPConnection) -> User | None:
    token = login_token(conn)
    user = None if token is None else app_state(conn).users.user_for_token(token)
    if user is not None:
        note_user(conn.scope, user.id)  # the access log's user
    return user


def current_user(request: Request) -> User:
    """FastAPI dependency: the logged-in user, or 401."""
    user = user_from(request)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "log in first")
    return user


def therapist_only(user: User) -> User:
    if user.role != "therapist":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "for therapists only")
    return user


def own_patient(state: AppState, therapist: User, patient_id: int) -> User:
    """The therapist's own patient, or 404: another therapist's patient is not seen."""
    patient = state.users.get(patient_id)
    if patient is None or patient.therapist_id != therapist.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no patient {patient_id}")
    return patient


def can_view_session(user: User, record: SessionRecord, owner: User | None) -> bool:
    """A patient sees their own sessions; a therapist those of their own patients."""
    return can_view_patient(user, record.user_id, owner)


def can_view_patient(user: User, patient_id: int, patient: User | None) -> bool:
    """A patient sees what is theirs (sessions, jobs); a therapist their own patients'."""
    if patient_id == user.id:
        return True
    return user.role == "therapist" and patient is not None and patient.therapist_id == user.id

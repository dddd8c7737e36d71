"""A patient's programme, workouts (pain scores) and exercise sessions; session review.

The routes are plain functions: FastAPI runs them in its threadpool, so their database
calls never block the event loop that carries the live sessions' sockets.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import Field

from exercises.registry import SPECS
from server.api.audit import audit, audit_each
from server.api.auth import can_view_session, current_user
from server.api.boundary.strict import (
    MAX_ROW_ID,
    HexId,
    RowId,
    RowIdQuery,
    StrictBody,
    StrictJsonRoute,
)
from server.api.resume import ws_path
from server.api.state import AppState, app_state
from server.live.summary import summarise
from server.progress.pain_advice import pain_advice
from server.protocol.live import Summary
from server.protocol.programme import Exercises, ExerciseWire, ProgrammeItemWire, ProgrammeWire
from server.protocol.sessions import (
    FrameMetricsWire,
    PainAdvice,
    PainRecorded,
    SessionDetail,
    SessionListItem,
    SessionRecordWire,
    SessionStarted,
    WorkoutStarted,
    WorkoutWire,
)
from server.store.privacy.audit import Action
from server.store.programmes import ProgrammeItem
from server.store.users import User

__all__ = ["router"]

router = APIRouter(prefix="/api", route_class=StrictJsonRoute)
CurrentUser = Annotated[User, Depends(current_user)]


def _patient(user: User) -> User:
    if user.role != "patient":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only patients exercise")
    return user


def _own_workout(state: AppState, user: User, workout_id: int) -> None:
    if state.workouts.owner(workout_id) != user.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no workout {workout_id}")


@router.get("/exercises")
def exercises() -> Exercises:
    """Every exercise's spec (`exercises.registry.ExerciseSpec.to_wire`): the page takes
    doses, bounds and traits from here and infers none of them."""
    return Exercises({name: ExerciseWire.of_spec(s) for name, s in SPECS.items()})


def programme_wire(items: list[ProgrammeItem], prescribed: bool) -> ProgrammeWire:
    """A programme as the page reads it, from the stored items' attributes."""
    return ProgrammeWire(prescribed=prescribed, items=tuple(map(ProgrammeItemWire.of, items)))


@router.get("/programme")
def programme(request: Request, user: CurrentUser) -> ProgrammeWire:
    items, prescribed = app_state(request).programmes.programme_for(_patient(user))
    audit(request, Action.PROGRAMME_READ, user, user.id)
    return programme_wire(items, prescribed)


@router.post("/workouts")
def start_workout(request: Request, user: CurrentUser) -> WorkoutStarted:
    workout_id = app_state(request).workouts.start(_patient(user).id)
    audit(request, Action.WORKOUT_STARTED, user, user.id, workout_id)
    return WorkoutStarted(workout_id=workout_id)


class PainBody(StrictBody):
    moment: Literal["before", "after"]
    score: int = Field(ge=0, le=10)


@router.post("/workouts/{workout_id}/pain")
def pain(workout_id: RowId, body: PainBody, request: Request, user: CurrentUser) -> PainRecorded:
    """The score, and the safety advice the workout's scores call for (`advice`: its code
    and the scores for its text, or null): the page says and shows it, and the workout
    keeps it for the therapist."""
    state = app_state(request)
    _own_workout(state, user, workout_id)
    state.workouts.set_pain(workout_id, body.moment, body.score)
    if body.moment == "after":
        state.workouts.finish(workout_id)
    workout = state.workouts.get(workout_id)
    assert workout is not None  # owned a moment ago; workouts are not deleted alone
    before, after = workout.pain_before, workout.pain_after
    code = pain_advice(before, after)
    if code is not None and code != workout.pain_advice:
        state.workouts.set_advice(workout_id, code)
        workout = dataclasses.replace(workout, pain_advice=code)
    # Which score, never its value (no health value in the log): before or after exercising.
    moment = Action.PAIN_BEFORE_RECORDED if body.moment == "before" else Action.PAIN_AFTER_RECORDED
    audit(request, moment, user, user.id, workout_id)
    advice = None if code is None else PainAdvice(code=code, before=before, after=after)
    return PainRecorded(workout=WorkoutWire.of(workout), advice=advice)


class SessionBody(StrictBody):
    exercise: str
    workout_id: Annotated[int, Field(ge=1, le=MAX_ROW_ID)] | None = None


@router.post("/sessions")
def create_session(body: SessionBody, request: Request, user: CurrentUser) -> SessionStarted:
    """A new exercise session with the patient's own prescription for that exercise."""
    state = app_state(request)
    items, _ = state.programmes.programme_for(_patient(user))
    item = next((i for i in items if i.exercise == body.exercise), None)
    if item is None:
        valid = [i.exercise for i in items]
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"exercise {body.exercise!r} is not in your programme; valid: {valid}",
        )
    if body.workout_id is not None:
        _own_workout(state, user, body.workout_id)
    session_id, token = state.sessions.create(
        user.id, item.exercise, item.prescription, body.workout_id
    )
    audit(request, Action.SESSION_CREATED, user, user.id, session_id)
    return SessionStarted(
        session_id=session_id,
        resume_token=token,
        exercise=item.exercise,
        prescription=item.prescription,
        ws_path=ws_path(session_id, token),
        # The clinic's choice of where pose runs; the page connects with
        # `&source=device|server` accordingly (server/api/ws.py).
        pose_mode=state.settings.pose_mode,
    )


@router.get("/sessions")
def list_sessions(
    request: Request, user: CurrentUser, patient_id: RowIdQuery = None
) -> list[SessionListItem]:
    """A patient's own sessions; a therapist's patients' sessions (or one patient's)."""
    state = app_state(request)
    if user.role == "patient":
        ids = [user.id]
    else:
        ids = [p.id for p in state.users.patients_of(user.id)]
        if patient_id is not None:
            if patient_id not in ids:
                raise HTTPException(status.HTTP_404_NOT_FOUND, f"no patient {patient_id}")
            ids = [patient_id]
    # Three queries however many sessions: the sessions, their events, their workouts.
    records = state.sessions.list_for(ids)
    audit_each(request, Action.SESSIONS_LISTED, user, ids)
    events = state.sessions.events_for(r.id for r in records)
    workouts = state.workouts.get_many(r.workout_id for r in records if r.workout_id is not None)
    out = []
    for r in records:
        workout = None if r.workout_id is None else workouts.get(r.workout_id)
        summary = summarise(r, events.get(r.id, []))
        out.append(
            SessionListItem(
                **dict(summary),
                user_id=r.user_id,
                pain_before=None if workout is None else workout.pain_before,
                pain_after=None if workout is None else workout.pain_after,
            )
        )
    return out


@router.get("/sessions/{session_id}")
def session_detail(session_id: HexId, request: Request, user: CurrentUser) -> SessionDetail:
    state = app_state(request)
    record = state.sessions.get(session_id)
    owner = None if record is None else state.users.get(record.user_id)
    if record is None or not can_view_session(user, record, owner):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no session {session_id}")
    events = state.sessions.events(session_id)
    audit(request, Action.SESSION_READ, user, record.user_id, session_id)
    workout = None if record.workout_id is None else state.workouts.get(record.workout_id)
    summary: Summary = summarise(record, events)
    return SessionDetail(
        session=SessionRecordWire.of(record),
        summary=summary,
        events=tuple(events),
        metrics=tuple(FrameMetricsWire.of(m) for m in state.sessions.metrics(session_id)),
        workout=None if workout is None else WorkoutWire.of(workout),
    )

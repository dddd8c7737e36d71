"""Carrying on after a page reload: a patient's page that kept an unfinished session's id
and resume token (in the tab's sessionStorage) asks whether it can carry on with it.

`POST /api/sessions/{id}/resume` with `{"resume_token": ...}` answers with what the page
needs to continue where it was: the session (exercise, prescription, socket path), its
live status (reps, set, hold, breaths) and its workout (pain before, the exercises done).
Refusals: 404 not this patient's session, 403 wrong token, 409 finished, 410 no longer
live (never connected, or detached for longer than `Settings.resume_grace_s`). A session
whose server died or restarted is carried on here, rebuilt from the database, while its
last recorded frame is within the grace period (`LiveRegistry.adopt`).
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import anyio.from_thread
from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import Field

from server.api.audit import audit
from server.api.auth import current_user
from server.api.boundary.strict import HexId, StrictBody, StrictJsonRoute
from server.api.state import AppState, app_state
from server.live.registry import Replayed
from server.live.session import LiveSession
from server.live.summary import summarise
from server.protocol.sessions import Resumed, ResumedWorkout
from server.store.privacy.audit import Action
from server.store.recording import SessionRecord
from server.store.users import User

__all__ = ["router", "ws_path"]

router = APIRouter(prefix="/api", route_class=StrictJsonRoute)
CurrentUser = Annotated[User, Depends(current_user)]


def ws_path(session_id: str, token: str) -> str:
    """The live socket of a session (the token rides in the query: no headers in JS)."""
    return f"/ws/sessions/{session_id}?resume_token={token}"


class ResumeBody(StrictBody):
    resume_token: str = Field(min_length=1, max_length=200)


def _workout(state: AppState, record: SessionRecord) -> ResumedWorkout | None:
    """Pain before and the finished exercises of the session's workout, in order."""
    if record.workout_id is None:
        return None
    workout = state.workouts.get(record.workout_id)
    finished = [
        r
        for r in state.sessions.in_workout(record.workout_id)
        if r.finished_ms is not None and r.id != record.id
    ]
    events = state.sessions.events_for(r.id for r in finished)
    return ResumedWorkout(
        workout_id=record.workout_id,
        pain_before=None if workout is None else workout.pain_before,
        done=tuple(summarise(r, events.get(r.id, [])) for r in finished),
    )


async def _adopt(
    state: AppState, record: SessionRecord, language: str, replayed: Replayed | None
) -> LiveSession | None:
    async with state.live_lock:  # as the socket does: one restore at a time
        return await asyncio.to_thread(state.live.adopt, record, language, replayed)


@router.post("/sessions/{session_id}/resume")
def resume_session(
    session_id: HexId, body: ResumeBody, request: Request, user: CurrentUser
) -> Resumed:
    state = app_state(request)
    record = state.sessions.get(session_id)
    if record is None or record.user_id != user.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no session {session_id}")
    if not state.sessions.token_matches(session_id, body.resume_token):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "wrong resume token")
    if record.finished_ms is not None:
        raise HTTPException(status.HTTP_409_CONFLICT, "this session has finished")
    live = state.live.within_grace(session_id)
    if live is None and not state.live.holds(session_id):
        # Held by a process that died or restarted: carried on here, if still in time;
        # replayed here first, outside the lock every connect takes.
        in_time = state.live.gone_ms(record) is not None
        replayed = state.live.replay(record) if in_time else None
        live = anyio.from_thread.run(_adopt, state, record, user.language, replayed)
    if live is None:
        raise HTTPException(
            status.HTTP_410_GONE,
            f"this session is no longer live (resumable for {state.settings.resume_grace_s:g} s"
            " after its connection dropped)",
        )
    # A plain function: FastAPI runs it in its threadpool, so the database and the status
    # (which waits for the frame being processed, under the session's lock) stay off the loop.
    hello = live.status_message(resumed=True)
    audit(request, Action.SESSION_RESUMED, user, user.id, session_id)
    return Resumed(
        session_id=record.id,
        exercise=record.exercise,
        prescription=hello.prescription,
        ws_path=ws_path(record.id, body.resume_token),
        pose_mode=state.settings.pose_mode,  # as POST /api/sessions answers it
        status=hello.status,
        workout=_workout(state, record),
    )

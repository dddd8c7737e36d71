"""The clinic demo on a tablet: `/demo` (the page in demo mode), `POST /api/demo` starts
a session of any exercise without an account, `/ws/demo/{id}` runs it live. Nothing is
stored (`server.live.recorder.NoRecorder`); counts and cues are a patient's.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from fastapi import APIRouter, HTTPException, Request, WebSocket, status
from fastapi.responses import FileResponse

from exercises.registry import SPECS
from server.api.boundary.errors import Refusal
from server.api.boundary.strict import StrictBody, StrictJsonRoute
from server.api.state import app_state
from server.api.ws import refuse, same_origin, serve, source_of
from server.live.connection import Connection
from server.live.demo import DemoFullError
from server.protocol.codes import CloseCode, ErrorCode
from server.protocol.sessions import DemoStarted

__all__ = ["demo_socket", "router"]

router = APIRouter(route_class=StrictJsonRoute)


class DemoBody(StrictBody):
    exercise: str
    language: Literal["nl", "en"] = "nl"


@router.get("/demo", include_in_schema=False)
def demo_page(request: Request) -> FileResponse:
    return FileResponse(app_state(request).settings.web_dir / "index.html")


@router.post("/api/demo")
def start_demo(body: DemoBody, request: Request) -> DemoStarted:
    """A demo session (no account; nothing is kept); its socket is `ws_path`."""
    state = app_state(request)
    if not state.settings.demo_enabled:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "the demo is switched off")
    if body.exercise not in SPECS:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"exercise {body.exercise!r}; valid: {sorted(SPECS)}",
        )
    try:
        live, token = state.demo.start(body.exercise, body.language)
    except DemoFullError as err:
        raise Refusal(status.HTTP_503_SERVICE_UNAVAILABLE, ErrorCode.DEMO_BUSY, str(err)) from None
    return DemoStarted(
        session_id=live.id,
        exercise=body.exercise,
        prescription=live.record.prescription,
        ws_path=f"/ws/demo/{live.id}?token={token}",
        pose_mode=state.settings.pose_mode,  # where the page runs pose (Settings)
    )


async def demo_socket(ws: WebSocket, session_id: str) -> None:
    state = app_state(ws)
    if not same_origin(ws):
        await refuse(ws, CloseCode.FORBIDDEN, "cross-origin connection refused")
        return
    source, why = source_of(ws, state.settings)
    if source is None:
        await refuse(ws, CloseCode.FORBIDDEN, why)
        return
    token = ws.query_params.get("token", "")
    live = await asyncio.to_thread(state.demo.attach, session_id, token, source)
    if live is None:
        await refuse(ws, CloseCode.NOT_FOUND, "no such demo session")
        return
    await ws.accept()
    conn = Connection(
        ws,
        live,
        state.settings,
        lambda: state.demo.summary(live),
        lambda: state.demo.end(session_id),
    )
    try:
        # An idle demo socket gives its place back (two could hold the demo for good).
        await serve(ws, conn, resumed=False, idle_s=state.settings.demo_idle_s)
    finally:
        await asyncio.to_thread(state.demo.end, session_id)  # a demo is never resumed

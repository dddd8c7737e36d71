"""The live-session WebSocket: `/ws/sessions/{id}?resume_token=...&source=device|server`.

`source` says where the pose is estimated (absent: server). `server`: binary messages
are camera frames (JPEG or WebP). `device`: the patient's browser runs the model and
sends one text message `{"type": "landmarks", ...}` per camera frame
(`server.live.landmarks`: the wire form and its refusals); no image crosses the wire,
and a binary message is answered `image_not_expected` unread. Either way text messages
are also JSON controls `{"type": "finish" | "ping"}`, at most MAX_LANDMARK_BYTES each.
The clinic's `Settings.pose_mode` may allow one source only: the other is refused with
CloseCode.FORBIDDEN before anything else. A session reconnected with the other source goes
on with its counts (the server builds the pipeline that source needs).
Server -> client: exactly one answer per frame or landmark message (`result`, `dropped`
or `error`, each with its `seq`: the server's count of them received), plus `session`
(with the `source` in use), `pong`, `finished` and `error` messages.

A login that ends (logout, a password change, deactivation, or its idle or absolute
time, found by the sweep) closes its user's sockets with CloseCode.LOGGED_OUT; a patient's
new live session finishes their older one (`Settings.live_sessions_per_user`), whose
socket closes with CloseCode.SESSION_REPLACED; when the server holds
`Settings.live_sessions` already, a connection is refused with CloseCode.SERVER_FULL (the
page says so and tries again); `Settings.device_sessions` caps the sessions whose
browser sends landmarks in the same way. Counts are stored as they happen: nothing is
lost.

Backpressure and the answers: `server.live.connection`; each message is read once into
the one job type (`server.live.job`) and stepped by `LiveSession.step`: a frame's
inference on the session's own worker thread, a landmark message (no model) on the event
loop; every database call runs off the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from urllib.parse import urlsplit

from fastapi import WebSocket
from starlette.websockets import WebSocketDisconnect, WebSocketState

from server.api.audit import audit
from server.api.auth import login_token, user_from
from server.api.state import AppState, OpenSocket, app_state
from server.live.connection import Connection
from server.live.summary import summarise
from server.protocol.codes import CloseCode, ErrorCode
from server.protocol.errors import ErrorAnswer
from server.protocol.live import Summary
from server.settings import PoseSource, Settings
from server.store.privacy.audit import Action
from server.store.users import User

__all__ = [
    "check_logins",
    "close_sessions_of",
    "close_sockets_of",
    "refuse",
    "same_origin",
    "serve",
    "session_socket",
    "source_of",
]

log = logging.getLogger("formcheck.server")


def source_of(ws: WebSocket, settings: Settings) -> tuple[PoseSource | None, str]:
    """The connection's pose source (`source=`, absent: server) and "", or None and why
    it is refused: an unknown value, or a source the clinic's pose_mode excludes."""
    source = ws.query_params.get("source", "server")
    if source not in ("device", "server"):
        return None, f"source must be device or server, got {source[:20]!r}"
    mode = settings.pose_mode
    if mode not in ("auto", source):
        where = "the patient's device" if mode == "device" else "the clinic's server"
        return None, f"this clinic runs pose on {where} only: source={source} refused"
    return ("device" if source == "device" else "server"), ""


def same_origin(ws: WebSocket) -> bool:
    """Browsers send Origin; refuse pages from elsewhere using the patient's cookie."""
    origin = ws.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == ws.headers.get("host")


def _summary(state: AppState, session_id: str) -> Summary:
    record = state.sessions.get(session_id)
    assert record is not None
    return summarise(record, state.sessions.events(session_id))


def _finished(ws: WebSocket, user: User, session_id: str) -> Summary:
    """The finished session's summary, its finish audited (off the event loop)."""
    audit(ws, Action.SESSION_FINISHED, user, user.id, session_id)
    return _summary(app_state(ws), session_id)


async def close_sessions_of(state: AppState, patient_id: int) -> list[str]:
    """Close the patient's live sessions and their sockets (before their data is erased);
    the sessions' ids."""
    async with state.live_lock:
        closed = await asyncio.to_thread(state.live.close_user, patient_id)
        sockets = [state.sockets.pop(sid, None) for sid in closed]
    for opened in sockets:
        if opened is not None:
            await _close(opened.ws, CloseCode.ERASED, "this patient's data was erased")
    return closed


class _Budget:
    """A socket's messages: `per_s` a second, up to a second's worth at once (a token
    bucket). Past it the socket is not read until the budget refills: a flood waits in
    its own buffers instead of taking the event loop from everyone else's sessions.
    Real time is the point here (the event loop's), so it reads the system's clock."""

    def __init__(self, per_s: float) -> None:
        self._per_s = per_s
        self._tokens = per_s
        self._at_s = time.monotonic()

    def wait_s(self) -> float:
        """Take one message's token; how long to wait for it first (0: none)."""
        now = time.monotonic()
        self._tokens = min(self._per_s, self._tokens + (now - self._at_s) * self._per_s)
        self._at_s = now
        self._tokens -= 1.0
        return 0.0 if self._tokens >= 0 else -self._tokens / self._per_s


async def serve(
    ws: WebSocket, conn: Connection, *, resumed: bool, idle_s: float | None = None
) -> None:
    """Send the session's status, then take frames and controls until the connection
    closes or the session finishes; or, with `idle_s`, until nothing arrived that long
    (closed with CloseCode.IDLE). At most `Settings.socket_messages_per_s` are read a second."""
    await conn.send(conn.live.status_message(resumed=resumed))
    worker = asyncio.create_task(conn.work())
    budget = _Budget(conn.messages_per_s)
    try:
        while conn.open:
            wait_s = budget.wait_s()
            if wait_s > 0:
                await asyncio.sleep(wait_s)
            try:
                message = await asyncio.wait_for(ws.receive(), idle_s)
            except TimeoutError:
                await _close(ws, CloseCode.IDLE, "idle")
                break
            if message["type"] == "websocket.disconnect":
                break
            payload = message.get("bytes")
            if payload is None:
                payload = message.get("text")
            if payload is not None:
                await conn.receive(payload)
    except (WebSocketDisconnect, RuntimeError):
        pass  # the connection went away; the session waits for it to come back
    finally:
        conn.open = False
        conn.wake.set()
        if not worker.done() and not conn.finish_requested:
            worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)


async def refuse(
    ws: WebSocket, code: CloseCode, reason: str, error: ErrorCode = ErrorCode.REFUSED
) -> None:
    """Accept (if not yet), say why (an error answer, `refused` unless told), close."""
    if ws.application_state == WebSocketState.CONNECTING:
        await ws.accept()
    await ws.send_text(ErrorAnswer(code=error, message=reason).model_dump_json())
    await ws.close(code, reason)


async def _close(ws: WebSocket, code: CloseCode, reason: str) -> None:
    if ws.application_state == WebSocketState.CONNECTED:
        with contextlib.suppress(RuntimeError, OSError):  # it may already be going away
            await ws.close(code, reason)


async def close_sockets_of(state: AppState, user_id: int, code: CloseCode, reason: str) -> int:
    """Closes every live-session socket of `user_id`; how many."""
    mine = [o.ws for o in state.sockets.values() if o.user_id == user_id]
    for ws in mine:
        await _close(ws, code, reason)
    return len(mine)


async def check_logins(state: AppState) -> int:
    """Closes the sockets whose login has ended (found in the database: a logout or
    password change by another process, the idle or absolute time); counts the others'
    logins as seen. How many were closed."""
    opened = list(state.sockets.values())
    if not opened:
        return 0
    # A socket is the login's use while its frames or landmarks arrive; a silent one is
    # not, so its login ends after login_idle_s like any other (and closes it).
    now = state.clock.monotonic_s()
    for o in opened:
        if o.live.counters.received != o.received:
            o.received, o.active_s = o.live.counters.received, now
    in_use = [o.login_token for o in opened if now - o.active_s < state.settings.login_idle_s]
    # One query for all: a hundred sockets checked one by one held the event loop's
    # thread back (the GIL) long enough to delay every live session's answers.
    tokens = [o.login_token for o in opened]
    live = await asyncio.to_thread(state.users.live_tokens, tokens, in_use)
    ended = [o for o in opened if o.login_token not in live]
    for o in ended:
        await _close(o.ws, CloseCode.LOGGED_OUT, "logged_out")
    return len(ended)


def _cap(settings: Settings, source: PoseSource) -> int:
    return settings.device_sessions if source == "device" else settings.live_sessions


async def _make_room(state: AppState, user_id: int, session_id: str, source: PoseSource) -> bool:
    """Finishes the user's older live sessions beyond their cap (their sockets closed
    with CloseCode.SESSION_REPLACED); False when the server holds as many sessions of
    `source` as it may (`live_sessions` for images, `device_sessions` for landmarks).
    Under live_lock."""
    mine = [s for s in state.live.of_user(user_id) if s.id != session_id]
    keep = state.settings.live_sessions_per_user - 1
    loop = asyncio.get_running_loop()
    for old in mine[: max(0, len(mine) - keep)]:
        opened = state.sockets.pop(old.id, None)
        if opened is not None:
            await _close(opened.ws, CloseCode.SESSION_REPLACED, "replaced")
        await loop.run_in_executor(old.executor, old.finish)  # a summary, nothing lost
        state.live.forget(old.id)
        old.close()
    cap = _cap(state.settings, source)
    if state.live.count(source, but=session_id) >= cap:
        await asyncio.to_thread(state.live.sweep)  # those past their grace period go
    return state.live.count(source, but=session_id) < cap


async def session_socket(ws: WebSocket, session_id: str) -> None:
    state = app_state(ws)
    if not same_origin(ws):
        await refuse(ws, CloseCode.FORBIDDEN, "cross-origin connection refused")
        return
    source, why = source_of(ws, state.settings)
    if source is None:
        await refuse(ws, CloseCode.FORBIDDEN, why)
        return
    user = await asyncio.to_thread(user_from, ws)
    if user is None:
        await refuse(ws, CloseCode.UNAUTHENTICATED, "log in first")
        return
    record = await asyncio.to_thread(state.sessions.get, session_id)
    if record is None or record.user_id != user.id:
        await refuse(ws, CloseCode.NOT_FOUND, "no such session")
        return
    token = ws.query_params.get("resume_token", "")
    if not await asyncio.to_thread(state.sessions.token_matches, session_id, token):
        await refuse(ws, CloseCode.FORBIDDEN, "wrong resume token")
        return
    if record.finished_ms is not None:
        await refuse(ws, CloseCode.FINISHED, "this session has finished")
        return
    await ws.accept()
    replayed = None
    room = state.live.count(source, but=session_id) < _cap(state.settings, source)
    if room and not state.live.holds(session_id):
        # A long recording's replay takes seconds: before the lock every connect waits for.
        replayed = await asyncio.to_thread(state.live.replay, record)
    async with state.live_lock:
        if not await _make_room(state, user.id, session_id, source):
            full = "the server is full"
            await refuse(ws, CloseCode.SERVER_FULL, full, ErrorCode.SERVER_FULL)
            return
        live, resumed = await asyncio.to_thread(
            state.live.get_or_restore, record, user.language, source, replayed
        )
        epoch = state.live.attach(live)
        previous = state.sockets.get(session_id)
        state.sockets[session_id] = OpenSocket(
            ws,
            user.id,
            login_token(ws) or "",
            live,
            state.clock.monotonic_s(),
            live.counters.received,
        )
    if previous is not None:
        await _close(previous.ws, CloseCode.REPLACED, "opened elsewhere")
    conn = Connection(
        ws,
        live,
        state.settings,
        lambda: _finished(ws, user, session_id),
        lambda: state.live.forget(session_id),
    )
    await asyncio.to_thread(audit, ws, Action.SESSION_CONNECTED, user, user.id, session_id)
    try:
        await serve(ws, conn, resumed=resumed)
    finally:
        current = state.sockets.get(session_id)
        if current is not None and current.ws is ws:
            del state.sockets[session_id]
        await asyncio.to_thread(state.live.detach, live, epoch)  # saves the counters

"""The access log: one record per HTTP request and per WebSocket, written when it ends,
with its request id and the user (id) when the request named one.

uvicorn's own access log is switched off (`formcheck serve`): it has no user, and it
logs a socket the app refuses as "accepted" (a browser cannot read a refusal's reason
unless the socket is accepted first, so `ws.refuse` accepts, explains and closes).
Here a socket closed with a 4xxx code before any message of its session is "refused".

Nothing of a body is logged: the path and query only (`server.cli.log_redaction`
masks tokens in them), the status, the time taken.
"""

from __future__ import annotations

import contextvars
import logging
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["REQUEST_ID", "USER_ID", "AccessLog", "note_user"]

log = logging.getLogger("formcheck.access")

# For the JSON formatter: the request being served (the event loop's task and the
# threads it hands work to see it; a thread's own changes do not come back).
REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
USER_ID: contextvars.ContextVar[int | None] = contextvars.ContextVar("user_id", default=None)


def note_user(scope: Scope, user_id: int) -> None:
    """Record who is asking, for this request's access log line (auth calls it)."""
    scope.setdefault("state", {})["user_id"] = user_id
    USER_ID.set(user_id)


def _target(scope: Scope) -> str:
    query = bytes(scope.get("query_string", b"")).decode("latin-1")
    return str(scope.get("path", "")) + (f"?{query}" if query else "")


class AccessLog:
    """ASGI middleware: logs each request and socket as it ends; adds `X-Request-Id`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex[:16]
        token = REQUEST_ID.set(request_id)
        user_token = USER_ID.set(None)
        seen: dict[str, int | bool] = {"status": 500}
        start = time.monotonic()

        async def watch(message: Message) -> None:
            kind = message["type"]
            if kind == "http.response.start":
                seen["status"] = message["status"]
                MutableHeaders(scope=message).setdefault("X-Request-Id", request_id)
            elif kind == "websocket.accept":
                seen["accepted"] = True
            elif kind == "websocket.send":
                seen["sent"] = int(seen.get("sent", 0)) + 1
            elif kind == "websocket.close":
                seen.setdefault("close_code", int(message.get("code", 1000)))
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            self._log(scope, seen, request_id, time.monotonic() - start)
            USER_ID.reset(user_token)
            REQUEST_ID.reset(token)

    @staticmethod
    def _log(scope: Scope, seen: dict[str, int | bool], request_id: str, took_s: float) -> None:
        user = scope.get("state", {}).get("user_id")
        fields: dict[str, object] = {
            "request_id": request_id,
            "user": user,
            "path": _target(scope),
            "duration_ms": round(took_s * 1000, 1),
            "client": (scope.get("client") or ("", 0))[0],
        }
        if scope["type"] == "http":
            fields |= {"method": scope.get("method"), "status": seen["status"]}
            log.info("http_request", extra={"fields": fields})
            return
        code = seen.get("close_code")
        # refuse(): accept, one error message, close 4xxx; a session's socket sends more.
        refused = not seen.get("accepted") or (
            isinstance(code, int) and 4000 <= code < 5000 and int(seen.get("sent", 0)) <= 1
        )
        fields |= {"close_code": code, "outcome": "refused" if refused else "closed"}
        log.info("websocket_refused" if refused else "websocket", extra={"fields": fields})

"""Test clients that talk to the running server as a browser would (HTTP + WebSocket)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from server.clock import Clock
from server.protocol.live import SERVER_MESSAGE
from tests.server.live_server import RunningServer
from tests.server.pacing import frame_slots

T = TypeVar("T")


@dataclass
class Client:
    server: RunningServer
    http: httpx.Client
    token: str
    user: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def login(cls, server: RunningServer, username: str, password: str) -> Client:
        http = httpx.Client(base_url=server.base_url, timeout=30)
        r = http.post("/api/login", json={"username": username, "password": password})
        r.raise_for_status()
        body = r.json()
        return cls(server, http, body["token"], body["user"])

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    def new_session(self, exercise: str) -> dict[str, Any]:
        workout = self.http.post("/api/workouts").json()["workout_id"]
        r = self.http.post("/api/sessions", json={"exercise": exercise, "workout_id": workout})
        r.raise_for_status()
        body: dict[str, Any] = r.json()
        return body

    def socket(self, ws_path: str, *, origin: str | None = None) -> ClientConnection:
        headers = {"Authorization": f"Bearer {self.token}"}
        if origin is not None:
            headers["Origin"] = origin
        return connect(
            self.server.ws_url + ws_path,
            additional_headers=headers,
            max_size=None,
            open_timeout=30,
        )


def receive(ws: ClientConnection, timeout_s: float = 30.0) -> dict[str, Any]:
    message = ws.recv(timeout=timeout_s)
    assert isinstance(message, str), f"server sent binary: {message!r:.60}"
    SERVER_MESSAGE.validate_json(message)  # every message any test reads is of its type
    body: dict[str, Any] = json.loads(message)
    return body


def answer_for_frame(ws: ClientConnection, timeout_s: float = 30.0) -> dict[str, Any]:
    """The next per-frame answer (result, dropped or error with a seq)."""
    while True:
        msg = receive(ws, timeout_s)
        if "seq" in msg:
            return msg


def play_paced(
    ws: ClientConnection, messages: Sequence[str | bytes], fps: float, clock: Clock
) -> dict[str, Any]:
    """Send `messages` (frames or landmark messages) paced at `fps` on the server's
    `clock`, each answered before the next (session time follows arrival); the last
    answer, every one a result."""
    last: dict[str, Any] = {}
    for i in frame_slots(len(messages), fps, clock):
        ws.send(messages[i])
        last = answer_for_frame(ws)
        assert last["type"] == "result", last
    return last


def closed_code(ws: ClientConnection, timeout_s: float = 10.0) -> int:
    """Reads until the server closes; its close code."""
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline:
            ws.recv(timeout=timeout_s)
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd is not None else -1
    raise AssertionError(f"the server kept the socket open for {timeout_s} s")


def eventually(get: Callable[[], T], ok: Callable[[T], bool], timeout_s: float = 10.0) -> T:
    """Poll `get` until `ok` holds (for state the server saves just after a close)."""
    deadline = time.monotonic() + timeout_s
    value = get()
    while not ok(value) and time.monotonic() < deadline:
        time.sleep(0.1)
        value = get()
    return value

"""A socket is read at most `socket_messages_per_s` a second (a second's worth at once):
a flood is answered, in order, no faster than that, so it cannot take the event loop
from the other sessions; a page's 15-30 messages a second never notice."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
from websockets.sync.client import connect

from server.live.inference import EstimatorFactory
from tests.server.clients import receive
from tests.server.live_server import running_server

PER_S = 50.0
SENT = 150


def test_a_flood_is_read_no_faster_than_the_sockets_budget(
    tmp_path: Path, replay_factory: EstimatorFactory
) -> None:
    with (
        running_server(
            tmp_path, estimator_factory=replay_factory, socket_messages_per_s=PER_S
        ) as server,
        httpx.Client(base_url=server.base_url) as anonymous,
    ):
        path = anonymous.post("/api/demo", json={"exercise": "bridge"}).json()["ws_path"]
        with connect(server.ws_url + path, open_timeout=30) as ws:
            assert receive(ws)["type"] == "session"
            began = time.monotonic()
            for _ in range(SENT):
                ws.send('{"type": "ping"}')
            answers = [receive(ws, 30)["type"] for _ in range(SENT)]
            took_s = time.monotonic() - began
    assert answers == ["pong"] * SENT
    assert took_s >= 0.8 * (SENT - PER_S) / PER_S  # a second's worth at once, then paced

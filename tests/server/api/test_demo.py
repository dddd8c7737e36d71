"""The clinic demo: no account, counts and cues as for a patient, and not one row is
written anywhere (every table's row count is the same after a demo session)."""

from __future__ import annotations

from pathlib import Path

import httpx
import numpy as np
import pytest

from server.api.state import app_state
from server.live.inference import EstimatorFactory
from server.protocol.codes import CloseCode
from tests.server.clients import answer_for_frame, closed_code, eventually, receive
from tests.server.conftest import jpeg
from tests.server.live_server import RunningServer, running_server, stored_rows
from tests.server.replay import bridge_recording


def test_a_demo_session_counts_and_stores_nothing(server: RunningServer) -> None:
    from websockets.sync.client import connect

    before = stored_rows(server)
    with httpx.Client(base_url=server.base_url) as anonymous:
        assert "<html" in anonymous.get("/demo").text
        r = anonymous.post("/api/demo", json={"exercise": "bridge", "language": "en"})
        assert r.status_code == 200, r.text
        started = r.json()
    assert started["demo"] is True
    frame = jpeg(np.full((240, 320, 3), 90, np.uint8))
    with connect(server.ws_url + started["ws_path"], open_timeout=30) as ws:
        assert receive(ws)["type"] == "session"
        results = []
        for _ in bridge_recording():
            ws.send(frame)
            results.append(answer_for_frame(ws))
        assert all(m["type"] in ("result", "dropped") for m in results)
        ws.send('{"type": "finish"}')
        finished = receive(ws)
        while finished["type"] != "finished":
            finished = receive(ws)
    assert finished["summary"]["demo"] is True
    assert finished["summary"]["exercise"] == "bridge"
    assert finished["summary"]["frames"]["received"] == len(results)
    assert stored_rows(server) == before
    assert len(app_state(server.app).demo) == 0


def test_a_demo_socket_needs_its_token_and_runs_once(server: RunningServer) -> None:
    from websockets.sync.client import connect

    with httpx.Client(base_url=server.base_url) as anonymous:
        started = anonymous.post("/api/demo", json={"exercise": "clamshell"}).json()
    wrong = started["ws_path"].split("?")[0] + "?token=nope"
    with connect(server.ws_url + wrong, open_timeout=30) as ws:
        assert receive(ws)["code"] == "refused"
    with connect(server.ws_url + started["ws_path"], open_timeout=30) as ws:
        assert receive(ws)["type"] == "session"
    with connect(server.ws_url + started["ws_path"], open_timeout=30) as ws:
        assert receive(ws)["code"] == "refused"  # a demo is not resumed


@pytest.mark.parametrize("exercise", ["cartwheel", ""])
def test_an_unknown_demo_exercise_is_refused(server: RunningServer, exercise: str) -> None:
    with httpx.Client(base_url=server.base_url) as anonymous:
        assert anonymous.post("/api/demo", json={"exercise": exercise}).status_code == 422


def test_idle_demo_sockets_give_their_places_back(
    tmp_path: Path, replay_factory: EstimatorFactory
) -> None:
    """Two sockets that send nothing held both demo places for good; now each is closed
    after the demo's idle time, and the demo can be started again."""
    from websockets.sync.client import connect

    with (
        running_server(tmp_path, estimator_factory=replay_factory, demo_idle_s=0.5) as server,
        httpx.Client(base_url=server.base_url) as anonymous,
    ):
        paths = [
            anonymous.post("/api/demo", json={"exercise": "bridge"}).json()["ws_path"]
            for _ in range(server.settings.demo_sessions)
        ]
        assert anonymous.post("/api/demo", json={"exercise": "bridge"}).status_code == 503
        for path in paths:
            with connect(server.ws_url + path, open_timeout=30) as ws:
                assert receive(ws)["type"] == "session"
                assert closed_code(ws, timeout_s=10.0) == CloseCode.IDLE
        assert eventually(lambda: len(app_state(server.app).demo), lambda n: n == 0) == 0
        assert anonymous.post("/api/demo", json={"exercise": "bridge"}).status_code == 200

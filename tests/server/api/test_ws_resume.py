"""A dropped connection resumes the same session with its counts; nothing counted is
lost, neither within the grace period (live object kept) nor after a server restart
(state rebuilt by replaying the recorded landmarks)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection

from exercises.registry import SPECS
from server.api.state import app_state
from server.clock import ManualClock
from tests.server.clients import Client, eventually, play_paced, receive
from tests.server.conftest import BRIDGE_CLIP
from tests.server.live_server import running_server

pytestmark = [pytest.mark.real_model, pytest.mark.real_video]

FPS = 8.0  # the clip is sent at 8 fps on the server's clock


def _drop(ws: ClientConnection) -> None:
    """The network goes away: no close handshake."""
    ws.socket.shutdown(socket.SHUT_RDWR)
    ws.socket.close()


def _reps(message: dict[str, object]) -> int:
    status = message["status"]
    assert isinstance(status, dict)
    return int(status["reps"])


@pytest.fixture
def bridge() -> str:
    if "bridge" not in SPECS:
        pytest.skip("the bridge engine is not registered yet")
    return "bridge"


def test_reconnect_within_grace_keeps_counts(
    model_patient: Client,
    bridge: str,
    bridge_frames: list[bytes],
    labels: dict[str, dict[str, Any]],
) -> None:
    patient = model_patient
    session = patient.new_session(bridge)
    half = len(bridge_frames) * 6 // 10  # about three of the five reps
    with patient.socket(session["ws_path"]) as ws:
        assert receive(ws)["resumed"] is False
        before = _reps(play_paced(ws, bridge_frames[:half], FPS, patient.server.clock))
        _drop(ws)
    assert before >= 1, "the first part of the clip should count at least one rep"
    with patient.socket(session["ws_path"]) as ws:
        hello = receive(ws)
        assert hello["type"] == "session"
        assert hello["resumed"] is True
        assert hello["status"]["reps"] == before
        after = _reps(play_paced(ws, bridge_frames[half:], FPS, patient.server.clock))
        ws.send(json.dumps({"type": "finish"}))
        finished = receive(ws)
        while finished["type"] != "finished":
            finished = receive(ws)
    assert after >= before
    summary = finished["summary"]
    assert summary["reps"] >= after
    detail = patient.http.get(f"/api/sessions/{session['session_id']}").json()
    recorded = [e for e in detail["events"] if e["kind"] == "rep_completed"]
    assert len(recorded) == summary["reps"]
    assert [e["index"] for e in recorded] == list(range(1, len(recorded) + 1))
    # Split across two connections, the clip still counts what a careful counter counts.
    assert summary["reps"] in labels[BRIDGE_CLIP]["reps_ok"]


def test_server_restart_restores_by_replay(
    tmp_path: Path, database_url: str, bridge: str, bridge_frames: list[bytes]
) -> None:
    """On SQLite and on PostgreSQL: what the first server recorded, the second replays."""
    half = len(bridge_frames) * 6 // 10
    with (
        running_server(tmp_path, clock=ManualClock(), database_url=database_url) as first,
        Client.login(first, *first.credentials()["patient"]) as patient,
    ):
        session = patient.new_session(bridge)
        with patient.socket(session["ws_path"]) as ws:
            receive(ws)
            before = _reps(play_paced(ws, bridge_frames[:half], FPS, patient.server.clock))
            _drop(ws)
    assert before >= 1
    with (
        running_server(tmp_path, clock=ManualClock(), database_url=database_url) as second,
        Client.login(second, *second.credentials()["patient"]) as patient,
    ):
        with patient.socket(session["ws_path"]) as ws:
            hello = receive(ws)
            assert hello["resumed"] is True
            assert hello["status"]["reps"] == before
            after = _reps(play_paced(ws, bridge_frames[half:], FPS, patient.server.clock))
        assert after >= before
        detail = patient.http.get(f"/api/sessions/{session['session_id']}").json()
        recorded = [e for e in detail["events"] if e["kind"] == "rep_completed"]
        assert len(recorded) == after


def test_after_the_grace_period_the_session_is_rebuilt_by_replay(
    tmp_path: Path, bridge: str, bridge_frames: list[bytes]
) -> None:
    """The live object is closed when the grace period ends; coming back later rebuilds
    it from the recording with the same counts."""
    clock = ManualClock()
    with running_server(tmp_path, clock=clock, resume_grace_s=0.2, sweep_every_s=0.1) as server:
        registry = app_state(server.app).live
        with Client.login(server, *server.credentials()["patient"]) as patient:
            session = patient.new_session(bridge)
            with patient.socket(session["ws_path"]) as ws:
                receive(ws)
                before = _reps(
                    play_paced(
                        ws, bridge_frames[: len(bridge_frames) // 2], FPS, patient.server.clock
                    )
                )
                _drop(ws)

            def swept() -> int:
                # Past the grace period however late the server saw the drop (its
                # detach reads the clock too); the sweep (every 0.1 s) then closes it.
                clock.advance(1.0)
                return len(registry)

            eventually(swept, lambda n: n == 0)
            assert len(registry) == 0, "the grace period ended: the live session is closed"
            with patient.socket(session["ws_path"]) as ws:
                hello = receive(ws)
        assert registry.restored == 1
    assert hello["resumed"] is True
    assert hello["status"]["reps"] == before

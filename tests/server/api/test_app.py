"""`create_app(settings, estimator_factory=...)`: with an estimator injected, logins, the
API and live sessions run in-process on the replay of a recorded bridge, and the model
is never loaded (the `app_client` fixture fails the test if it is)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from server.api.app import create_app
from server.api.bootstrap import CREDENTIALS_FILE
from server.api.state import app_state
from server.clock import Clock
from server.live.inference import EstimatorFactory
from server.settings import Settings
from tests.server.pacing import frame_slots
from tests.server.replay import REPLAY_FPS, REPLAY_REPS, bridge_recording

FRAME = cv2.imencode(".jpg", np.full((480, 640, 3), 80, np.uint8))[1].tobytes()


def _log_in(client: TestClient) -> dict[str, str]:
    assert isinstance(client.app, FastAPI)
    app_state(client.app).users.create_user("anna", "anna-wachtwoord", "patient")
    r = client.post("/api/login", json={"username": "anna", "password": "anna-wachtwoord"})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _answer(ws: WebSocketTestSession) -> dict[str, Any]:
    while True:
        message: dict[str, Any] = ws.receive_json()
        if "seq" in message:
            return message


def test_logins_and_the_programme_run_in_process(app_client: TestClient) -> None:
    assert app_client.get("/api/me").status_code == 401
    auth = _log_in(app_client)
    assert app_client.get("/api/me", headers=auth).json()["username"] == "anna"
    items = app_client.get("/api/programme", headers=auth).json()["items"]
    assert "bridge" in {i["exercise"] for i in items}


def _app_clock(client: TestClient) -> Clock:
    app = client.app
    assert isinstance(app, FastAPI)
    return app_state(app).clock


def test_a_live_session_counts_the_replayed_bridge(app_client: TestClient) -> None:
    """The recorded poses go through the live session's real pipeline and engine: sent at
    the recording's frame rate, its reps are counted (the frames' pixels do not matter)."""
    auth = _log_in(app_client)
    session = app_client.post("/api/sessions", json={"exercise": "bridge"}, headers=auth).json()
    frames = len(bridge_recording())
    answers = []
    with app_client.websocket_connect(session["ws_path"], headers=auth) as ws:
        assert ws.receive_json()["type"] == "session"
        for _ in frame_slots(frames, REPLAY_FPS, _app_clock(app_client)):
            ws.send_bytes(FRAME)
            answers.append(_answer(ws))
    assert {a["type"] for a in answers} == {"result"}, answers[-1]
    assert all(a["pose"] is not None for a in answers[10:]), "the replay gives a pose"
    assert answers[-1]["status"]["reps"] == REPLAY_REPS


def test_the_first_runs_passwords_go_only_to_the_private_file(
    tmp_path: Path,
    replay_factory: EstimatorFactory,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = Settings(data_dir=tmp_path, create_demo_users=True)
    with (
        caplog.at_level(logging.INFO),
        TestClient(create_app(settings, estimator_factory=replay_factory)),
    ):
        pass
    saved = (tmp_path / CREDENTIALS_FILE).read_text(encoding="utf-8")
    passwords = [line.rsplit(" / ", 1)[1] for line in saved.splitlines() if " / " in line]
    assert len(passwords) == 2
    out, err = capfd.readouterr()
    logged = caplog.text + out + err
    assert str(tmp_path / CREDENTIALS_FILE) in caplog.text  # where to find them
    assert [p for p in passwords if p in logged] == []

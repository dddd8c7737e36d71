"""A reloaded patient page carries on with its unfinished session:
`POST /api/sessions/{id}/resume` gives the counts so far, the workout's pain before and
the exercises already done, and refuses another patient, a wrong token, a finished
session and one no longer live."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from exercises.registry import SPECS
from server.api.state import app_state
from server.clock import ManualClock
from server.live.inference import EstimatorFactory
from tests.server.api.test_ws_resume import FPS, _drop, _reps
from tests.server.clients import Client, eventually, play_paced, receive
from tests.server.live_server import RunningServer, running_server
from tests.server.pacing import frame_slots


def _resume(client: Client, session_id: str, token: str) -> httpx.Response:
    return client.http.post(f"/api/sessions/{session_id}/resume", json={"resume_token": token})


def _finish(client: Client, ws_path: str) -> dict[str, object]:
    with client.socket(ws_path) as ws:
        receive(ws)
        ws.send(json.dumps({"type": "finish"}))
        message = receive(ws)
        while message["type"] != "finished":
            message = receive(ws)
    return message


def _connect_and_drop(client: Client, ws_path: str) -> None:
    with client.socket(ws_path) as ws:
        assert receive(ws)["type"] == "session"
        _drop(ws)


@pytest.fixture
def two_exercises() -> tuple[str, str]:
    if not {"bridge", "clamshell"} <= set(SPECS):
        pytest.skip("needs the bridge and clamshell engines")
    return "bridge", "clamshell"


@pytest.mark.real_model
@pytest.mark.real_video
def test_reloaded_page_carries_on_with_the_counts(
    model_patient: Client, two_exercises: tuple[str, str], bridge_frames: list[bytes]
) -> None:
    patient = model_patient
    session = patient.new_session("bridge")
    sid, token = session["session_id"], session["resume_token"]
    workout_id = patient.http.get(f"/api/sessions/{sid}").json()["session"]["workout_id"]
    patient.http.post(
        f"/api/workouts/{workout_id}/pain", json={"moment": "before", "score": 4}
    ).raise_for_status()
    with patient.socket(session["ws_path"]) as ws:
        receive(ws)
        before = _reps(
            play_paced(ws, bridge_frames[: len(bridge_frames) * 6 // 10], FPS, patient.server.clock)
        )
        _drop(ws)  # the page reloads: its socket goes away
    assert before >= 1

    r = _resume(patient, sid, token)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["session_id"] == sid
    assert body["exercise"] == "bridge"
    assert body["prescription"] == session["prescription"]
    progress = body["status"]["progress"]  # the engine's, carried on (exercises.progress)
    assert (progress["reps_done"], progress["reps_in_set"]) == (before, before)
    assert progress["set_index"] == 1
    assert body["workout"] == {"workout_id": workout_id, "pain_before": 4, "done": []}
    assert body["pose_mode"] == "auto"  # the clinic's setting, as the session's start says

    with patient.socket(body["ws_path"]) as ws:
        hello = receive(ws)
    assert hello["resumed"] is True
    assert hello["session_id"] == sid
    assert _reps(hello) == before

    finished = _finish(patient, body["ws_path"])
    summary = finished["summary"]
    assert isinstance(summary, dict)
    assert summary["reps"] >= before
    r = _resume(patient, sid, token)
    assert r.status_code == 409, r.text
    assert "finished" in r.json()["message"]


def test_the_workout_lists_the_exercises_already_done(
    patient: Client, two_exercises: tuple[str, str]
) -> None:
    first, second = two_exercises
    workout_id = patient.http.post("/api/workouts").json()["workout_id"]
    created = [
        patient.http.post("/api/sessions", json={"exercise": name, "workout_id": workout_id}).json()
        for name in (first, second)
    ]
    _finish(patient, created[0]["ws_path"])
    _connect_and_drop(patient, created[1]["ws_path"])

    r = _resume(patient, created[1]["session_id"], created[1]["resume_token"])
    assert r.status_code == 200, r.text
    workout = r.json()["workout"]
    assert workout["workout_id"] == workout_id
    assert workout["pain_before"] is None
    assert [d["session_id"] for d in workout["done"]] == [created[0]["session_id"]]
    assert workout["done"][0]["exercise"] == first
    assert workout["done"][0]["finished"] is True


def test_refusals(server: RunningServer, patient: Client, two_exercises: tuple[str, str]) -> None:
    session = patient.new_session("bridge")
    sid, token = session["session_id"], session["resume_token"]

    never_connected = _resume(patient, sid, token)
    assert never_connected.status_code == 410, never_connected.text

    _connect_and_drop(patient, session["ws_path"])
    assert _resume(patient, sid, token).status_code == 200

    wrong = _resume(patient, sid, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert wrong.status_code == 403, wrong.text
    assert _resume(patient, sid, "").status_code == 422
    assert _resume(patient, "0" * 32, token).status_code == 404

    app_state(server.app).users.create_user("other_patient", "other-pass-123", "patient")
    with Client.login(server, "other_patient", "other-pass-123") as other:
        stolen = _resume(other, sid, token)  # even with the right token
    assert stolen.status_code == 404, stolen.text
    assert stolen.json()["message"] == f"no session {sid}"  # as if it did not exist
    with Client.login(server, *server.credentials()["therapist"]) as therapist:
        assert _resume(therapist, sid, token).status_code == 404
    with httpx.Client(base_url=server.base_url) as anonymous:
        r = anonymous.post(f"/api/sessions/{sid}/resume", json={"resume_token": token})
        assert r.status_code == 401
    # The refusals took nothing away: the owner can still carry on.
    assert _resume(patient, sid, token).status_code == 200


def test_after_the_grace_period_the_page_starts_anew(
    tmp_path: Path, two_exercises: tuple[str, str], replay_factory: EstimatorFactory
) -> None:
    """Refused as soon as the grace period is over, before the sweep closes the session
    (the app's sweep is held off here), and after the sweep too."""
    with running_server(
        tmp_path, estimator_factory=replay_factory, resume_grace_s=1.0, sweep_every_s=600.0
    ) as server:
        registry = app_state(server.app).live
        with Client.login(server, *server.credentials()["patient"]) as patient:
            session = patient.new_session("bridge")
            sid, token = session["session_id"], session["resume_token"]
            _connect_and_drop(patient, session["ws_path"])
            within = _resume(patient, sid, token)
            late = eventually(lambda: _resume(patient, sid, token), lambda r: r.status_code != 200)
            unswept = len(registry)
            closed = registry.sweep()  # nothing else touches the registry now
            swept = _resume(patient, sid, token)
    assert within.status_code == 200, within.text
    assert late.status_code == 410, late.text
    assert "no longer live" in late.json()["message"]
    assert unswept == 1, "refused by the clock, not because the sweep had closed it"
    assert closed == [sid]
    assert swept.status_code == 410, swept.text


def test_a_reloaded_page_carries_on_after_a_server_restart(
    tmp_path: Path, replay_factory: EstimatorFactory
) -> None:
    """The server that held the session is gone (restarted here; with several server
    processes, another one takes over): the session is rebuilt from the database by
    replay, with its counts, while its last frame is within the grace period."""
    import cv2
    import numpy as np

    from tests.server.clients import answer_for_frame
    from tests.server.replay import REPLAY_FPS, bridge_recording

    frame = cv2.imencode(".jpg", np.full((360, 480, 3), 90, np.uint8))[1].tobytes()
    clock = ManualClock()
    with running_server(tmp_path, estimator_factory=replay_factory, clock=clock) as server:
        credentials = server.credentials()["patient"]
        with Client.login(server, *credentials) as patient:
            session = patient.new_session("bridge")
            with patient.socket(session["ws_path"]) as ws:
                receive(ws)
                for _ in frame_slots(len(bridge_recording()) * 3 // 4, REPLAY_FPS, clock):
                    ws.send(frame)
                    last = answer_for_frame(ws)
                _drop(ws)
    before = last["status"]["progress"]["reps_done"]
    assert before >= 1
    sid, token = session["session_id"], session["resume_token"]
    with (
        running_server(tmp_path, estimator_factory=replay_factory, clock=clock) as again,
        Client.login(again, *credentials) as patient,
    ):
        resumed = _resume(patient, sid, token)
        assert resumed.status_code == 200, resumed.text
        assert resumed.json()["status"]["progress"]["reps_done"] == before
        assert app_state(again.app).live.restored == 1
        with patient.socket(resumed.json()["ws_path"]) as ws:
            hello = receive(ws)
            assert (hello["resumed"], hello["status"]["progress"]["reps_done"]) == (True, before)

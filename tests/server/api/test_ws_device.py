"""On-device pose over a real uvicorn: a `source=device` socket takes landmark messages
(no image), counts them as frames are counted, refuses what is not one, is allowed or
refused by the clinic's pose_mode, has its own cap, and may switch source on a
reconnect without losing a count."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pose.types import Observation
from server.api.state import app_state
from server.live.inference import EstimatorFactory
from server.live.landmark_frame import landmarks_to_binary
from server.live.landmarks import MAX_LANDMARK_BYTES, landmarks_to_wire
from server.wire import dumps
from tests.server.clients import Client, answer_for_frame, closed_code, play_paced, receive
from tests.server.live_server import RunningServer, running_server
from tests.server.pacing import frame_slots
from tests.server.replay import _JPEG, REPLAY_FPS, REPLAY_REPS, bridge_recording

BRIDGE = "bridge"


def _landmarks(obs: Observation, t_ms: float | None = None) -> str:
    people = [] if obs.pose is None else [obs.pose]
    return dumps(landmarks_to_wire(obs.timestamp_ms if t_ms is None else t_ms, people, [], 9.5))


def _device(patient: Client) -> tuple[dict[str, Any], str]:
    session = patient.new_session(BRIDGE)
    return session, session["ws_path"] + "&source=device"


def test_device_and_server_count_alike_and_a_reconnect_may_switch(patient: Client) -> None:
    """The recorded bridge as landmarks counts its reps, as the same recording through the
    server's estimator does; reconnected with images, the count goes on from there."""
    session, device_path = _device(patient)
    assert session["pose_mode"] == "auto"
    recording = bridge_recording()
    with patient.socket(device_path) as ws:
        hello = receive(ws)
        assert (hello["type"], hello["source"], hello["resumed"]) == ("session", "device", False)
        last = play_paced(ws, [_landmarks(o) for o in recording], REPLAY_FPS, patient.server.clock)
        assert last["status"]["reps"] == REPLAY_REPS
        assert last["timing"]["inference_ms"] == 9.5  # the browser's own model time
        assert last["counters"] == {"received": len(recording), "dropped": 0, "rejected": 0}
    resumed = patient.http.post(
        f"/api/sessions/{session['session_id']}/resume",
        json={"resume_token": session["resume_token"]},
    ).json()
    assert (resumed["pose_mode"], resumed["status"]["reps"]) == ("auto", REPLAY_REPS)
    with patient.socket(session["ws_path"] + "&source=server") as ws:
        hello = receive(ws)
        assert (hello["source"], hello["resumed"]) == ("server", True)
        assert hello["status"]["reps"] == REPLAY_REPS
        last = play_paced(
            ws, [_JPEG] * len(recording), REPLAY_FPS, patient.server.clock
        )  # the replay estimator: the same poses
        assert last["status"]["reps"] == 2 * REPLAY_REPS
        assert last["seq"] == 2 * len(recording)


def test_binary_landmark_frames_count_as_the_json_form_does(patient: Client) -> None:
    """What the page sends: the recorded bridge as binary frames counts its reps, every
    frame a result, as the JSON form above."""
    _, device_path = _device(patient)
    recording = bridge_recording()
    frames = [
        landmarks_to_binary(o.timestamp_ms, [] if o.pose is None else [o.pose], [], 9.5)
        for o in recording
    ]
    with patient.socket(device_path) as ws:
        assert receive(ws)["source"] == "device"
        last = play_paced(ws, frames, REPLAY_FPS, patient.server.clock)
        assert last["status"]["reps"] == REPLAY_REPS
        assert last["timing"]["inference_ms"] == 9.5
        assert last["counters"] == {"received": len(recording), "dropped": 0, "rejected": 0}


@pytest.mark.parametrize("source", ["device", "server"])
def test_a_rep_is_stored_before_the_page_hears_of_it(
    server: RunningServer, patient: Client, source: str
) -> None:
    """Sessions buffer their frames for the shared writer, but an answer with events
    waits for them to be committed: a crash after the page showed a rep never loses it,
    whether the poses came as landmarks or as images."""
    session = patient.new_session(BRIDGE)
    store = app_state(server.app).sessions
    heard = 0
    recording = bridge_recording()
    with patient.socket(f"{session['ws_path']}&source={source}") as ws:
        assert receive(ws)["source"] == source
        for i in frame_slots(len(recording), REPLAY_FPS, server.clock):  # as a page
            ws.send(_landmarks(recording[i]) if source == "device" else _JPEG)
            answer = answer_for_frame(ws)  # read the database at once: no writer's tick
            reps = [e for e in answer["events"] if e["kind"] == "rep_completed"]
            if reps:
                heard += len(reps)
                stored = [
                    e for e in store.events(session["session_id"]) if e.kind == "rep_completed"
                ]
                assert len(stored) == heard, (stored, answer["events"])
    assert heard == REPLAY_REPS


def test_images_and_malformed_landmarks_are_refused_and_the_session_goes_on(
    patient: Client,
) -> None:
    _, path = _device(patient)
    obs = next(o for o in bridge_recording() if o.pose is not None)
    with patient.socket(path) as ws:
        receive(ws)
        ws.send(_JPEG)
        refused = answer_for_frame(ws)
        assert (refused["type"], refused["code"], refused["seq"]) == (
            "error",
            "image_not_expected",
            1,
        )
        ws.send("x" * (MAX_LANDMARK_BYTES + 1))
        assert answer_for_frame(ws)["code"] == "landmarks_too_large"
        ws.send(_landmarks(obs, 5000.0))
        assert answer_for_frame(ws)["type"] == "result"
        ws.send(_landmarks(obs, 4000.0))  # the page's clock went back
        back = answer_for_frame(ws)
        assert back["code"] == "landmarks_out_of_order"
        assert "more than 5000.0" in back["message"]
        ws.send(dumps({"type": "landmarks", "t_ms": 6000, "size": [640, 480], "people": [{}]}))
        assert answer_for_frame(ws)["code"] == "bad_landmarks"
        ws.send(_landmarks(obs, 6000.0))
        last = answer_for_frame(ws)
        assert last["type"] == "result"
        assert last["counters"] == {"received": 6, "dropped": 0, "rejected": 4}


def test_landmarks_on_an_image_socket_are_refused(patient: Client) -> None:
    session = patient.new_session(BRIDGE)
    obs = next(o for o in bridge_recording() if o.pose is not None)
    with patient.socket(session["ws_path"]) as ws:
        assert receive(ws)["source"] == "server"
        ws.send(_landmarks(obs))
        assert answer_for_frame(ws)["code"] == "landmarks_not_expected"


@pytest.mark.parametrize(("mode", "refused"), [("server", "device"), ("device", "server")])
def test_the_clinics_pose_mode_refuses_the_other_source(
    tmp_path: Path, replay_factory: EstimatorFactory, mode: str, refused: str
) -> None:
    with running_server(tmp_path, estimator_factory=replay_factory, pose_mode=mode) as server:
        patient = Client.login(server, *server.credentials()["patient"])
        session = patient.new_session(BRIDGE)
        assert session["pose_mode"] == mode
        with patient.socket(session["ws_path"] + f"&source={refused}") as ws:
            message = receive(ws)
            assert message["code"] == "refused"
            assert f"source={refused} refused" in message["message"]
            assert closed_code(ws) == 4403
        with patient.socket(session["ws_path"] + f"&source={mode}") as ws:
            assert receive(ws)["source"] == mode
        demo = patient.http.post("/api/demo", json={"exercise": BRIDGE}).json()
        assert demo["pose_mode"] == mode
        with patient.socket(demo["ws_path"] + f"&source={mode}") as ws:
            assert receive(ws)["source"] == mode
        patient.http.close()


def test_device_sessions_have_their_own_cap(
    tmp_path: Path, replay_factory: EstimatorFactory
) -> None:
    with running_server(
        tmp_path,
        estimator_factory=replay_factory,
        device_sessions=1,
        live_sessions=1,
        live_sessions_per_user=3,
    ) as server:
        patient = Client.login(server, *server.credentials()["patient"])
        _, first = _device(patient)
        _, second = _device(patient)
        image = patient.new_session(BRIDGE)["ws_path"]
        with patient.socket(first) as held:
            assert receive(held)["source"] == "device"
            with patient.socket(second) as ws:
                assert receive(ws)["code"] == "server_full"
                assert closed_code(ws) == 4503
            with patient.socket(image) as ws:  # an image session has its own cap
                assert receive(ws)["source"] == "server"
                assert app_state(server.app).live.count("device") == 1
        patient.http.close()


def test_an_unknown_source_is_refused(server: RunningServer, patient: Client) -> None:
    session = patient.new_session(BRIDGE)
    with patient.socket(session["ws_path"] + "&source=gpu") as ws:
        assert "source must be device or server" in receive(ws)["message"]
        assert closed_code(ws) == 4403

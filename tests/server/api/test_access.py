"""Access is authenticated and limited to whom it belongs."""

from __future__ import annotations

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from server.cli.admin import create_user
from tests.server.clients import Client, receive
from tests.server.databases import on_both_databases
from tests.server.live_server import RunningServer

pytestmark = [on_both_databases]


@pytest.fixture(scope="module")
def others(server: RunningServer) -> dict[str, tuple[str, str]]:
    """A second therapist with their own patient (not the demo therapist's)."""
    create_user(server.settings, "dr-jansen", "jansen-wachtwoord", "therapist")
    create_user(
        server.settings, "mevrouw-de-vries", "devries-wachtwoord", "patient", therapist="dr-jansen"
    )
    return {
        "therapist": ("dr-jansen", "jansen-wachtwoord"),
        "patient": ("mevrouw-de-vries", "devries-wachtwoord"),
    }


def test_api_needs_login(server: RunningServer) -> None:
    for path in ("/api/me", "/api/programme", "/api/sessions"):
        assert httpx.get(server.base_url + path).status_code == 401


def test_wrong_password_is_refused(server: RunningServer) -> None:
    user, _ = server.credentials()["patient"]
    r = httpx.post(server.base_url + "/api/login", json={"username": user, "password": "nope1234"})
    assert r.status_code == 401


def test_cross_origin_write_is_refused(patient: Client) -> None:
    r = patient.http.post("/api/workouts", headers={"Origin": "https://evil.example"})
    assert r.status_code == 403


def _close_code(client: Client, path: str, origin: str | None = None) -> int:
    with client.socket(path, origin=origin) as ws:
        assert receive(ws)["code"] == "refused"
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code


def test_socket_refusals(
    server: RunningServer, patient: Client, exercise_name: str, others: dict[str, tuple[str, str]]
) -> None:
    session = patient.new_session(exercise_name)
    sid, token = session["session_id"], session["resume_token"]
    with connect(f"{server.ws_url}/ws/sessions/{sid}?resume_token={token}") as ws:
        assert receive(ws)["code"] == "refused"  # no login at all
    assert _close_code(patient, f"/ws/sessions/{sid}?resume_token=wrong") == 4403
    assert _close_code(patient, "/ws/sessions/nosuchsession?resume_token=x") == 4404
    assert _close_code(patient, session["ws_path"], origin="https://evil.example") == 4403
    with Client.login(server, *others["patient"]) as stranger:
        assert _close_code(stranger, session["ws_path"]) == 4404


def test_each_sees_only_their_own(
    server: RunningServer, patient: Client, exercise_name: str, others: dict[str, tuple[str, str]]
) -> None:
    mine = patient.new_session(exercise_name)["session_id"]
    with (
        Client.login(server, *others["patient"]) as stranger,
        Client.login(server, *others["therapist"]) as other_therapist,
        Client.login(server, *server.credentials()["therapist"]) as my_therapist,
    ):
        theirs = stranger.new_session(exercise_name)["session_id"]
        assert stranger.http.get(f"/api/sessions/{mine}").status_code == 404
        assert other_therapist.http.get(f"/api/sessions/{mine}").status_code == 404
        assert my_therapist.http.get(f"/api/sessions/{mine}").status_code == 200
        assert my_therapist.http.get(f"/api/sessions/{theirs}").status_code == 404
        listed = {s["session_id"] for s in my_therapist.http.get("/api/sessions").json()}
        assert mine in listed
        assert theirs not in listed
        assert {s["session_id"] for s in patient.http.get("/api/sessions").json()}.isdisjoint(
            {theirs}
        )


def test_therapist_prescribes_for_own_patients_only(
    server: RunningServer, patient: Client, exercise_name: str, others: dict[str, tuple[str, str]]
) -> None:
    with (
        Client.login(server, *server.credentials()["therapist"]) as therapist,
        Client.login(server, *others["therapist"]) as other_therapist,
    ):
        me = patient.user["id"]
        plan = [{"exercise": exercise_name, "prescription": {"reps": 12, "sets": 2}}]
        assert (
            other_therapist.http.put(f"/api/patients/{me}/programme", json=plan).status_code == 404
        )
        assert patient.http.put(f"/api/patients/{me}/programme", json=plan).status_code == 403
        r = therapist.http.put(f"/api/patients/{me}/programme", json=plan)
        assert r.status_code == 200, r.text
        bad = [{"exercise": "cartwheel"}]
        assert therapist.http.put(f"/api/patients/{me}/programme", json=bad).status_code == 422
    programme = patient.http.get("/api/programme").json()
    assert programme["prescribed"] is True
    assert programme["items"][0]["prescription"]["reps"] == 12
    assert programme["items"][0]["prescription"]["sets"] == 2
    session = patient.new_session(exercise_name)
    assert session["prescription"]["reps"] == 12

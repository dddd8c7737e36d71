"""A therapist prescribes belly breathing (session length and pacer); the patient gets it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from server.api.state import app_state
from tests.server.clients import Client, receive
from tests.server.databases import on_both_databases
from tests.server.live_server import RunningServer

pytestmark = [on_both_databases]

BREATHING = {"duration_s": 480.0, "pace_in_s": 3.0, "pace_out_s": 5.0}  # 8 min, 3 s in, 5 s out


def test_breathing_session_length_and_pace_reach_the_patient(
    therapist: Client, patient: Client
) -> None:
    me = patient.user["id"]
    plan = [
        {"exercise": "bridge", "prescription": {"reps": 12, "sets": 3, "hold_s": 5, "rest_s": 60}},
        {"exercise": "breathing", "prescription": BREATHING},
    ]
    r = therapist.http.put(f"/api/patients/{me}/programme", json=plan)
    assert r.status_code == 200, r.text
    seen = therapist.http.get(f"/api/patients/{me}/programme").json()
    assert seen["items"][1]["prescription"] | BREATHING == seen["items"][1]["prescription"]
    items = {
        i["exercise"]: i["prescription"] for i in patient.http.get("/api/programme").json()["items"]
    }
    assert items["breathing"] | BREATHING == items["breathing"]
    assert (items["bridge"]["pace_in_s"], items["bridge"]["pace_out_s"]) == (4.0, 6.0)  # defaults
    session = patient.new_session("breathing")
    assert session["prescription"] | BREATHING == session["prescription"]
    with patient.socket(session["ws_path"]) as ws:
        hello = receive(ws)
        assert hello["type"] == "session", hello
        assert hello["prescription"] | BREATHING == hello["prescription"]


@pytest.mark.parametrize(
    ("field", "value"), [("pace_in_s", 0.5), ("pace_out_s", 20.0), ("duration_s", 7200.0)]
)
def test_pace_or_length_out_of_range_is_refused(
    therapist: Client, patient: Client, field: str, value: float
) -> None:
    plan = [{"exercise": "breathing", "prescription": {field: value}}]
    r = therapist.http.put(f"/api/patients/{patient.user['id']}/programme", json=plan)
    assert r.status_code == 422
    assert f"Prescription.{field}" in r.json()["message"]
    low, high = {"pace_in_s": (1, 15), "pace_out_s": (1, 15), "duration_s": (0, 3600)}[field]
    assert r.json()["fields"] == [
        {"exercise": "breathing", "field": field, "code": "out_of_range", "min": low, "max": high}
    ]


def test_programme_stored_before_the_pacer_loads_with_the_default_pace(
    server: RunningServer, therapist: Client, patient: Client
) -> None:
    """A prescription saved before pace_in_s/pace_out_s existed still loads: 4 s in, 6 s out."""
    old = {"reps": 1, "sets": 1, "hold_s": 5.0, "rest_s": 60.0, "side": "both", "duration_s": 600.0}
    state = app_state(server.app)
    me, by = patient.user["id"], therapist.user["id"]
    with state.db.transaction() as conn:
        conn.execute(text("DELETE FROM prescriptions WHERE patient_id = :me"), {"me": me})
        conn.execute(
            text(
                "INSERT INTO prescriptions (patient_id, therapist_id, position, exercise,"
                " prescription_json, created_ms) VALUES (:me, :by, 0, 'breathing', :body, 0)"
            ),
            {"me": me, "by": by, "body": json.dumps(old)},
        )
    programme = patient.http.get("/api/programme").json()
    assert programme["prescribed"] is True
    [item] = programme["items"]
    assert item["prescription"] == old | {
        "pace_in_s": 4.0,
        "pace_out_s": 6.0,
        "sessions_per_week": 7,
    }

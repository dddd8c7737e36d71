"""The safety advice on the pain score over HTTP (issue 25), on a real database: pain 9
before exercising gets the advice to stop in the answer, the workout keeps it, and the
patient's therapist reads it first among the flags (the list and the patient's progress);
a rise of 2 after exercising likewise; a score without cause gets none."""

from __future__ import annotations

from typing import Any

from server.progress.flags import NOT_ASKED
from tests.server.clients import Client
from tests.server.databases import on_both_databases
from tests.server.live_server import RunningServer

pytestmark = [on_both_databases]


def _pain(patient: Client, workout: int, moment: str, score: int) -> dict[str, Any]:
    r = patient.http.post(f"/api/workouts/{workout}/pain", json={"moment": moment, "score": score})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def _flags(server: RunningServer, patient_id: int) -> tuple[list[Any], list[Any]]:
    """(the patient's flags on their progress, and in the therapist's patient list)."""
    with Client.login(server, *server.credentials()["therapist"]) as therapist:
        progress = therapist.http.get(f"/api/patients/{patient_id}/progress").json()["flags"]
        listed = {p["id"]: p for p in therapist.http.get("/api/patients").json()}
    return progress, listed[patient_id]["flags"]


def test_the_advice_is_given_kept_and_shown_to_the_therapist(server: RunningServer) -> None:
    with Client.login(server, *server.credentials()["patient"]) as patient:
        patient_id = int(patient.user["id"])
        calm = patient.http.post("/api/workouts").json()["workout_id"]
        assert _pain(patient, calm, "before", 6)["advice"] is None
        high = patient.http.post("/api/workouts").json()["workout_id"]
        said = _pain(patient, high, "before", 9)
        assert said["advice"] == {"code": "pain_high_before", "before": 9, "after": None}
        assert said["workout"]["pain_advice"] == "pain_high_before"
    progress, listed = _flags(server, patient_id)
    advice = {"code": "pain_advice", "exercise": None, "values": {"before": 9, "after": NOT_ASKED}}
    assert progress[0] | {"keys": []} == advice | {"keys": []}
    assert listed[0]["code"] == "pain_advice"

    with Client.login(server, *server.credentials()["patient"]) as patient:
        rose = patient.http.post("/api/workouts").json()["workout_id"]
        assert _pain(patient, rose, "before", 3)["advice"] is None
        after = _pain(patient, rose, "after", 5)
        assert after["advice"] == {"code": "pain_rose_after", "before": 3, "after": 5}
    progress, _ = _flags(server, patient_id)
    assert progress[0]["values"] == {"before": 3, "after": 5}

"""A prescription per exercise: the side, a note for the patient, switched off and kept;
a dose that breaks a rule is answered with each field and a code the page has a text for."""

from __future__ import annotations

from typing import Any

import pytest

from tests.server.clients import Client
from tests.server.databases import on_both_databases

pytestmark = [on_both_databases]


def put(therapist: Client, patient: Client, plan: list[dict[str, Any]]) -> Any:
    return therapist.http.put(f"/api/patients/{patient.user['id']}/programme", json=plan)


def test_side_and_note_reach_the_patient(therapist: Client, patient: Client) -> None:
    plan = [
        {
            "exercise": "clamshell",
            "prescription": {"reps": 8, "sets": 2, "side": "right"},
            "note": "  Rustig openen, bekken stil.  ",
        },
        {"exercise": "bridge", "prescription": {"reps": 10}},
    ]
    r = put(therapist, patient, plan)
    assert r.status_code == 200, r.text
    [clam, bridge] = patient.http.get("/api/programme").json()["items"]
    assert clam["exercise"] == "clamshell"
    assert clam["prescription"]["side"] == "right"
    assert clam["note"] == "Rustig openen, bekken stil."
    assert (bridge["note"], bridge["enabled"]) == ("", True)
    session = patient.new_session("clamshell")
    assert session["prescription"]["side"] == "right"
    assert session["prescription"]["reps"] == 8


def test_an_exercise_switched_off_keeps_its_dose(therapist: Client, patient: Client) -> None:
    plan: list[dict[str, Any]] = [
        {"exercise": "bridge", "prescription": {"reps": 7, "hold_s": 9}, "note": "Langzaam"},
        {"exercise": "breathing", "prescription": {"duration_s": 300}},
    ]
    assert put(therapist, patient, plan).status_code == 200
    plan[0]["enabled"] = False
    assert put(therapist, patient, plan).status_code == 200
    seen = patient.http.get("/api/programme").json()
    assert [i["exercise"] for i in seen["items"]] == ["breathing"]
    assert seen["prescribed"] is True
    items = therapist.http.get(f"/api/patients/{patient.user['id']}/programme").json()["items"]
    off = items[0]
    assert (off["exercise"], off["enabled"], off["note"]) == ("bridge", False, "Langzaam")
    assert (off["prescription"]["reps"], off["prescription"]["hold_s"]) == (7, 9)
    r = patient.http.post("/api/sessions", json={"exercise": "bridge"})
    assert r.status_code == 422  # not in the patient's programme while off
    plan[0]["enabled"] = True
    assert put(therapist, patient, plan).status_code == 200
    assert patient.new_session("bridge")["prescription"]["reps"] == 7


@pytest.mark.parametrize(
    ("prescription", "expected"),
    [
        ({"reps": 0}, [{"field": "reps", "code": "out_of_range", "min": 1, "max": 100}]),
        ({"sets": 2.5}, [{"field": "sets", "code": "not_whole"}]),
        ({"hold_s": None}, [{"field": "hold_s", "code": "not_a_number"}]),
        ({"side": "middle"}, [{"field": "side", "code": "not_a_choice"}]),
        (
            {"reps": 0, "rest_s": 1000},
            [
                {"field": "reps", "code": "out_of_range", "min": 1, "max": 100},
                {"field": "rest_s", "code": "out_of_range", "min": 0, "max": 900},
            ],
        ),
    ],
)
def test_a_bad_dose_names_each_field_and_rule(
    therapist: Client, patient: Client, prescription: dict[str, Any], expected: list[Any]
) -> None:
    before = therapist.http.get(f"/api/patients/{patient.user['id']}/programme").json()
    r = put(therapist, patient, [{"exercise": "clamshell", "prescription": prescription}])
    assert r.status_code == 422
    assert r.json()["fields"] == [{"exercise": "clamshell"} | e for e in expected]
    after = therapist.http.get(f"/api/patients/{patient.user['id']}/programme").json()
    assert after == before  # nothing saved


def test_a_long_note_and_a_repeated_exercise_are_refused(
    therapist: Client, patient: Client
) -> None:
    r = put(therapist, patient, [{"exercise": "bridge", "note": "x" * 501}])
    assert r.status_code == 422
    assert r.json()["fields"] == [
        {"exercise": "bridge", "field": "note", "code": "too_long", "max": 500}
    ]
    r = put(therapist, patient, [{"exercise": "bridge"}, {"exercise": "bridge"}])
    assert r.status_code == 422

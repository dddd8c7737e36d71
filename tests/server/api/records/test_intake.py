"""The intake over HTTP, on SQLite and PostgreSQL: the patient ticks, their therapist
reads it with the warning signs first; nobody else sees it."""

from __future__ import annotations

from server.api.state import app_state
from server.store.intake import APPOINTMENT_REASONS, COMPLAINTS, WARNING_SIGNS
from tests.server.clients import Client
from tests.server.databases import on_both_databases
from tests.server.live_server import RunningServer

pytestmark = on_both_databases


def test_the_patient_fills_in_the_intake_and_the_therapist_reads_it(
    patient: Client, therapist: Client
) -> None:
    empty = patient.http.get("/api/intake").json()
    assert empty["options"] == {
        "warning_signs": list(WARNING_SIGNS),
        "appointment_reasons": list(APPOINTMENT_REASONS),
        "complaints": list(COMPLAINTS),
    }
    body = {
        "complaints": [COMPLAINTS[4], COMPLAINTS[0]],
        "warning_signs": ["advice_3"],
        "appointment_reasons": ["advice_1"],
    }
    saved = patient.http.put("/api/intake", json=body)
    assert saved.status_code == 200, saved.text
    seen = therapist.http.get(f"/api/patients/{patient.user['id']}/intake").json()
    assert list(seen)[:2] == ["patient_id", "warning_signs"]  # warning signs lead
    assert (seen["warning_signs"], seen["appointment_reasons"]) == (["advice_3"], ["advice_1"])
    assert seen["complaints"] == [COMPLAINTS[0], COMPLAINTS[4]]
    assert seen["updated_ms"] is not None
    assert patient.http.get("/api/intake").json()["complaints"] == seen["complaints"]


def test_an_unknown_complaint_is_refused(patient: Client) -> None:
    r = patient.http.put("/api/intake", json={"complaints": ["headache"]})
    assert r.status_code == 422
    assert "headache" in r.json()["message"]


def test_only_the_patients_own_therapist_reads_it(
    server: RunningServer, patient: Client, therapist: Client
) -> None:
    users = app_state(server.app).users
    if users.by_username("intake_other") is None:
        users.create_user("intake_other", "pw-other-1", "therapist")
    with Client.login(server, "intake_other", "pw-other-1") as other:
        assert other.http.get(f"/api/patients/{patient.user['id']}/intake").status_code == 404
    assert patient.http.get(f"/api/patients/{patient.user['id']}/intake").status_code == 404
    assert therapist.http.get("/api/intake").status_code == 403
    assert therapist.http.put("/api/intake", json={}).status_code == 403
